package dev.switchboard.mock.slack;

import dev.switchboard.mock.ServerLoop;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One Slack app of the mock, as tests see it: push envelopes to its sockets, read back what the client did, and
 * flip fault switches. Holds the app's state (sockets and delivery, known channels, call log, faults, rate limits).
 *
 * <p>All state is owned by the server's event loop. The public methods may be called from any thread (typically
 * the JUnit thread): they run on that loop and wait for the result. Returned objects and lists are copies.
 *
 * <p>Socket indices count every socket the app ever opened, in order, starting at 0 (one refused for being over
 * the cap included).
 */
public final class MockSlackApp {

    /** How many message timestamps are remembered for reactions and button clicks to refer to. */
    private static final int MAX_REMEMBERED_MESSAGES = 100_000;

    private final String appToken;
    private final String botToken;
    private final String appId;
    private final String teamId;
    private final String botUserId;
    private final String botId;
    private final ServerLoop loop;
    private final LatencyTracker latency;
    private final Envelopes envelopes;
    private final Faults faults = new Faults();
    private final ChannelRateLimiter postLimiter = new ChannelRateLimiter();
    private final CallLog log = new CallLog();
    private final SocketMode sockets;
    private final WebApi api;
    private final Set<String> channels = new HashSet<>();
    /** ts → message (pushed or posted), so reactions and clicks can name a message's author and text. */
    private final Map<String, JsonObject> messages = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonObject> eldest) {
            return size() > MAX_REMEMBERED_MESSAGES;
        }
    };
    private final ArrayDeque<JsonObject> responseUrlPosts = new ArrayDeque<>();
    private boolean echoPosts;

    MockSlackApp(String appToken, String botToken, String appId, String teamId, String botUserId, String botId,
                 ServerLoop loop, Vertx vertx, Ids ids, LatencyTracker latency, Tickets tickets, String responseUrlBase) {
        this.appToken = appToken;
        this.botToken = botToken;
        this.appId = appId;
        this.teamId = teamId;
        this.botUserId = botUserId;
        this.botId = botId;
        this.loop = loop;
        this.latency = latency;
        this.envelopes = new Envelopes(appId, teamId, botUserId, ids, responseUrlBase + "/" + appId);
        this.sockets = new SocketMode(appId, vertx, faults, latency);
        this.api = new WebApi(this, faults, postLimiter, tickets);
    }

    // ---------------------------------------------------------------- identity

    public String appToken() {
        return appToken;
    }

    public String botToken() {
        return botToken;
    }

    public String appId() {
        return appId;
    }

    public String teamId() {
        return teamId;
    }

    /** The bot's user id (auth.test user_id), e.g. U_BOT. */
    public String botUserId() {
        return botUserId;
    }

    /** The bot id (auth.test bot_id) that the app's own messages carry, e.g. B_BOT. */
    public String botId() {
        return botId;
    }

    /** Builds envelopes without sending them, e.g. for {@link #pushTo(int, JsonObject)}. */
    public Envelopes envelopes() {
        return envelopes;
    }

    // ---------------------------------------------------------------- pushing

    /** A user's message in a channel (channel_type from the id: D → im, G → group, else channel). */
    public JsonObject pushMessage(String channel, String user, String text) {
        return pushBuilt(envelopes.message(channel, user, text));
    }

    public JsonObject pushMessage(String channel, String channelType, String user, String text) {
        return pushBuilt(envelopes.message(channel, channelType, user, text, null));
    }

    /** A reply in the thread whose parent message has ts {@code parentTs}. */
    public JsonObject pushThreadReply(String channel, String user, String text, String parentTs) {
        return pushBuilt(envelopes.message(channel, Envelopes.channelType(channel), user, text, parentTs));
    }

    /** An app_mention (the text should contain {@code <@botUserId>}, but nothing checks). */
    public JsonObject pushAppMention(String channel, String user, String text) {
        return pushBuilt(envelopes.appMention(channel, user, text, null));
    }

    public JsonObject pushAppMention(String channel, String user, String text, String threadTs) {
        return pushBuilt(envelopes.appMention(channel, user, text, threadTs));
    }

    public JsonObject pushAppHomeOpened(String user, String channel) {
        return pushBuilt(envelopes.appHomeOpened(user, channel));
    }

    /** Any event body (e.g. {@code {"type":"app_home_opened",...}}) wrapped in an event_callback; event_id assigned. */
    public JsonObject pushEvent(JsonObject event) {
        return pushBuilt(envelopes.event(event));
    }

    /**
     * A reaction on the message {@code itemTs}; item_user is that message's author when the mock has seen it
     * (pushed or posted), else the bot.
     */
    public JsonObject pushReaction(boolean added, String channel, String user, String reaction, String itemTs) {
        return loop.call(() -> {
            JsonObject item = messages.get(itemTs);
            String itemUser = item != null && item.getString("user") != null ? item.getString("user") : botUserId;
            return pushOnLoop(envelopes.reaction(added, channel, user, reaction, itemTs, itemUser), null, true).copy();
        });
    }

    public JsonObject pushSlashCommand(String channel, String user, String command, String text) {
        return pushBuilt(envelopes.slashCommand(channel, user, command, text));
    }

    /** A click on a button ({@code actionId}, {@code value}) of the message {@code messageTs}, as the mock knows it. */
    public JsonObject pushBlockAction(String channel, String user, String actionId, String value, String messageTs) {
        return loop.call(() -> {
            JsonObject known = messages.get(messageTs);
            JsonObject message = known != null ? known.copy()
                    : new JsonObject().put("type", "message").put("ts", messageTs).put("text", "")
                            .put("user", botUserId).put("bot_id", botId);
            return pushOnLoop(envelopes.blockAction(channel, user, actionId, value, message), null, true).copy();
        });
    }

    /**
     * Sends any envelope to one of the app's sockets (round-robin, or random), or queues it until a socket says
     * hello. A missing envelope_id is assigned. Channels it mentions become known.
     *
     * @return the envelope as sent
     */
    public JsonObject push(JsonObject envelope) {
        return pushBuilt(envelope.copy());
    }

    /** Sends an envelope on one socket (index in order of opening), which must still be connected. */
    public JsonObject pushTo(int socketIndex, JsonObject envelope) {
        JsonObject copy = envelope.copy();
        return loop.call(() -> pushOnLoop(copy, sockets.open(socketIndex), true).copy());
    }

    /**
     * Slack's retry of an envelope: the same envelope (same envelope_id and event_id) again with
     * {@code retry_attempt + 1} and the retry reason, to any socket. It is outstanding again until acked.
     */
    public JsonObject redeliver(JsonObject envelope) {
        JsonObject copy = envelope.copy();
        return loop.call(() -> {
            sockets.delivery.redeliver(copy);
            return copy.copy();
        });
    }

    // ---------------------------------------------------------------- inspecting

    /** Sockets that said hello and are not closed yet (ones told to disconnect but still open included). */
    public int openSockets() {
        return loop.call(sockets::openSockets);
    }

    public int helloCount() {
        return loop.call(sockets::helloCount);
    }

    /** Every apps.connections.open call made with one of this app's tokens, failed ones included. */
    public int connectionsOpenCalls() {
        return callCount(WebApi.CONNECTIONS_OPEN);
    }

    /** Sockets ever upgraded for this app (those refused over the cap included). */
    public int totalSocketsEver() {
        return loop.call(sockets::totalSocketsEver);
    }

    /** Every ack frame received: {@code {envelope_id, payload?, _latencyMicros, _at, _socket}}; {@code _unmatched} for acks of nothing outstanding. */
    public List<JsonObject> acks() {
        return loop.call(sockets.delivery::acks);
    }

    /** Successful chat.postMessage calls: their params plus {@code _status}, {@code _at} and {@code _ts}. */
    public List<JsonObject> postedMessages() {
        return loop.call(log::posted);
    }

    /** Every Web API call of that method made with this app's tokens, failed ones included: params + _status + _at (+ _error). */
    public List<JsonObject> calls(String method) {
        return loop.call(() -> log.calls(method));
    }

    public int callCount(String method) {
        return loop.call(() -> log.count(method));
    }

    /** Close codes from sockets the client closed, in order (1006 when it dropped TCP without a close frame). */
    public List<Integer> clientCloseCodes() {
        return loop.call(sockets::clientCloseCodes);
    }

    /** Send-to-ack latency of every matched ack, in order. */
    public List<Long> ackLatenciesMicros() {
        return loop.call(sockets.delivery::ackLatenciesMicros);
    }

    /** Envelopes pushed and not yet acked (nor expired), including any queued for lack of a socket. */
    public int outstanding() {
        return loop.call(sockets.delivery::outstanding);
    }

    /** The outstanding envelopes as last sent. */
    public List<JsonObject> outstandingEnvelopes() {
        return loop.call(sockets.delivery::outstandingEnvelopes);
    }

    /** Envelopes waiting for a socket to say hello. */
    public int queued() {
        return loop.call(sockets.delivery::queued);
    }

    /** Envelopes given up on (attempts used up, or a slash command or interaction not acked in time), plus {@code _expired}. */
    public List<JsonObject> expiredEnvelopes() {
        return loop.call(sockets.delivery::expired);
    }

    /** Pongs received for the server's pings. */
    public long pongsReceived() {
        return loop.call(sockets::pongs);
    }

    /** Pings the client sent, over all sockets (counted even while a socket is half-open). */
    public long pingsReceived() {
        return loop.call(sockets::pingsReceived);
    }

    /** One {@code {index, hello, closing, halfOpen, closed, openedAt}} per socket ever opened. */
    public List<JsonObject> sockets() {
        return loop.call(sockets::describeSockets);
    }

    /** Bodies POSTed to the response_url of this app's slash commands and interactions, plus {@code _path}, {@code _at}. */
    public List<JsonObject> responseUrlPosts() {
        return loop.call(() -> CallLog.copies(responseUrlPosts));
    }

    public boolean knowsChannel(String channel) {
        return loop.call(() -> channels.contains(channel));
    }

    public boolean isLinkDisabled() {
        return loop.call(() -> faults.linkDisabled);
    }

    // ---------------------------------------------------------------- faults and scripts

    /** The next {@code times} apps.connections.open calls answer {@code {"ok":false,"error":error}}. */
    public void failConnectionsOpen(int times, String error) {
        loop.run(() -> faults.failConnectionsOpen(times, error));
    }

    /** The next {@code times} apps.connections.open calls answer 429 with {@code Retry-After}. */
    public void rateLimitConnectionsOpen(int times, int retryAfterSeconds) {
        loop.run(() -> faults.rateLimitConnectionsOpen(times, retryAfterSeconds));
    }

    /** What apps.connections.open answers to the bot token (default not_allowed_token_type; null lets it succeed). */
    public void setBotTokenConnectionsOpenError(String error) {
        loop.run(() -> faults.botTokenOpenError = error);
    }

    /** auth.test and chat.postMessage answer this error (token_revoked, account_inactive, invalid_auth...); null = ok. */
    public void setAuthError(String error) {
        loop.run(() -> faults.authError = error);
    }

    /** Scripted refresh of one socket: warning, {@code warningLead} later refresh_requested, then close 1000. Null lead: no warning. */
    public void refresh(int socketIndex, Duration warningLead) {
        loop.run(() -> sockets.refresh(sockets.open(socketIndex), warningLead));
    }

    /** Refreshes every socket not already told to leave; returns how many. */
    public int refreshAll(Duration warningLead) {
        return loop.call(() -> sockets.refreshAll(warningLead));
    }

    /** Sends link_disabled on the socket and closes it; apps.connections.open then follows {@link #setLinkDisabledError}. */
    public void linkDisabled(int socketIndex) {
        loop.run(() -> sockets.linkDisabled(sockets.open(socketIndex)));
    }

    /** What apps.connections.open answers once link_disabled was sent; null (the default) keeps it succeeding. */
    public void setLinkDisabledError(String error) {
        loop.run(() -> faults.linkDisabledOpenError = error);
    }

    /** Switches Socket Mode back on after {@link #linkDisabled(int)}. */
    public void enableLink() {
        loop.run(() -> faults.linkDisabled = false);
    }

    /** The concurrent socket cap (default 10); sockets beyond it get too_many_websockets. */
    public void setMaxSockets(int max) {
        loop.run(() -> sockets.maxSockets(max));
    }

    /** The socket stops answering pings and the mock stops sending on it; TCP stays open. Envelopes may still be routed to it, as Slack can't tell. */
    public void halfOpen(int socketIndex) {
        loop.run(() -> sockets.open(socketIndex).goDeaf());
    }

    /** Closes the socket's TCP connection without a close frame. */
    public void dropTcp(int socketIndex) {
        loop.run(() -> sockets.open(socketIndex).dropTcp());
    }

    /** The server pings every open socket this often; null turns it off (the default). */
    public void serverPings(Duration every) {
        loop.run(() -> sockets.serverPings(every));
    }

    /** How long an envelope may go unacked before it is redelivered (default 3 s; zero or less: never). */
    public void setAckDeadline(Duration deadline) {
        loop.run(() -> sockets.delivery.ackDeadline(deadline.toMillis()));
    }

    /** Deliveries per envelope, the first included (default 3). */
    public void setMaxAttempts(int attempts) {
        loop.run(() -> sockets.delivery.maxAttempts(attempts));
    }

    /** The retry_reason of redeliveries (default "timeout"). */
    public void setRetryReason(String reason) {
        loop.run(() -> sockets.delivery.retryReason(reason));
    }

    /** Random instead of round-robin choice among the open sockets. */
    public void randomDelivery(boolean on) {
        loop.run(() -> sockets.delivery.random(on));
    }

    /** Per-channel token bucket on chat.postMessage; {@code (0, 0)} turns it off (the default). */
    public void rateLimitPostMessage(int perSecond, int burst) {
        loop.run(() -> postLimiter.configure(perSecond, burst));
    }

    /** The next {@code times} chat.postMessage calls (with a valid token) fail with this status, error and Retry-After. */
    public void failNextPost(int times, int httpStatus, String error, Integer retryAfterSeconds) {
        loop.run(() -> faults.failNextPost(times, httpStatus, error, retryAfterSeconds));
    }

    /** Posted messages come back as message events carrying the bot's bot_id and user, to test self-filtering. */
    public void echoPosts(boolean on) {
        loop.run(() -> echoPosts = on);
    }

    /** Makes a channel known so chat.postMessage to it succeeds. */
    public void addChannel(String channel) {
        loop.run(() -> channels.add(channel));
    }

    /** The approximate_connection_time hellos announce, in seconds (default 18060). */
    public void setApproximateConnectionTime(int seconds) {
        loop.run(() -> sockets.approximateConnectionTime(seconds));
    }

    /** Refreshes each socket once it has lived approximate_connection_time (the warning going out the warning lead before). */
    public void autoRefresh(boolean on) {
        loop.run(() -> sockets.autoRefresh(on));
    }

    /** The warning lead auto-refresh and the control API use (default 10 s). */
    public void setWarningLead(Duration lead) {
        loop.run(() -> sockets.warningLead(lead));
    }

    // ---------------------------------------------------------------- event loop only

    /** Answers a Web API call and records it. */
    JsonObject handle(ApiRequest req, boolean headerAuthed, boolean viaAppToken) {
        JsonObject record = req.record().put("_at", System.currentTimeMillis());
        try {
            JsonObject answer = api.handle(req, headerAuthed, viaAppToken);
            record.put("_status", 200);
            return answer;
        } catch (ApiError e) {
            record.put("_status", e.status).put("_error", e.error);
            throw e;
        } finally {
            log.call(req.method, record);
        }
    }

    void socketOpened(ServerWebSocket ws, boolean debugReconnects) {
        sockets.opened(ws, debugReconnects);
    }

    /** Pushes an envelope nobody else holds and returns a copy of it as sent. */
    private JsonObject pushBuilt(JsonObject envelope) {
        return loop.call(() -> pushOnLoop(envelope, null, true).copy());
    }

    /**
     * Pushes an envelope, taking it over: the result is the live object later redeliveries update, so encode or copy
     * it before leaving the loop.
     */
    JsonObject pushOnLoop(JsonObject envelope, Link target, boolean trackLatency) {
        if (envelope.getValue("envelope_id") == null) {
            envelope.put("envelope_id", Ids.uuid());
        }
        JsonObject payload = envelope.getValue("payload") instanceof JsonObject p ? p : new JsonObject();
        learn(payload);
        if (trackLatency && "events_api".equals(envelope.getString("type"))
                && payload.getValue("event") instanceof JsonObject event
                && event.getValue("ts") instanceof String ts && event.getValue("text") instanceof String text) {
            latency.pushed(ts, text, System.nanoTime());
        }
        sockets.delivery.push(envelope, target);
        return envelope;
    }

    /** Registers the channels a payload names and the message it carries. */
    private void learn(JsonObject payload) {
        if (payload.getValue("event") instanceof JsonObject event) {
            addIfString(event.getValue("channel"));
            if (event.getValue("item") instanceof JsonObject item) {
                addIfString(item.getValue("channel"));
            }
            if (("message".equals(event.getString("type")) || "app_mention".equals(event.getString("type")))
                    && event.getValue("ts") instanceof String ts) {
                messages.put(ts, event);
            }
        }
        addIfString(payload.getValue("channel_id"));
        if (payload.getValue("channel") instanceof JsonObject channel) {
            addIfString(channel.getValue("id"));
        }
        if (payload.getValue("container") instanceof JsonObject container) {
            addIfString(container.getValue("channel_id"));
        }
    }

    private void addIfString(Object channel) {
        if (channel instanceof String c && !c.isEmpty()) {
            channels.add(c);
        }
    }

    boolean knowsChannelOnLoop(String channel) {
        return channels.contains(channel);
    }

    /** The message a chat.postMessage creates, with a fresh ts. */
    JsonObject botMessage(String text, String threadTs, JsonArray blocks) {
        JsonObject message = new JsonObject()
                .put("type", "message")
                .put("text", text)
                .put("user", botUserId)
                .put("bot_id", botId)
                .put("app_id", appId)
                .put("team", teamId)
                .put("ts", envelopes.nextTs());
        if (threadTs != null) {
            message.put("thread_ts", threadTs);
        }
        if (blocks != null) {
            message.put("blocks", blocks);
        }
        return message;
    }

    /** Records a successful post, feeds the latency tracker, and echoes it back if asked to. */
    void posted(JsonObject params, String channel, JsonObject message) {
        String ts = message.getString("ts");
        JsonObject record = params.put("_status", 200).put("_at", System.currentTimeMillis()).put("_ts", ts);
        log.posted(record);
        messages.put(ts, message.copy().put("channel", channel));
        latency.posted(message.getString("thread_ts"), message.getString("text"), System.nanoTime());
        if (echoPosts) {
            JsonObject event = message.copy()
                    .put("channel", channel)
                    .put("channel_type", Envelopes.channelType(channel))
                    .put("event_ts", ts);
            pushOnLoop(envelopes.event(event), null, false);
        }
    }

    void responseUrlPost(String path, JsonObject body) {
        CallLog.appendBounded(responseUrlPosts, body.copy().put("_path", path).put("_at", System.currentTimeMillis()));
    }

    int openSocketsOnLoop() {
        return sockets.openSockets();
    }

    int outstandingOnLoop() {
        return sockets.delivery.outstanding();
    }

    long ackCountOnLoop() {
        return sockets.delivery.ackCount();
    }

    long postedCountOnLoop() {
        return log.postedCount();
    }

    int refreshAllOnLoop(Duration lead) {
        return sockets.refreshAll(lead == null ? sockets.warningLead() : lead);
    }

    void shutdown() {
        sockets.shutdown();
    }

    @Override
    public String toString() {
        return "MockSlackApp[" + appId + "]";
    }

    static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return value;
    }
}
