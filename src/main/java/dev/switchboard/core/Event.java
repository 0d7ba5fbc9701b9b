package dev.switchboard.core;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A platform event normalized to SPEC §3.1: what an agent receives. {@code payload} is the
 * platform's own JSON, untouched; the other fields are the same on every platform.
 *
 * @param dedupKey the platform's own id for this event (Telegram update_id, Slack event_id, ...):
 *                 a second event with the same key on the same connection is a redelivery
 */
public record Event(String id, String type, Platform platform, String integrationId, String agentId,
                    Instant timestamp, JsonObject payload, String respondTo, String replyToken,
                    String conversationId, String text, User user, String dedupKey) {

    public record User(String id, String name) {
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("id", id)
                .put("type", type)
                .put("platform", platform.wireName())
                .put("integrationId", integrationId)
                .put("agentId", agentId)
                .put("timestamp", timestamp.toString())
                .put("payload", payload)
                .put("respondTo", respondTo)
                .put("replyToken", replyToken)
                .put("conversationId", conversationId)
                .put("text", text);
        if (user != null) {
            json.put("user", new JsonObject().put("id", user.id()).put("name", user.name()));
        }
        return json;
    }

    public static Event fromJson(JsonObject json, String dedupKey) {
        JsonObject user = json.getJsonObject("user");
        return new Event(json.getString("id"), json.getString("type"),
                Platform.fromWire(json.getString("platform")).orElseThrow(), json.getString("integrationId"),
                json.getString("agentId"), Instant.parse(json.getString("timestamp")), json.getJsonObject("payload"),
                json.getString("respondTo"), json.getString("replyToken"), json.getString("conversationId"),
                json.getString("text"), user == null ? null : new User(user.getString("id"), user.getString("name")),
                dedupKey);
    }
}
