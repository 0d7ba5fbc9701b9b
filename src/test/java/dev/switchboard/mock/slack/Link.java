package dev.switchboard.mock.slack;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One Socket Mode WebSocket and what the mock is doing to it: whether it said hello, was told to go away
 * ({@code closing}), went deaf ({@code halfOpen}) or is gone. Owns the socket's timers. Confined to the server's
 * event loop.
 */
final class Link {

    /** Position among the app's sockets in order of opening, the index tests pass to pushTo, refresh, .... */
    final int index;
    /** Released once closed, so the thousands of sockets a long benchmark goes through don't pile up. */
    private ServerWebSocket ws;
    private final Vertx vertx;
    private final LinkGate gate;
    private final List<Long> timers = new ArrayList<>(2);
    boolean hello;
    /** A disconnect was sent (or a close started): no new envelopes go here. */
    boolean closing;
    boolean halfOpen;
    boolean closed;
    /** True when the mock closed the socket, so the close code seen is not one the client chose. */
    boolean closedByServer;
    final long openedAtMillis = System.currentTimeMillis();
    /** The approximate_connection_time its hello announced, in seconds. */
    int connectionTime;
    /** The auto-refresh timer, or -1. */
    long lifetimeTimer = -1;

    Link(int index, ServerWebSocket ws, Vertx vertx) {
        this.index = index;
        this.ws = ws;
        this.vertx = vertx;
        this.gate = installGate(ws);
    }

    private static LinkGate installGate(ServerWebSocket ws) {
        LinkGate gate = new LinkGate();
        ChannelHandlerContext vertxHandler = ((WebSocketInternal) ws).channelHandlerContext();
        vertxHandler.pipeline().addBefore(vertxHandler.name(), LinkGate.NAME, gate);
        return gate;
    }

    /** Usable for new envelopes: said hello, not told to leave, not gone. A half-open socket still counts, as Slack can't tell. */
    boolean deliverable() {
        return hello && !closing && !closed;
    }

    /** Said hello and is still connected (closing ones included): what num_connections and the cap count. */
    boolean live() {
        return hello && !closed;
    }

    /** Writes one text frame, unless the socket is deaf or gone. */
    boolean send(String text) {
        if (closed || halfOpen) {
            return false;
        }
        ws.writeTextMessage(text);
        return true;
    }

    boolean send(JsonObject message) {
        return send(message.encode());
    }

    void ping(String payload) {
        if (!closed && !halfOpen) {
            ws.writePing(Buffer.buffer(payload));
        }
    }

    long pingsReceived() {
        return gate.pings();
    }

    /** Sends a disconnect message and marks the socket as leaving. */
    void disconnect(String reason) {
        closing = true;
        send(SocketMode.disconnect(reason));
    }

    /** A normal WebSocket close (the close frame follows anything already written). Not for a deaf socket. */
    void close(short code) {
        closing = true;
        if (closed || halfOpen) {
            return;
        }
        closedByServer = true;
        ws.close(code);
    }

    /** Closes the TCP connection with no close frame, as a crashed server or a dropped route would. */
    void dropTcp() {
        closing = true;
        if (closed) {
            return;
        }
        closedByServer = true;
        // Closing from the first handler's context goes straight to the transport, so no handler on the way
        // (Vert.x's included) gets a chance to write a close frame first.
        ((WebSocketInternal) ws).channelHandlerContext().pipeline().firstContext().close();
    }

    /** Stops answering pings and stops sending anything, keeping TCP open. Scripted refreshes are dropped too. */
    void goDeaf() {
        halfOpen = true;
        gate.deaf(true);
        cancelTimers();
    }

    void setTimer(long delayMs, Runnable action) {
        long[] id = new long[1];
        id[0] = vertx.setTimer(Math.max(1, delayMs), t -> {
            timers.remove(Long.valueOf(id[0]));
            if (!closed) {
                action.run();
            }
        });
        timers.add(id[0]);
    }

    void cancelTimers() {
        for (long id : timers) {
            vertx.cancelTimer(id);
        }
        timers.clear();
        if (lifetimeTimer != -1) {
            vertx.cancelTimer(lifetimeTimer);
            lifetimeTimer = -1;
        }
    }

    /**
     * Records that the socket is gone: stops its timers and lets go of the WebSocket.
     *
     * @return the client's close code when the client closed (1006 when it dropped TCP without a close frame),
     *     else null
     */
    Integer markClosed() {
        closed = true;
        cancelTimers();
        Short code = ws.closeStatusCode();
        ws = null;
        if (closedByServer) {
            return null;
        }
        return code == null ? 1006 : (int) code;
    }

    JsonObject describe() {
        return new JsonObject()
                .put("index", index)
                .put("hello", hello)
                .put("closing", closing)
                .put("halfOpen", halfOpen)
                .put("closed", closed)
                .put("openedAt", openedAtMillis);
    }
}
