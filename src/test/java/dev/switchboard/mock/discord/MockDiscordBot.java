package dev.switchboard.mock.discord;

import dev.switchboard.mock.ServerLoop;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One bot of the mock, as tests see it: push dispatches to its gateway session, script faults, and read back what
 * the client did over the gateway and REST.
 *
 * <p>All state is owned by the server's event loop. The public methods may be called from any thread (typically
 * the JUnit thread): they run on that loop and wait for the result. Returned objects and lists are copies.
 *
 * <p>Dispatches go to the bot's current session, the one its latest successful identify started. While that
 * session's socket is away but the session is resumable they are buffered and replayed on resume; with no session
 * at all they are dropped.
 */
public final class MockDiscordBot {

    /** Pushed and posted messages remembered for replies (referenced_message) and reactions (message_author_id). */
    private static final int MAX_REMEMBERED_MESSAGES = 10_000;
    /** Discord de-duplicates enforced nonces "within a few minutes". */
    private static final long NONCE_TTL_MS = 5 * 60_000;
    private static final Pattern USER_MENTION = Pattern.compile("<@!?(\\d+)>");
    /** What the mock grants a bot in every guild: everything but administrator, as a decimal bit set. */
    private static final String APP_PERMISSIONS = "2248473465835073";

    private final String token;
    private final String userId;
    private final String applicationId;
    private final String username;
    /** Registration order, from 0: picks the bot's burst channel. */
    final int index;
    private final ServerLoop loop;
    private final Gateway gateway;
    private final Snowflakes ids;
    private final LatencyTracker latency;
    private final Interactions interactions;
    final SessionStartLimit sessionStart;
    final RestRateLimits rateLimits;
    final BotLog log = new BotLog();
    /** Open sockets attributed to this bot (an identify or resume named its token). */
    final Set<GatewaySocket> sockets = new LinkedHashSet<>();
    /** Where dispatches go: the session of the latest successful identify or resume, until it is invalidated. */
    GatewaySession currentSession;
    boolean stopAcking;
    /** Set when the identify budget ran out: Discord then resets the token, so the old one is refused everywhere. */
    boolean tokenInvalid;
    private final List<String> guilds = new ArrayList<>();
    /** Guild of each guild channel seen, so the bot's own messages come back with guild_id and member. */
    private final Map<String, String> channelGuilds = new HashMap<>();
    private final Set<String> deniedChannels = new HashSet<>();
    private final Map<String, String> commandIds = new HashMap<>();
    private final Map<String, JsonObject> messages = bounded(MAX_REMEMBERED_MESSAGES);
    private final Map<String, PostedNonce> nonces = bounded(MAX_REMEMBERED_MESSAGES);

    MockDiscordBot(String token, String userId, String applicationId, int index, ServerLoop loop, Gateway gateway,
                   Snowflakes ids, LatencyTracker latency, Interactions interactions, MockDiscordSettings settings) {
        this.token = token;
        this.userId = userId;
        this.applicationId = applicationId;
        this.username = "mockbot" + (index + 1);
        this.index = index;
        this.loop = loop;
        this.gateway = gateway;
        this.ids = ids;
        this.latency = latency;
        this.interactions = interactions;
        this.sessionStart = new SessionStartLimit(settings);
        this.rateLimits = new RestRateLimits(settings);
    }

    // ---------------------------------------------------------------- identity and setup

    public String token() {
        return token;
    }

    /** The bot user's id: READY's user.id, and the author of the bot's own messages. */
    public String userId() {
        return userId;
    }

    public String applicationId() {
        return applicationId;
    }

    public String username() {
        return username;
    }

    /** A guild the bot is in: listed (unavailable) in READY and followed by its GUILD_CREATE on each identify. */
    public void addGuild(String guildId) {
        Objects.requireNonNull(guildId, "guildId");
        loop.run(() -> {
            if (!guilds.contains(guildId)) {
                guilds.add(guildId);
                channelGuilds.put(guildId, guildId);
            }
        });
    }

