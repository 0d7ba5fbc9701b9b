package dev.switchboard.mock.discord;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The gateway protocol: Hello and heartbeats, identify and resume with their checks and close codes, sessions and
 * their expiry, and the scripted faults. Sockets are accepted on any path; the query's {@code v}, {@code encoding}
 * and {@code compress} are honoured. Confined to the server's event loop.
 */
final class Gateway {

    static final int UNKNOWN_ERROR = 4000;
    static final int UNKNOWN_OPCODE = 4001;
    static final int DECODE_ERROR = 4002;
    static final int NOT_AUTHENTICATED = 4003;
    static final int AUTHENTICATION_FAILED = 4004;
    static final int ALREADY_AUTHENTICATED = 4005;
    static final int INVALID_SEQ = 4007;
    static final int RATE_LIMITED = 4008;
    static final int INVALID_SHARD = 4010;
    static final int INVALID_API_VERSION = 4012;
    static final int INVALID_INTENTS = 4013;
    static final int DISALLOWED_INTENTS = 4014;
    /** Codes whose documented remedy is a new session: closing with them ends the session too. */
    private static final Set<Integer> SESSION_ENDING_CODES =
            Set.of(4003, 4004, 4005, 4007, 4008, 4009, 4010, 4011, 4012, 4013, 4014);
    private static final int MAX_PAYLOAD_BYTES = 4096;
    /** Intent bits 0..25 exist; anything above is an invalid intent. */
    private static final long KNOWN_INTENTS = (1L << 26) - 1;
    private static final int MAX_SERVER_PATHS = 100_000;

    private final MockDiscordServer server;
    private final Vertx vertx;
    private final MockDiscordSettings settings;
    private final Map<String, GatewaySession> sessions = new HashMap<>();
    private final Set<GatewaySocket> openSockets = new LinkedHashSet<>();
    /** Every connection's path and query, attributed or not. */
    private final LinkedList<String> connectPaths = new LinkedList<>();
    long heartbeats;
    long lateHeartbeats;
    long maxHeartbeatLatenessMs;

    Gateway(MockDiscordServer server, Vertx vertx, MockDiscordSettings settings) {
        this.server = server;
        this.vertx = vertx;
        this.settings = settings;
    }

    // ---------------------------------------------------------------- connections

    void handshake(ServerWebSocketHandshake handshake) {
        String query = handshake.query();
        String path = handshake.path() + (query == null || query.isEmpty() ? "" : "?" + query);
        MultiMap params = queryParams(query);
        handshake.accept().onSuccess(ws -> opened(ws, path, params));
    }

    private void opened(ServerWebSocket ws, String path, MultiMap params) {
        String compress = params.get("compress");
        boolean zlib = "zlib-stream".equals(compress);
        GatewaySocket socket = new GatewaySocket(vertx, ws, path, zlib);
        openSockets.add(socket);
        if (connectPaths.size() >= MAX_SERVER_PATHS) {
            connectPaths.removeFirst();
        }
        connectPaths.addLast(path);
        ws.textMessageHandler(text -> received(socket, text));
        ws.binaryMessageHandler(buffer -> close(socket, DECODE_ERROR)); // clients send JSON text; ETF is not offered
        ws.exceptionHandler(t -> { }); // resets are expected; the close handler does the bookkeeping
        ws.closeHandler(v -> closed(socket));

        if (!"10".equals(params.get("v"))) {
            close(socket, INVALID_API_VERSION);
        } else if (!"json".equals(Objects.requireNonNullElse(params.get("encoding"), "json"))
                || (compress != null && !zlib)) {
            // the mock speaks JSON only, and zlib-stream is its only transport compression
            close(socket, DECODE_ERROR);
        } else if (settings.helloDelayMs > 0) {
            socket.setTimer(settings.helloDelayMs, () -> hello(socket));
        } else {
            hello(socket);
        }
    }

    private void hello(GatewaySocket socket) {
        long interval = settings.heartbeatIntervalMs;
        socket.send(Frames.hello(interval));
        socket.helloSent(interval, () -> missedHeartbeats(socket));
    }

    private void missedHeartbeats(GatewaySocket socket) {
        close(socket, settings.missedHeartbeatCloseCode);
    }

    private void closed(GatewaySocket socket) {
        if (socket.closed) {
            return;
        }
        Integer clientCode = socket.markClosed();
        openSockets.remove(socket);
        MockDiscordBot bot = socket.bot;
        if (bot != null) {
            bot.sockets.remove(socket);
            if (!socket.closedByServer) {
                bot.log.clientClose(clientCode);
            }
        }
        GatewaySession session = socket.session;
        if (session == null || session.socket != socket) {
            return;
        }
        session.socket = null;
        if (clientCode != null && (clientCode == 1000 || clientCode == 1001)) {
            invalidate(session); // Discord: a normal closure ends the session and shows the bot offline
        } else {
            long expiry = settings.sessionExpiryMs;
            session.expiryTimer = vertx.setTimer(Math.max(1, expiry), t -> {
                session.expiryTimer = -1;
                invalidate(session);
            });
        }
    }

