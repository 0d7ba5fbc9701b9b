package dev.switchboard.mock.discord;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Discord objects (users, members, messages, guilds, READY) shaped like the real ones, with the fields clients
 * commonly read and their usual defaults, so a client that parses strictly is tested against something close to
 * Discord.
 */
final class Entities {

    static final int MESSAGE_DEFAULT = 0;
    static final int MESSAGE_REPLY = 19;
    static final int MESSAGE_CHAT_INPUT_COMMAND = 20;
    static final int CHANNEL_GUILD_TEXT = 0;
    static final int CHANNEL_DM = 1;
    /** Discord's own format: microseconds and a numeric offset, e.g. 2024-05-01T12:00:00.123000+00:00. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private Entities() {
    }

    static String timestamp() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
    }

    static JsonArray trace() {
        return new JsonArray().add("[\"mock-discord-gateway\",{\"micros\":0}]");
    }

    static int channelType(String guildId) {
        return guildId == null ? CHANNEL_DM : CHANNEL_GUILD_TEXT;
    }

    static JsonObject botUser(String id, String username) {
        return new JsonObject()
                .put("id", id)
                .put("username", username)
                .put("global_name", null)
                .put("discriminator", "0")
                .put("avatar", null)
                .put("bot", true)
                .put("public_flags", 0);
    }

    /** A human user; the name comes from the id, so tests need only pass ids. */
    static JsonObject person(String id) {
        String tail = id.length() > 6 ? id.substring(id.length() - 6) : id;
        return new JsonObject()
                .put("id", id)
                .put("username", "user" + tail)
                .put("global_name", "User " + tail)
                .put("discriminator", "0")
                .put("avatar", null)
                .put("bot", false)
                .put("public_flags", 0);
    }

    /** A guild member without its user, as MESSAGE_CREATE carries it. */
    static JsonObject member(String joinedAt) {
        return new JsonObject()
                .put("roles", new JsonArray())
                .put("nick", null)
                .put("avatar", null)
                .put("premium_since", null)
                .put("joined_at", joinedAt)
                .put("deaf", false)
                .put("mute", false)
                .put("flags", 0)
                .put("pending", false);
    }

    static JsonObject memberWithUser(JsonObject user, String joinedAt) {
        return member(joinedAt).put("user", user);
    }

    /** The fields every message has; callers add guild_id, member, message_reference and the like. */
    static JsonObject message(String id, String channelId, JsonObject author, String content, int type) {
        return new JsonObject()
                .put("id", id)
                .put("channel_id", channelId)
                .put("author", author)
                .put("content", content)
                .put("timestamp", timestamp())
                .put("edited_timestamp", null)
                .put("tts", false)
                .put("mention_everyone", false)
                .put("mentions", new JsonArray())
                .put("mention_roles", new JsonArray())
                .put("attachments", new JsonArray())
                .put("embeds", new JsonArray())
                .put("pinned", false)
                .put("type", type)
                .put("flags", 0)
                .put("components", new JsonArray());
    }

    static JsonObject ready(JsonObject botUser, JsonArray guildIds, String sessionId, String resumeUrl, JsonArray shard,
                            String applicationId) {
        JsonArray guilds = new JsonArray();
        guildIds.forEach(id -> guilds.add(new JsonObject().put("id", id).put("unavailable", true)));
        return new JsonObject()
                .put("v", 10)
                .put("user", botUser.copy().put("verified", true).put("mfa_enabled", false).put("flags", 0))
                .put("user_settings", new JsonObject())
                .put("guilds", guilds)
                .put("session_id", sessionId)
                .put("session_type", "normal")
                .put("resume_gateway_url", resumeUrl)
                .put("shard", shard)
                .put("application", new JsonObject().put("id", applicationId).put("flags", 0))
                .put("private_channels", new JsonArray())
                .put("relationships", new JsonArray())
                .put("presences", new JsonArray())
                .put("geo_ordered_rtc_regions", new JsonArray())
                .put("_trace", trace());
    }

    /** A guild the bot is in, with one text channel of the same id as the guild (as Discord's #general once was). */
    static JsonObject guildCreate(String guildId, JsonObject botUser, String joinedAt) {
        return new JsonObject()
                .put("id", guildId)
                .put("name", "Mock Guild " + guildId)
                .put("icon", null)
                .put("owner_id", "1")
                .put("unavailable", false)
                .put("large", false)
                .put("member_count", 1)
                .put("joined_at", joinedAt)
                .put("preferred_locale", "en-US")
                .put("features", new JsonArray())
                .put("roles", new JsonArray().add(new JsonObject()
                        .put("id", guildId).put("name", "@everyone").put("permissions", "2248473465835073")
                        .put("position", 0).put("color", 0).put("hoist", false).put("managed", false)
                        .put("mentionable", false)))
                .put("channels", new JsonArray().add(new JsonObject()
                        .put("id", guildId).put("type", CHANNEL_GUILD_TEXT).put("name", "general")
                        .put("position", 0)))
                .put("threads", new JsonArray())
                .put("members", new JsonArray().add(memberWithUser(botUser, joinedAt)))
                .put("presences", new JsonArray())
                .put("voice_states", new JsonArray())
                .put("emojis", new JsonArray())
                .put("stickers", new JsonArray());
    }
}
