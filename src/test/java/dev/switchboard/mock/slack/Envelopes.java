package dev.switchboard.mock.slack;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds one app's Socket Mode envelopes with the payload shapes of PLATFORMS.md §1.10–1.12, ids and timestamps
 * filled in. Building sends nothing: pass the result to {@link MockSlackApp#push} or {@link MockSlackApp#pushTo},
 * or use the app's {@code pushXxx} shortcuts, which build and push in one step. Thread-safe.
 */
public final class Envelopes {

    static final String VERIFICATION_TOKEN = "mock-verification-token";
    static final String TEAM_DOMAIN = "mock";

    private final String appId;
    private final String teamId;
    private final String botUserId;
    private final Ids ids;
    private final String responseUrlBase;
    private final AtomicLong responseSequence = new AtomicLong();

    Envelopes(String appId, String teamId, String botUserId, Ids ids, String responseUrlBase) {
        this.appId = appId;
        this.teamId = teamId;
        this.botUserId = botUserId;
        this.ids = ids;
        this.responseUrlBase = responseUrlBase;
    }

    /** A fresh message ts from the mock's clock (strictly increasing across the whole mock). */
    public String nextTs() {
        return ids.nextTs();
    }

    // ---------------------------------------------------------------- events_api

    /** A user's message; channel_type follows the id's prefix (D → im, G → group, else channel). */
    public JsonObject message(String channel, String user, String text) {
        return message(channel, channelType(channel), user, text, null);
    }

    /** A message; with a non-null {@code threadTs} it is a reply in that thread (threadTs = the parent's ts). */
    public JsonObject message(String channel, String channelType, String user, String text, String threadTs) {
        String ts = ids.nextTs();
        JsonObject event = new JsonObject()
                .put("type", "message")
                .put("channel", channel)
                .put("channel_type", channelType)
                .put("user", user)
                .put("text", text)
                .put("ts", ts)
                .put("event_ts", ts)
                .put("client_msg_id", Ids.uuid())
                .put("team", teamId);
        if (threadTs != null) {
            event.put("thread_ts", threadTs);
        }
        return event(event);
    }

    public JsonObject appMention(String channel, String user, String text, String threadTs) {
        String ts = ids.nextTs();
        JsonObject event = new JsonObject()
                .put("type", "app_mention")
                .put("user", user)
                .put("text", text)
                .put("ts", ts)
                .put("channel", channel)
                .put("event_ts", ts)
                .put("client_msg_id", Ids.uuid())
                .put("team", teamId);
        if (threadTs != null) {
            event.put("thread_ts", threadTs);
        }
        return event(event);
    }

    public JsonObject appHomeOpened(String user, String channel) {
        return event(new JsonObject()
                .put("type", "app_home_opened")
                .put("user", user)
                .put("channel", channel)
                .put("tab", "home")
                .put("event_ts", ids.nextTs()));
    }

    /** A reaction added to (or removed from) the message {@code itemTs} in {@code channel}, written by {@code itemUser}. */
    public JsonObject reaction(boolean added, String channel, String user, String reaction, String itemTs,
                               String itemUser) {
        return event(new JsonObject()
                .put("type", added ? "reaction_added" : "reaction_removed")
                .put("user", user)
                .put("reaction", reaction)
                .put("item", new JsonObject().put("type", "message").put("channel", channel).put("ts", itemTs))
                .put("item_user", itemUser)
                .put("event_ts", ids.nextTs()));
    }

    /**
     * Wraps any event body in an {@code event_callback} envelope with a fresh event_id; an event without
     * {@code event_ts} gets its {@code ts} or a fresh one.
     */
    public JsonObject event(JsonObject event) {
        JsonObject body = event.copy();
        if (body.getValue("event_ts") == null) {
            body.put("event_ts", body.getValue("ts") instanceof String ts ? ts : ids.nextTs());
        }
        String type = body.getString("type", "event");
        Object channel = body.getValue("channel");
        JsonObject payload = new JsonObject()
                .put("token", VERIFICATION_TOKEN)
                .put("team_id", teamId)
                .put("api_app_id", appId)
                .put("event", body)
                .put("type", "event_callback")
                .put("event_id", ids.nextEventId())
                .put("event_time", Ids.epochSeconds())
                .put("authorizations", new JsonArray().add(new JsonObject()
                        .putNull("enterprise_id")
                        .put("team_id", teamId)
                        .put("user_id", botUserId)
                        .put("is_bot", true)
                        .put("is_enterprise_install", false)))
                .put("is_ext_shared_channel", false)
                .put("event_context", "1-" + type + "-" + teamId + (channel instanceof String c ? "-" + c : ""));
        return new JsonObject()
                .put("envelope_id", Ids.uuid())
                .put("payload", payload)
                .put("type", "events_api")
                .put("accepts_response_payload", false)
                .put("retry_attempt", 0)
                .put("retry_reason", "");
    }

    // ---------------------------------------------------------------- slash_commands and interactive

    /** {@code /deploy prod} typed by {@code user} in {@code channel}; the ack may carry a response payload. */
    public JsonObject slashCommand(String channel, String user, String command, String text) {
        JsonObject payload = new JsonObject()
                .put("token", VERIFICATION_TOKEN)
                .put("team_id", teamId)
                .put("team_domain", TEAM_DOMAIN)
                .put("channel_id", channel)
                .put("channel_name", channelName(channel))
                .put("user_id", user)
                .put("user_name", userName(user))
                .put("command", command)
                .put("text", text)
                .put("api_app_id", appId)
                .put("is_enterprise_install", "false")
                .put("response_url", responseUrl())
                .put("trigger_id", ids.nextTriggerId());
        return new JsonObject()
                .put("envelope_id", Ids.uuid())
                .put("payload", payload)
                .put("type", "slash_commands")
                .put("accepts_response_payload", true);
    }

    /** A button click on a message; {@code message} is the clicked message (at least its {@code ts}). */
    public JsonObject blockAction(String channel, String user, String actionId, String value, JsonObject message) {
        String messageTs = message.getString("ts");
        String actionTs = ids.nextTs();
        JsonObject payload = new JsonObject()
                .put("type", "block_actions")
                .put("user", new JsonObject()
                        .put("id", user).put("username", userName(user)).put("name", userName(user))
                        .put("team_id", teamId))
                .put("api_app_id", appId)
                .put("token", VERIFICATION_TOKEN)
                .put("container", new JsonObject()
                        .put("type", "message").put("message_ts", messageTs).put("channel_id", channel)
                        .put("is_ephemeral", false))
                .put("trigger_id", ids.nextTriggerId())
                .put("team", new JsonObject().put("id", teamId).put("domain", TEAM_DOMAIN))
                .putNull("enterprise")
                .put("is_enterprise_install", false)
                .put("channel", new JsonObject().put("id", channel).put("name", channelName(channel)))
                .put("message", message.copy())
                .put("state", new JsonObject().put("values", new JsonObject()))
                .put("response_url", responseUrl())
                .put("actions", new JsonArray().add(new JsonObject()
                        .put("action_id", actionId)
                        .put("block_id", "block-" + actionId)
                        .put("text", new JsonObject().put("type", "plain_text").put("text", value).put("emoji", true))
                        .put("value", value)
                        .put("type", "button")
                        .put("action_ts", actionTs)));
        return new JsonObject()
                .put("envelope_id", Ids.uuid())
                .put("payload", payload)
                .put("type", "interactive")
                .put("accepts_response_payload", false);
    }

    /** As {@link #blockAction(String, String, String, String, JsonObject)} on a bare message with this ts. */
    public JsonObject blockAction(String channel, String user, String actionId, String value, String messageTs) {
        return blockAction(channel, user, actionId, value,
                new JsonObject().put("type", "message").put("ts", messageTs).put("text", ""));
    }

    // ---------------------------------------------------------------- helpers

    static String channelType(String channel) {
        if (channel.startsWith("D")) {
            return "im";
        }
        return channel.startsWith("G") ? "group" : "channel";
    }

    static String channelName(String channel) {
        return channel.startsWith("D") ? "directmessage" : "channel-" + channel.toLowerCase();
    }

    static String userName(String user) {
        return "user-" + user.toLowerCase();
    }

    private String responseUrl() {
        return responseUrlBase + "/" + responseSequence.incrementAndGet();
    }
}
