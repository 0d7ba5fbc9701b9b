package dev.switchboard.hub.socketio;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/**
 * What a client showed when it connected to a namespace: the CONNECT packet's auth payload (empty
 * when it sent none) and the query, headers and address of the HTTP request that opened its
 * Engine.IO session.
 */
public record Handshake(JsonObject auth, MultiMap query, MultiMap headers, String remoteAddress) {
}
