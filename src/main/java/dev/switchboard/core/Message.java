package dev.switchboard.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Set;

/**
 * A message in a conversation, in the AIWM chat shape clients already read: {@code _id,
 * conversationId, role, content, participantId, type, attachments, thinking, toolCalls,
 * toolResults, usage, latency, status, createdAt, updatedAt}. Kept as that JSON object, with its
 * time also as an {@link Instant} (the store orders and pages by it, and parsing the text is slow).
 */
public record Message(JsonObject json, Instant createdAt) {
    public static final Set<String> ROLES = Set.of("user", "assistant", "system", "tool");

    /** A new message from {@code participantId}; optional fields default the way AIWM clients expect. */
    public static Message create(String conversationId, String participantId, String role, String content,
                                 JsonObject extra, Instant now) {
        JsonObject json = new JsonObject()
                .put("_id", Ids.next("msg"))
                .put("conversationId", conversationId)
                .put("role", role)
                .put("content", content)
                .put("participantId", participantId)
                .put("type", extra.getValue("type") instanceof String t ? t : "text")
                .put("attachments", extra.getValue("attachments") instanceof JsonArray a ? a : new JsonArray())
                .put("thinking", extra.getValue("thinking"))
                .put("toolCalls", extra.getValue("toolCalls") instanceof JsonArray a ? a : new JsonArray())
                .put("toolResults", extra.getValue("toolResults") instanceof JsonArray a ? a : new JsonArray())
                .put("usage", extra.getValue("usage"))
                .put("latency", extra.getValue("latency"))
                .put("status", "sent")
                .put("createdAt", now.toString())
                .put("updatedAt", now.toString());
        return new Message(json, now);
    }

    public String id() {
        return json.getString("_id");
    }

    public String conversationId() {
        return json.getString("conversationId");
    }

    public String role() {
        return json.getString("role");
    }

    public String content() {
        return json.getString("content");
    }
}