    // ---------------------------------------------------------------- payloads

    private void received(GatewaySocket socket, String text) {
        if (!socket.open()) {
            return;
        }
        if (!socket.countSend(System.currentTimeMillis(), settings.sendLimit, settings.sendWindowMs)) {
            close(socket, RATE_LIMITED);
            return;
        }
        if (text.length() > MAX_PAYLOAD_BYTES / 3 && text.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            close(socket, DECODE_ERROR);
            return;
        }
        JsonObject payload;
        try {
            payload = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            close(socket, DECODE_ERROR);
            return;
        }
        if (!(payload.getValue("op") instanceof Integer op)) {
            close(socket, UNKNOWN_OPCODE);
            return;
        }
        Object d = payload.getValue("d");
        switch (op) {
            case Frames.HEARTBEAT -> heartbeat(socket, d);
            case Frames.IDENTIFY -> identify(socket, d);
            case Frames.RESUME -> resume(socket, d);
            default -> {
                if (socket.session == null) {
                    close(socket, NOT_AUTHENTICATED);
                } else if (op != Frames.PRESENCE_UPDATE && op != Frames.VOICE_STATE_UPDATE
                        && op != Frames.REQUEST_GUILD_MEMBERS) {
                    close(socket, UNKNOWN_OPCODE);
                }
                // presence, voice state and member requests are accepted; nothing the mock models answers them
            }
        }
    }

    private void heartbeat(GatewaySocket socket, Object d) {
        boolean first = socket.awaitingFirstBeat();
        long gapMs = socket.heartbeat(() -> missedHeartbeats(socket));
        heartbeats++;
        if (gapMs >= 0) {
            long interval = socket.heartbeatIntervalMs;
            // the first beat is jittered within one interval; later ones may drift by a quarter
            long allowed = first ? interval : interval + interval / 4;
            if (gapMs > allowed) {
                lateHeartbeats++;
            }
            maxHeartbeatLatenessMs = Math.max(maxHeartbeatLatenessMs, gapMs - interval);
        }
        Object value = d instanceof Number n ? (Object) n.longValue() : d;
        if (socket.bot != null) {
            socket.bot.log.heartbeat(value);
        } else {
            socket.unattributedHeartbeats.add(value);
        }
        if (socket.bot == null || !socket.bot.stopAcking) {
            socket.send(Frames.HEARTBEAT_ACK_FRAME);
        }
    }

    private void identify(GatewaySocket socket, Object d) {
        if (!(d instanceof JsonObject identify)) {
            close(socket, UNKNOWN_OPCODE);
            return;
        }
        if (socket.session != null) {
            close(socket, ALREADY_AUTHENTICATED);
            return;
        }
        MockDiscordBot bot = knownBot(identify.getValue("token"));
        if (bot == null) {
            close(socket, AUTHENTICATION_FAILED);
            return;
        }
        attribute(socket, bot);
        bot.log.identify(identify.copy());
        if (!(identify.getValue("properties") instanceof JsonObject)) {
            close(socket, UNKNOWN_OPCODE);
            return;
        }
        if (!(identify.getValue("intents") instanceof Number n) || n.longValue() < 0
                || (n.longValue() & ~KNOWN_INTENTS) != 0) {
            close(socket, INVALID_INTENTS);
            return;
        }
        long intents = n.longValue();
        if ((intents & MockDiscordSettings.PRIVILEGED_INTENTS & ~(long) settings.privilegedIntentsEnabled) != 0) {
            close(socket, DISALLOWED_INTENTS);
            return;
        }
        Object shard = identify.getValue("shard");
        if (shard != null && !isSingleShard(shard)) {
            close(socket, INVALID_SHARD);
            return;
        }
        long now = System.currentTimeMillis();
        if (!bot.sessionStart.concurrencyAllows(now)) {
            socket.send(Frames.invalidSession(false));
            return;
        }
        if (!bot.sessionStart.take(now)) {
            // Discord terminates every session and resets the token of a bot that used up its identifies
            bot.tokenInvalid = true;
            invalidateAll(bot);
            new ArrayList<>(bot.sockets).forEach(s -> close(s, AUTHENTICATION_FAILED));
            close(socket, AUTHENTICATION_FAILED);
            return;
        }
        GatewaySession session = new GatewaySession(Snowflakes.sessionId(), bot, settings);
        sessions.put(session.id, session);
        attach(session, socket);
        JsonObject botUser = bot.botUser();
        session.dispatch("READY", Entities.ready(botUser, bot.guildIds(), session.id, server.resumeGatewayUrl(),
                new JsonArray().add(0).add(1), bot.applicationId()));
        String joinedAt = Entities.timestamp();
        for (Object guildId : bot.guildIds()) {
            session.dispatch("GUILD_CREATE", Entities.guildCreate((String) guildId, botUser, joinedAt));
        }
    }

