package dev.switchboard.hub.ws;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** The server's side of the Agent WebSocket protocol (SPEC §4.2): every message is {@code {type, content, timestamp}}. */
final class WsMessages {
    private WsMessages() {
    }

    static JsonObject of(String type, Object content, Instant at) {
        return new JsonObject().put("type", type).put("content", content).put("timestamp", at.toString());
    }

    static JsonObject welcome(String sessionId, Instant at) {
        return of("notification", "Connected to Agent WebSocket. Session ID: " + sessionId, at)
                .put("sessionId", sessionId);
    }
}
