package dev.switchboard.core;

import io.vertx.core.json.JsonObject;

/**
 * A message for a platform channel: an agent's answer to an event, or a late or proactive message.
 *
 * @param inReplyTo the type of the event answered, when there is one: some platforms answer some
 *                  events through a dedicated call (Telegram callback queries, Discord interactions)
 * @param eventId   the event answered, when there is one: some platforms take an answer while the
 *                  event is still open (a Slack acknowledgement with a response payload)
 */
public record Reply(String id, String integrationId, String respondTo, String replyToken, String text,
                    String inReplyTo, String eventId) {

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("integrationId", integrationId).put("respondTo", respondTo)
                .put("replyToken", replyToken).put("text", text).put("inReplyTo", inReplyTo).put("eventId", eventId);
    }

    public static Reply fromJson(JsonObject json) {
        return new Reply(json.getString("id"), json.getString("integrationId"), json.getString("respondTo"),
                json.getString("replyToken"), json.getString("text"), json.getString("inReplyTo"),
                json.getString("eventId"));
    }
}