    private void resume(GatewaySocket socket, Object d) {
        if (!(d instanceof JsonObject resume)) {
            close(socket, UNKNOWN_OPCODE);
            return;
        }
        if (socket.session != null) {
            close(socket, ALREADY_AUTHENTICATED);
            return;
        }
        MockDiscordBot bot = knownBot(resume.getValue("token"));
        if (bot == null) {
            close(socket, AUTHENTICATION_FAILED);
            return;
        }
        attribute(socket, bot);
        bot.log.resume(resume.copy());
        GatewaySession session = resume.getValue("session_id") instanceof String id ? sessions.get(id) : null;
        Object seqValue = resume.getValue("seq");
        long seq = seqValue instanceof Number n ? n.longValue() : seqValue == null ? 0 : -1;
        if (session == null || session.bot != bot || !session.canResumeFrom(seq)) {
            if (session != null && session.bot == bot) {
                invalidate(session); // a resume from a bad seq ends the session on Discord too
            }
            if (MockDiscordSettings.RESUME_REFUSAL_4007.equals(settings.badSeqResumeAnswer)) {
                close(socket, INVALID_SEQ);
            } else {
                socket.send(Frames.invalidSession(false));
            }
            return;
        }
        attach(session, socket);
        session.replayAfter(seq);
        session.dispatch("RESUMED", new JsonObject().put("_trace", Entities.trace()));
    }

    /** A token that belongs to a bot whose token still works, or null. */
    private MockDiscordBot knownBot(Object token) {
        MockDiscordBot bot = token instanceof String t ? server.botOnLoop(t) : null;
        return bot == null || bot.tokenInvalid ? null : bot;
    }

    private static boolean isSingleShard(Object shard) {
        return shard instanceof JsonArray array && array.size() == 2
                && array.getValue(0) instanceof Integer id && id == 0
                && array.getValue(1) instanceof Integer count && count == 1;
    }

    /** The socket now belongs to this bot: its path, heartbeats and close code are recorded there. */
    private void attribute(GatewaySocket socket, MockDiscordBot bot) {
        if (socket.bot != null) {
            return;
        }
        socket.bot = bot;
        bot.sockets.add(socket);
        bot.log.connected(socket.connectPath);
        socket.unattributedHeartbeats.forEach(bot.log::heartbeat);
        socket.unattributedHeartbeats.clear();
    }

    /** Puts the session on this socket; a socket it was still live on is closed, as a session has only one. */
    private void attach(GatewaySession session, GatewaySocket socket) {
        if (session.expiryTimer != -1) {
            vertx.cancelTimer(session.expiryTimer);
            session.expiryTimer = -1;
        }
        GatewaySocket previous = session.socket;
        if (previous != null && previous != socket) {
            previous.session = null;
            close(previous, UNKNOWN_ERROR);
        }
        session.socket = socket;
        socket.session = session;
        session.bot.currentSession = session;
    }

    // ---------------------------------------------------------------- server-side actions

    /** Closes with a code; one that calls for a new session ends the socket's session at once. */
    void close(GatewaySocket socket, int code) {
        if (!socket.open()) {
            return;
        }
        if (socket.session != null && SESSION_ENDING_CODES.contains(code)) {
            invalidate(socket.session);
        }
        socket.close(code);
    }

    void reconnect(GatewaySocket socket) {
        socket.send(Frames.RECONNECT_FRAME);
        socket.setTimer(settings.reconnectCloseDelayMs, () -> close(socket, UNKNOWN_ERROR));
    }

    void invalidSession(GatewaySocket socket, boolean resumable) {
        socket.send(Frames.invalidSession(resumable));
        if (!resumable && socket.session != null) {
            invalidate(socket.session);
        }
    }

    void invalidateAll(MockDiscordBot bot) {
        for (GatewaySession session : new ArrayList<>(sessions.values())) {
            if (session.bot == bot) {
                invalidate(session);
            }
        }
    }

    /** Ends a session: it can no longer be resumed, and a socket carrying it is unauthenticated from now on. */
    private void invalidate(GatewaySession session) {
        if (session.invalid) {
            return;
        }
        session.invalid = true;
        sessions.remove(session.id);
        if (session.expiryTimer != -1) {
            vertx.cancelTimer(session.expiryTimer);
            session.expiryTimer = -1;
        }
        if (session.socket != null) {
            session.socket.session = null;
            session.socket = null;
        }
        if (session.bot.currentSession == session) {
            session.bot.currentSession = null;
        }
    }

    /** The mock is going away: every client sees its connection drop. */
    void shutdown() {
        for (GatewaySocket socket : new ArrayList<>(openSockets)) {
            socket.dropTcp();
        }
        for (GatewaySession session : new ArrayList<>(sessions.values())) {
            invalidate(session);
        }
    }

    // ---------------------------------------------------------------- stats

    int openSocketCount() {
        return openSockets.size();
    }

    int sessionCount() {
        return sessions.size();
    }

    List<String> connectPaths() {
        return new ArrayList<>(connectPaths);
    }

    private static MultiMap queryParams(String query) {
        MultiMap params = MultiMap.caseInsensitiveMultiMap();
        if (query == null) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.add(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed pair is ignored, as if absent
            }
        }
        return params;
    }
}