    public List<String> guilds() {
        return loop.call(() -> List.copyOf(guilds));
    }

    // ---------------------------------------------------------------- pushing dispatches

    /**
     * MESSAGE_CREATE from a user (the bot itself when {@code authorId} is its user id); a null guild makes it a DM.
     * Mentions ({@code <@id>}) in the content are filled in.
     */
    public JsonObject pushMessage(String channelId, String guildIdOrNull, String authorId, String content) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(authorId, "authorId");
        Objects.requireNonNull(content, "content");
        return loop.call(() -> pushMessageOnLoop(channelId, guildIdOrNull, authorId, content).copy());
    }

    /**
     * INTERACTION_CREATE for a slash command (type 2) with a fresh token; the callback deadline counts from now. The
     * interaction is registered even when there is no session to carry it, so callbacks can be tested over REST alone.
     */
    public JsonObject pushInteraction(String channelId, String guildIdOrNull, String userId, String commandName,
                                      JsonArray optionsOrNull) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(commandName, "commandName");
        JsonArray options = optionsOrNull == null ? null : optionsOrNull.copy();
        return loop.call(() -> pushInteractionOnLoop(channelId, guildIdOrNull, userId, commandName, options).copy());
    }

    /** GUILD_MEMBER_ADD: the member with its user, plus guild_id. */
    public JsonObject pushMemberAdd(String guildId, String userId) {
        Objects.requireNonNull(guildId, "guildId");
        Objects.requireNonNull(userId, "userId");
        return loop.call(() -> dispatchOnLoop("GUILD_MEMBER_ADD",
                Entities.memberWithUser(Entities.person(userId), Entities.timestamp()).put("guild_id", guildId)).copy());
    }

    /** GUILD_MEMBER_REMOVE: {@code {guild_id, user}}. */
    public JsonObject pushMemberRemove(String guildId, String userId) {
        Objects.requireNonNull(guildId, "guildId");
        Objects.requireNonNull(userId, "userId");
        return loop.call(() -> dispatchOnLoop("GUILD_MEMBER_REMOVE",
                new JsonObject().put("guild_id", guildId).put("user", Entities.person(userId))).copy());
    }

    /** MESSAGE_REACTION_ADD of a unicode emoji; message_author_id is filled in when the mock knows the message. */
    public JsonObject pushReaction(String channelId, String guildIdOrNull, String messageId, String userId,
                                   String emojiName) {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(emojiName, "emojiName");
        return loop.call(() -> {
            JsonObject d = new JsonObject()
                    .put("user_id", userId)
                    .put("type", 0)
                    .put("message_id", messageId)
                    .put("channel_id", channelId)
                    .put("emoji", new JsonObject().put("id", null).put("name", emojiName))
                    .put("burst", false)
                    .put("burst_colors", new JsonArray());
            JsonObject message = messages.get(messageId);
            if (message != null) {
                d.put("message_author_id", message.getJsonObject("author").getString("id"));
            }
            if (guildIdOrNull != null) {
                d.put("guild_id", guildIdOrNull)
                        .put("member", Entities.memberWithUser(Entities.person(userId), Entities.timestamp()));
            }
            return dispatchOnLoop("MESSAGE_REACTION_ADD", d).copy();
        });
    }

    /** Any dispatch, e.g. GUILD_CREATE or a name the client should ignore. */
    public JsonObject dispatch(String type, JsonObject d) {
        Objects.requireNonNull(type, "type");
        JsonObject copy = d == null ? new JsonObject() : d.copy();
        return loop.call(() -> dispatchOnLoop(type, copy).copy());
    }

    // ---------------------------------------------------------------- gateway faults

    /** Op 7 on the live socket; the server closes it with 4000 reconnectCloseDelayMs later unless the client does first. */
    public void sendReconnect() {
        loop.run(() -> gateway.reconnect(liveSocket()));
    }

    /** Op 9 on the live socket; {@code false} also ends the session, so only a new identify works. */
    public void sendInvalidSession(boolean resumable) {
        loop.run(() -> gateway.invalidSession(liveSocket(), resumable));
    }

    /**
     * The server closes the live socket with this code. Codes whose remedy is a new session (4003-4005, 4007-4014)
     * end the session too; others (4000-4002, 1000, ...) leave it resumable.
     */
    public void closeWith(int code) {
        MockDiscordSettings.closeCode(code);
        loop.run(() -> gateway.close(liveSocket(), code));
    }

    /** Ends the live socket's TCP connection without a close frame; the session stays resumable. */
    public void dropTcp() {
        loop.run(() -> liveSocket().dropTcp());
    }

    /** Stops (or resumes) answering this bot's heartbeats with op 11, to trigger the client's zombie detection. */
    public void stopAcking(boolean stop) {
        loop.run(() -> stopAcking = stop);
    }

    /** Op 1 on the live socket: the client must heartbeat at once. */
    public void requestHeartbeat() {
        loop.run(() -> liveSocket().send(Frames.HEARTBEAT_REQUEST_FRAME));
    }

    /** Forgets every session of this bot; a live socket stays open but unauthenticated. Resumes are then refused. */
    public void expireSession() {
        loop.run(() -> gateway.invalidateAll(this));
    }

    // ---------------------------------------------------------------- REST faults

    /** A channel's own bucket on POST /channels/{id}/messages instead of restChannelLimit per restChannelWindowMs. */
    public void rateLimitChannel(String channelId, int limit, long windowMs) {
        Objects.requireNonNull(channelId, "channelId");
        if (limit < 0 || windowMs <= 0) {
            throw new IllegalArgumentException("need limit >= 0 and windowMs > 0");
        }
        loop.run(() -> rateLimits.overrideChannel(channelId, limit, windowMs));
    }

    /** The next {@code requests} bot-authenticated REST calls get a global 429 with this retry_after. */
    public void globalRateLimit(int requests, double retryAfterSeconds) {
        loop.run(() -> rateLimits.forceGlobal(requests, retryAfterSeconds));
    }

    /** POST /channels/{id}/messages to this channel gets 403 50013 Missing Permissions. */
    public void denyChannel(String channelId) {
        Objects.requireNonNull(channelId, "channelId");
        loop.run(() -> deniedChannels.add(channelId));
    }

    // ---------------------------------------------------------------- observations

    /** The d of every op 2 that named this bot's token, refused ones included. */
    public List<JsonObject> identifies() {
        return loop.call(log::identifies);
    }

    /** The d of every op 6 that named this bot's token, refused ones included. */
    public List<JsonObject> resumes() {
        return loop.call(log::resumes);
    }

    /** The d of every op 1 on this bot's sockets: Long, or null. */
    public List<Object> heartbeats() {
        return loop.call(log::heartbeats);
    }

    /** Close codes the client sent on this bot's sockets; null for a connection it dropped without a close frame. */
    public List<Integer> clientCloseCodes() {
        return loop.call(log::clientCloseCodes);
    }

    /** Path and query of each socket that identified or resumed as this bot, in order. */
    public List<String> connectPaths() {
        return loop.call(log::connectPaths);
    }

    public int openSockets() {
        return loop.call(sockets::size);
    }

    public int gatewayBotCalls() {
        return loop.call(() -> log.gatewayBotCalls);
    }

    /** {@code {"channelId","messageId","body"}} per accepted POST /channels/{id}/messages (nonce repeats excluded). */
    public List<JsonObject> postedMessages() {
        return loop.call(log::posted);
    }

    /** {@code {"interactionId","body","status"}} per callback call on this bot's interactions, refused ones included. */
    public List<JsonObject> interactionCallbacks() {
        return loop.call(log::interactionCallbacks);
    }

    /** {@code {"interactionId","body"}} per accepted PATCH of an @original response. */
    public List<JsonObject> originalEdits() {
        return loop.call(log::originalEdits);
    }

    /** {@code {"interactionId","body"}} per accepted follow-up. */
    public List<JsonObject> followUps() {
        return loop.call(log::followUps);
    }

    /** {@code {"route","global","retryAfter"}} per 429 this bot got. */
    public List<JsonObject> rateLimited() {
        return loop.call(log::rateLimited);
    }

    /** The current session's id, or null. */
    public String sessionId() {
        return loop.call(() -> currentSession == null ? null : currentSession.id);
    }

    /** The last sequence number the current session handed out, or 0 without one. */
    public long lastSeq() {
        return loop.call(() -> currentSession == null ? 0 : currentSession.seq());
    }

    /** Whether the current session's socket is connected. */
    public boolean connected() {
        return loop.call(this::hasLiveSession);
    }

    public int sessionStartRemaining() {
        return loop.call(() -> sessionStart.remaining(System.currentTimeMillis()));
    }

    /** Whether an identify ever found the session start budget used up (the token was reset then). */
    public boolean sessionStartExhausted() {
        return loop.call(sessionStart::exhausted);
    }

    public boolean tokenInvalidated() {
        return loop.call(() -> tokenInvalid);
    }

    // ---------------------------------------------------------------- event loop only

    JsonObject botUser() {
        return Entities.botUser(userId, username);
    }

    JsonArray guildIds() {
        return new JsonArray(new ArrayList<>(guilds));
    }

    boolean hasLiveSession() {
        return currentSession != null && currentSession.socket != null && currentSession.socket.open();
    }

    /** Assigns the next seq of the current session (buffered while its socket is away); dropped without a session. */
    JsonObject dispatchOnLoop(String type, JsonObject d) {
        if (currentSession != null) {
            currentSession.dispatch(type, d);
        }
        return d;
    }

    JsonObject pushMessageOnLoop(String channelId, String guildId, String authorId, String content) {
        JsonObject author = authorId.equals(userId) ? botUser() : Entities.person(authorId);
        JsonObject message = Entities.message(ids.next(), channelId, author, content, Entities.MESSAGE_DEFAULT)
                .put("mentions", mentions(content));
        remember(message);
        if (guildId != null) {
            channelGuilds.put(channelId, guildId);
        }
        latency.pushed(message.getString("id"), System.nanoTime());
        return dispatchOnLoop("MESSAGE_CREATE", withGuild(message.copy(), channelId));
    }

    private JsonObject pushInteractionOnLoop(String channelId, String guildId, String userId, String commandName,
                                             JsonArray options) {
        String id = ids.next();
        String interactionToken = Snowflakes.interactionToken();
        JsonObject data = new JsonObject()
                .put("id", commandIds.computeIfAbsent(commandName, name -> ids.next()))
                .put("name", commandName)
                .put("type", 1);
        if (options != null) {
            data.put("options", options);
        }
        JsonObject channel = new JsonObject().put("id", channelId).put("type", Entities.channelType(guildId));
        JsonObject user = Entities.person(userId);
        JsonObject d = new JsonObject()
                .put("id", id)
                .put("application_id", applicationId)
                .put("type", 2)
                .put("data", data)
                .put("token", interactionToken)
                .put("version", 1)
                .put("channel_id", channelId)
                .put("channel", channel)
                .put("locale", "en-US")
                .put("app_permissions", APP_PERMISSIONS)
                .put("entitlements", new JsonArray());
        if (guildId != null) {
            channelGuilds.put(channelId, guildId);
            data.put("guild_id", guildId);
            channel.put("guild_id", guildId);
            d.put("guild_id", guildId)
                    .put("guild", new JsonObject().put("id", guildId).put("locale", "en-US").put("features", new JsonArray()))
                    .put("guild_locale", "en-US")
                    .put("member", Entities.memberWithUser(user, Entities.timestamp()).put("permissions", APP_PERMISSIONS))
                    .put("context", 0)
                    .put("authorizing_integration_owners", new JsonObject().put("0", guildId));
        } else {
            d.put("user", user)
                    .put("context", 1)
                    .put("authorizing_integration_owners", new JsonObject().put("1", userId));
        }
        interactions.register(this, id, interactionToken, channelId, userId);
        return dispatchOnLoop("INTERACTION_CREATE", d);
    }

    boolean channelDenied(String channelId) {
        return deniedChannels.contains(channelId);
    }

    /** The message an enforced nonce already created within the last few minutes, or null. */
    JsonObject messageForNonce(String nonce, long nowMs) {
        PostedNonce posted = nonces.get(nonce);
        return posted != null && nowMs - posted.atMs <= NONCE_TTL_MS ? posted.message : null;
    }

    /**
     * Creates the message a validated POST /channels/{id}/messages asked for: records it, feeds the latency
     * tracker, and sends the MESSAGE_CREATE Discord sends the bot for its own messages.
     */
    JsonObject postMessage(String channelId, JsonObject body, long nowMs) {
        String content = body.getValue("content") instanceof String s ? s : "";
        JsonObject reference = body.getValue("message_reference") instanceof JsonObject r ? r : null;
        JsonObject message = Entities.message(ids.next(), channelId, botUser(), content,
                reference == null ? Entities.MESSAGE_DEFAULT : Entities.MESSAGE_REPLY).put("mentions", mentions(content));
        for (String field : new String[] {"embeds", "components"}) {
            if (body.getValue(field) instanceof JsonArray array) {
                message.put(field, array.copy());
            }
        }
        Object nonce = body.getValue("nonce");
        if (nonce != null) {
            message.put("nonce", nonce);
        }
        String referencedId = null;
        if (reference != null) {
            referencedId = reference.getValue("message_id") instanceof String id ? id : null;
            JsonObject echoed = reference.copy();
            echoed.remove("fail_if_not_exists");
            if (echoed.getValue("channel_id") == null) {
                echoed.put("channel_id", channelId);
            }
            String guildId = channelGuilds.get(channelId);
            if (guildId != null && echoed.getValue("guild_id") == null) {
                echoed.put("guild_id", guildId);
            }
            JsonObject referenced = referencedId == null ? null : messages.get(referencedId);
            message.put("message_reference", echoed)
                    .put("referenced_message", referenced == null ? null : referenced.copy());
        }
        remember(message);
        if (nonce != null && Boolean.TRUE.equals(body.getValue("enforce_nonce"))) {
            nonces.put(String.valueOf(nonce), new PostedNonce(message, nowMs));
        }
        log.posted(channelId, message.getString("id"), body.copy());
        if (referencedId != null) {
            latency.replied(referencedId, System.nanoTime());
        }
        dispatchOnLoop("MESSAGE_CREATE", withGuild(message.copy(), channelId));
        return message;
    }

    /** Adds guild_id and a member, as gateway messages in guild channels carry them (REST responses don't). */
    private JsonObject withGuild(JsonObject message, String channelId) {
        String guildId = channelGuilds.get(channelId);
        if (guildId != null) {
            message.put("guild_id", guildId).put("member", Entities.member(Entities.timestamp()));
        }
        return message;
    }

    private JsonArray mentions(String content) {
        JsonArray mentions = new JsonArray();
        Set<String> seen = new HashSet<>();
        Matcher m = USER_MENTION.matcher(content);
        while (m.find()) {
            String id = m.group(1);
            if (seen.add(id)) {
                mentions.add(id.equals(userId) ? botUser() : Entities.person(id));
            }
        }
        return mentions;
    }

    private void remember(JsonObject message) {
        messages.put(message.getString("id"), message);
    }

    /** The socket faults act on: the current session's, else the newest open one attributed to this bot. */
    private GatewaySocket liveSocket() {
        if (hasLiveSession()) {
            return currentSession.socket;
        }
        GatewaySocket newest = null;
        for (GatewaySocket socket : sockets) {
            if (socket.open()) {
                newest = socket;
            }
        }
        if (newest == null) {
            throw new IllegalStateException(this + " has no open gateway socket");
        }
        return newest;
    }

    private static <V> Map<String, V> bounded(int max) {
        return new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    @Override
    public String toString() {
        return "MockDiscordBot[" + userId + "]";
    }

    private record PostedNonce(JsonObject message, long atMs) {
    }
}
