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
 * <p>
 * Once stored or sent a message is not changed, so its JSON text is written once and kept: the
 * store and every transport take the same text.
 */
public final class Message {
    public static final Set<String> ROLES = Set.of("user", "assistant", "system", "tool");

    private final JsonObject json;
    private final Instant createdAt;
    /** Set on first use; a race only writes the same immutable text twice. */
    private String encoded;

    public Message(JsonObject json, Instant createdAt) {
        this.json = json;
        this.createdAt = createdAt;
    }

    /** A stored message, whose text is at hand already. */
    public static Message stored(String encoded, Instant createdAt) {
        Message message = new Message(new JsonObject(encoded), createdAt);
        message.encoded = encoded;
        return message;
    }

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

    public JsonObject json() {
        return json;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The JSON text, written on first use; change {@link #json()} only before that. */
    public String encoded() {
        String text = encoded;
        if (text == null) {
            text = json.encode();
            encoded = text;
        }
        return text;
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
