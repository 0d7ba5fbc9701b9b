package dev.switchboard.mock.discord;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One gateway WebSocket connection: writing (optionally zlib-compressed), closing or dropping it, its heartbeat
 * watchdog and send counter, and whom it belongs to once an identify or resume named a known token. The protocol
 * itself is {@link Gateway}'s. Confined to the server's event loop.
 */
final class GatewaySocket {

    /** Path and query as connected, e.g. {@code /gateway?v=10&encoding=json}. */
    final String connectPath;
    private final Vertx vertx;
    /** Released once closed, so the sockets a long benchmark goes through don't pile up. */
    private ServerWebSocket ws;
    private final ZlibStream zlib;
    private final List<Long> timers = new ArrayList<>(2);
    private final ArrayDeque<Long> recentSends = new ArrayDeque<>();
    /** Heartbeats that came before the socket was attributed to a bot; handed over when it is. */
    final List<Object> unattributedHeartbeats = new ArrayList<>(1);

    /** Set once an identify or resume named this bot's token. */
    MockDiscordBot bot;
    /** The session this socket carries; null until identified or resumed, and again once the session is invalidated. */
    GatewaySession session;
    /** The server started closing or dropping it: nothing more is read or written. */
    boolean closing;
    boolean closed;
    /** The server ended it, so any close code seen afterwards is an echo, not the client's choice. */
    boolean closedByServer;

    /** The interval its Hello announced; 0 until Hello went out. */
    long heartbeatIntervalMs;
    private long lastBeatNanos;
    private boolean awaitingFirstBeat;
    private long watchdog = -1;

    GatewaySocket(Vertx vertx, ServerWebSocket ws, String connectPath, boolean zlibStream) {
        this.vertx = vertx;
        this.ws = ws;
        this.connectPath = connectPath;
        this.zlib = zlibStream ? new ZlibStream() : null;
    }

    boolean open() {
        return !closing && !closed;
    }

    void send(String payload) {
        if (!open()) {
            return;
        }
        if (zlib != null) {
            ws.writeBinaryMessage(zlib.compress(payload));
        } else {
            ws.writeTextMessage(payload);
        }
    }

    /** A close frame with this code; the TCP connection ends once the client answers it. */
    void close(int code) {
        if (!open()) {
            return;
        }
        closing = true;
        closedByServer = true;
        cancelTimers();
        ws.close((short) code);
    }

    /** Ends the TCP connection with no close frame, as a crashed gateway node or a broken route would. */
    void dropTcp() {
        if (!open()) {
            return;
        }
        closing = true;
        closedByServer = true;
        cancelTimers();
        // Closing from the first handler's context goes straight to the transport, so no handler on the way
        // (Vert.x's included) gets to write a close frame first.
        ((WebSocketInternal) ws).channelHandlerContext().pipeline().firstContext().close();
    }

    /**
     * Records that the connection is gone and lets go of it.
     *
     * @return the close code the client sent, or null when none arrived (a TCP drop, or the server ended it and
     *     the code is only an echo)
     */
    Integer markClosed() {
        closed = true;
        cancelTimers();
        Short code = ws.closeStatusCode();
        ws = null;
        if (zlib != null) {
            zlib.end();
        }
        return closedByServer || code == null ? null : (int) code;
    }

    /** Counts one client payload; false once more than {@code limit} arrived within the window. */
    boolean countSend(long nowMs, int limit, long windowMs) {
        while (!recentSends.isEmpty() && recentSends.peekFirst() <= nowMs - windowMs) {
            recentSends.removeFirst();
        }
        recentSends.addLast(nowMs);
        return recentSends.size() <= limit;
    }

    /** Hello went out: heartbeats are now expected, the first within one interval (jitter), then every interval. */
    void helloSent(long intervalMs, Runnable onMissed) {
        heartbeatIntervalMs = intervalMs;
        lastBeatNanos = System.nanoTime();
        awaitingFirstBeat = true;
        armWatchdog(onMissed);
    }

    boolean awaitingFirstBeat() {
        return awaitingFirstBeat;
    }

    /**
     * Notes a heartbeat and restarts the watchdog.
     *
     * @return milliseconds since the previous heartbeat (or Hello), or -1 before Hello
     */
    long heartbeat(Runnable onMissed) {
        if (heartbeatIntervalMs == 0) {
            return -1;
        }
        long now = System.nanoTime();
        long gapMs = (now - lastBeatNanos) / 1_000_000;
        lastBeatNanos = now;
        awaitingFirstBeat = false;
        armWatchdog(onMissed);
        return gapMs;
    }

    /** Discord's "about 1.5 intervals" without a heartbeat before it gives up on the connection. */
    private void armWatchdog(Runnable onMissed) {
        if (watchdog != -1) {
            vertx.cancelTimer(watchdog);
        }
        watchdog = vertx.setTimer(Math.max(1, heartbeatIntervalMs * 3 / 2), t -> {
            watchdog = -1;
            if (open()) {
                onMissed.run();
            }
        });
    }

    /** Runs {@code action} after the delay unless the socket closed meanwhile. */
    void setTimer(long delayMs, Runnable action) {
        long[] id = new long[1];
        id[0] = vertx.setTimer(Math.max(1, delayMs), t -> {
            timers.remove(Long.valueOf(id[0]));
            if (open()) {
                action.run();
            }
        });
        timers.add(id[0]);
    }

    private void cancelTimers() {
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        if (watchdog != -1) {
            vertx.cancelTimer(watchdog);
            watchdog = -1;
        }
    }
}
