package dev.switchboard.platform.discord;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Event;
import dev.switchboard.core.Ids;
import dev.switchboard.core.Platform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Optional;

/**
 * Turns gateway dispatches into SPEC §3.1 events: the only place that knows Discord's dispatch
 * JSON. The payload is the dispatch's {@code d}, untouched.
 */
final class DiscordEvents {
    static final String INTERACTION = "interactionCreate";
    /** Autocomplete wants choices within 3 s, not a message: agents do not answer it. */
    private static final int AUTOCOMPLETE = 4;

    private DiscordEvents() {
    }

    /** Where a dispatch came from: which session and sequence number, and who the bot is. */
    record Origin(String sessionId, long seq, String botUserId, Instant receivedAt) {
    }

    /**
     * The event for one dispatch, or empty when it is not one agents get: another type, the bot's
     * own doing, another bot's or a webhook's message (so two bots cannot talk each other into a
     * loop), or outside the connection's {@code discordGuildId}.
     */
    static Optional<Event> normalize(String type, JsonObject d, Connection connection, Origin origin) {
        if (d == null || !inGuild(d, connection)) {
            return Optional.empty();
        }
        return switch (type) {
            case "MESSAGE_CREATE" -> message(d, connection, origin);
            case "INTERACTION_CREATE" -> interaction(d, connection, origin);
            case "GUILD_MEMBER_ADD" -> member("guildMemberAdd", d, connection, origin);
            case "GUILD_MEMBER_REMOVE" -> member("guildMemberRemove", d, connection, origin);
            case "MESSAGE_REACTION_ADD" -> reaction(d, connection, origin);
            default -> Optional.empty();
        };
    }

    /** With {@code discordGuildId} set, only that guild's events pass; direct messages belong to no guild. */
    private static boolean inGuild(JsonObject d, Connection connection) {
        return connection.setting("discordGuildId").map(guild -> guild.equals(d.getString("guild_id"))).orElse(true);
    }

    private static Optional<Event> message(JsonObject d, Connection connection, Origin origin) {
        JsonObject author = d.getJsonObject("author", new JsonObject());
        if (author.getString("id", "").equals(origin.botUserId()) || author.getBoolean("bot", false)
                || d.getString("webhook_id") != null) {
            return Optional.empty();
        }
        return Optional.of(event("messageCreate", d, connection, origin, d.getString("channel_id"), d.getString("id"),
                d.getString("content"), user(author), "m:" + d.getString("id")));
    }

    private static Optional<Event> interaction(JsonObject d, Connection connection, Origin origin) {
        if (d.getInteger("type", 0) == AUTOCOMPLETE) {
            return Optional.empty();
        }
        JsonObject member = d.getJsonObject("member");
        JsonObject author = member != null ? member.getJsonObject("user", new JsonObject())
                : d.getJsonObject("user", new JsonObject());
        String channel = d.getString("channel_id", d.getJsonObject("channel", new JsonObject()).getString("id"));
        return Optional.of(event(INTERACTION, d, connection, origin, channel, d.getString("id"),
                interactionText(d.getJsonObject("data", new JsonObject())), user(author), "i:" + d.getString("id")));
    }

    /** What the user did, as text: {@code /ask question:hello}, or a component's custom id and values. */
    static String interactionText(JsonObject data) {
        if (data.getString("name") != null) {
            StringBuilder text = new StringBuilder("/").append(data.getString("name"));
            appendOptions(text, data.getJsonArray("options"));
            return text.toString();
        }
        String custom = data.getString("custom_id", "");
        JsonArray values = data.getJsonArray("values");
        return values == null || values.isEmpty() ? custom : custom + " " + String.join(",",
                values.stream().map(String::valueOf).toList());
    }

    private static void appendOptions(StringBuilder text, JsonArray options) {
        if (options == null) {
            return;
        }
        for (Object o : options) {
            if (o instanceof JsonObject option) {
                if (option.containsKey("value")) {
                    text.append(' ').append(option.getString("name")).append(':').append(option.getValue("value"));
                } else {
                    // a subcommand or group: its name, then its own options
                    text.append(' ').append(option.getString("name"));
                    appendOptions(text, option.getJsonArray("options"));
                }
            }
        }
    }

    private static Optional<Event> member(String type, JsonObject d, Connection connection, Origin origin) {
        JsonObject user = d.getJsonObject("user", new JsonObject());
        if (user.getString("id", "").equals(origin.botUserId())) {
            return Optional.empty();
        }
        return Optional.of(event(type, d, connection, origin, null, null, null, user(user), sequenceKey(origin)));
    }

    private static Optional<Event> reaction(JsonObject d, Connection connection, Origin origin) {
        JsonObject member = d.getJsonObject("member", new JsonObject());
        JsonObject memberUser = member.getJsonObject("user", new JsonObject());
        if (d.getString("user_id", "").equals(origin.botUserId()) || memberUser.getBoolean("bot", false)) {
            return Optional.empty();
        }
        JsonObject emoji = d.getJsonObject("emoji", new JsonObject());
        return Optional.of(event("messageReactionAdd", d, connection, origin, d.getString("channel_id"),
                d.getString("message_id"), emoji.getString("name"), new Event.User(d.getString("user_id"), displayName(memberUser)),
                sequenceKey(origin)));
    }

    /** Dispatches without an id of their own are told apart by session and sequence, which a replay keeps. */
    private static String sequenceKey(Origin origin) {
        return "s:" + origin.sessionId() + ":" + origin.seq();
    }

    private static Event.User user(JsonObject user) {
        return new Event.User(user.getString("id"), displayName(user));
    }

    /** Discord sends {@code global_name: null} for users who never set one. */
    private static String displayName(JsonObject user) {
        String global = user.getString("global_name");
        return global != null ? global : user.getString("username");
    }

    private static Event event(String type, JsonObject d, Connection connection, Origin origin, String channel,
                               String replyToken, String text, Event.User user, String dedupKey) {
        String conversation = channel == null ? null : "discord:" + connection.id() + ":" + channel;
        return new Event(Ids.next("evt"), type, Platform.DISCORD, connection.id(), connection.agentId(),
                origin.receivedAt(), d, channel, replyToken, conversation, text, user, dedupKey);
    }
}
