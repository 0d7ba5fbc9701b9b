package dev.switchboard.hub.engineio;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Engine.IO session: its transport (polling, or a WebSocket from the start or after an
 * upgrade), the packets waiting for a polling client, and the heartbeat.
 * <p>
 * All state lives on one event loop, the {@link #context()} of the request that opened the session;
 * whatever arrives elsewhere (a POST or the upgrading WebSocket on another loop) hops there first.
 * An idle session holds no buffers and exactly one scheduled task (the next ping or the pong
 * deadline), scheduled straight on the Netty event loop: cheaper than a Vert.x timer (no id, no
 * entry in a shared map) and as precise, which the 200 ms timeouts of the protocol test suite need.
 */
public final class EngineSession {
    private static final Logger log = LoggerFactory.getLogger(EngineSession.class);
    private static final String PING = "2";
    private static final String CLOSE = "1";
    private static final String NOOP = "6";
    private static final byte OPEN = 0;
    /** Closed for the layers above, still delivering the last packets to a polling client. */
    private static final byte CLOSING = 1;
    private static final byte CLOSED = 2;

    private final String id;
    private final EngineIoServer server;
    private final ContextInternal context;
    private final MultiMap query;
    private final MultiMap headers;
    private final String remoteAddress;
    /** The polling transport the session began with; null for a WebSocket-only session. */
    private final Polling polling;
    private SessionHandler handler = SessionHandler.IGNORE;
    private Transport transport;
    private Upgrade upgrade;
    private ArrayDeque<Object> outbox;
    private ScheduledFuture<?> timer;
    private boolean awaitingPong;
    private boolean flushScheduled;
    private byte state = OPEN;

    EngineSession(String id, EngineIoServer server, ContextInternal context, MultiMap query, MultiMap headers,
                  String remoteAddress, Transport transport, Polling polling) {
        this.id = id;
        this.server = server;
        this.context = context;
        this.query = query;
        this.headers = headers;
        this.remoteAddress = remoteAddress;
        this.transport = transport;
        this.polling = polling;
    }

    EventLoop eventLoop() {
        return context.nettyEventLoop();
    }

    Polling polling() {
        return polling;
    }

    public String id() {
        return id;
    }

    /** The event loop every callback of this session runs on. */
    public Context context() {
        return context;
    }

    /** The query parameters of the request that opened the session. */
    public MultiMap query() {
        return query;
    }

    /** The headers of the request that opened the session. */
    public MultiMap headers() {
        return headers;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** {@code polling} or {@code websocket}. */
    public String transport() {
        return transport.name();
    }

    public boolean isOpen() {
        return state == OPEN;
    }

    /** Set once, right after the session opens (the connection handler runs before any packet arrives). */
    public void handler(SessionHandler handler) {
        this.handler = handler;
    }

    /** Sends a text message packet; from any thread (it hops to the session's loop). Dropped once closed. */
    public void send(String message) {
        enqueue(TextPacket.message(message));
    }

    /** Sends a message packet made once for many sessions; from any thread. Dropped once closed. */
    public void send(TextPacket packet) {
        enqueue(packet);
    }

    /**
     * Sends a text message packet and tells when it left: completes once it is written to the
     * client's connection (a WebSocket frame, or the body of a polling response), fails if the
     * session ends first. From any thread.
     */
    public Future<Void> sendTracked(TextPacket packet) {
        Promise<Void> written = Promise.promise();
        enqueue(new Tracked(packet, written));
        return written.future();
    }

    /** Sends a binary message packet; from any thread. */
    public void send(Buffer bytes) {
        enqueue(bytes);
    }

    /** Closes the session from the server side ({@code forced close}); a polling client still gets what was queued. */
    public void close() {
        execute(() -> close("forced close"));
    }

    /** Runs {@code task} on this session's event loop after {@code delayMillis}. */
    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        return context.nettyEventLoop().schedule(() -> context.dispatch(task), delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the session's event loop: now if already there, else as soon as the loop gets to it. */
    public void execute(Runnable task) {
        if (context.inThread()) {
            task.run();
        } else {
            context.emit(v -> task.run());
        }
    }

    private void enqueue(Object packet) {
        if (context.inThread()) {
            write(packet);
        } else {
            context.execute(packet, this::write);
        }
    }

    private void write(Object packet) {
        if (state != OPEN) {
            Tracked.fail(packet);
            return;
        }
        if (transport instanceof WebSocketTransport ws) {
            ws.write(packet);
            return;
        }
        if (outbox == null) {
            outbox = new ArrayDeque<>(4);
        }
        outbox.add(packet);
        if (transport.writable() && !flushScheduled) {
            // wait for the end of this loop turn: what is sent together leaves in one response
            flushScheduled = true;
            context.nettyEventLoop().execute(this::scheduledFlush);
        }
    }

    private void scheduledFlush() {
        flushScheduled = false;
        if (state == OPEN && (upgrade == null || !upgrade.probed)) {
            flush();
        }
    }

    private void flush() {
        if (outbox != null && !outbox.isEmpty() && transport.writable()) {
            transport.flush(outbox);
            outbox = null;
        }
    }

    // ---- heartbeat

    void startHeartbeat() {
        timer = schedule(this::beat, server.options().pingInterval());
    }

    private void beat() {
        if (state == CLOSING) {
            finish();
        } else if (state == OPEN) {
            if (awaitingPong) {
                close("ping timeout");
                return;
            }
            awaitingPong = true;
            write(PING);
            timer = schedule(this::beat, server.options().pingTimeout());
        }
    }

    private void pong() {
        if (awaitingPong) {
            awaitingPong = false;
            timer.cancel(false);
            timer = schedule(this::beat, server.options().pingInterval());
        }
    }

    // ---- what the client sends

    /** One packet from the active transport. */
    void receive(EnginePacket packet) {
        if (state != OPEN) {
            return;
        }
        switch (packet.type()) {
            case EnginePacket.MESSAGE -> deliver(packet);
            case EnginePacket.PONG -> pong();
            case EnginePacket.CLOSE -> close("transport close");
            // protocol v4: only the server pings
            case EnginePacket.PING -> close("transport error");
            default -> {
                // open, upgrade and noop mean nothing on an established transport
            }
        }
    }

    private void deliver(EnginePacket packet) {
        try {
            if (packet.isBinary()) {
                handler.onBinary(packet.binary());
            } else {
                handler.onMessage(packet.text());
            }
        } catch (RuntimeException e) {
            log.error("session {}: the message handler failed", id, e);
        }
    }

    /** A polling GET: answered now if packets wait, else held until some do. */
    void poll(HttpServerResponse response) {
        if (!(transport instanceof Polling polling)) {
            EngineError.BAD_REQUEST.send(response);
            return;
        }
        if (state == CLOSED) {
            EngineError.UNKNOWN_SID.send(response);
            return;
        }
        if (polling.waiting != null) {
            EngineError.BAD_REQUEST.send(response);
            close("transport error");
            return;
        }
        polling.waiting = response;
        response.closeHandler(v -> execute(() -> {
            if (polling.waiting == response) {
                polling.waiting = null;
                close("transport error");
            }
        }));
        if (state == CLOSING) {
            closePolling(polling, CLOSE);
            finish();
        } else if (upgrade != null && upgrade.probed) {
            releaseForUpgrade(polling);
        } else {
            flush();
        }
    }

    /** A whole POST body: its packets are handled in order, then the POST is answered. */
    void post(String body, HttpServerResponse response) {
        if (transport != polling || state == CLOSED) {
            EngineError.BAD_REQUEST.send(response);
            return;
        }
        List<EnginePacket> packets;
        try {
            packets = Payload.decode(body);
        } catch (MalformedPacketException e) {
            EngineError.BAD_REQUEST.send(response);
            close("parse error");
            return;
        }
        for (EnginePacket packet : packets) {
            receive(packet);
        }
        if (!response.ended()) {
            response.putHeader("Content-Type", "text/html").end("ok");
        }
    }

    // ---- the upgrade: 2probe, 3probe, 5

    /** A WebSocket arrived for this polling session. */
    void probe(WebSocketTransport socket) {
        if (state != OPEN || upgrade != null || !(transport instanceof Polling)) {
            // one upgrade per session; later sockets with the same sid are turned away
            socket.close();
            return;
        }
        Upgrade probing = new Upgrade(socket);
        upgrade = probing;
        probing.timeout = schedule(() -> {
            if (upgrade == probing) {
                upgrade = null;
                socket.close();
            }
        }, server.options().upgradeTimeout());
    }

    /** A frame from a WebSocket: the session's transport, or one probing to become it. */
    void receiveFrom(WebSocketTransport socket, EnginePacket packet) {
        if (transport == socket) {
            receive(packet);
        } else {
            receiveOnProbe(socket, packet);
        }
    }

    /** A frame that is no Engine.IO packet. */
    void malformed(WebSocketTransport socket) {
        socket.close();
        if (transport == socket) {
            close("parse error");
        }
    }

    private void receiveOnProbe(WebSocketTransport socket, EnginePacket packet) {
        Upgrade probing = upgrade;
        if (probing == null || probing.socket != socket || state != OPEN) {
            return;
        }
        if (packet.type() == EnginePacket.PING && "probe".equals(packet.text())) {
            socket.write(EnginePacket.PONG + "probe");
            probing.probed = true;
            // the client pauses polling: end its waiting GET so it can
            releaseForUpgrade((Polling) transport);
        } else if (packet.type() == EnginePacket.UPGRADE) {
            probing.timeout.cancel(false);
            upgrade = null;
            Polling polling = (Polling) transport;
            if (polling.waiting != null) {
                polling.answer(NOOP);
            }
            transport = socket;
            if (outbox != null) {
                socket.flush(outbox);
                outbox = null;
            }
        } else {
            probing.timeout.cancel(false);
            upgrade = null;
            socket.close();
        }
    }

    /** During an upgrade a waiting GET is answered at once: with what is queued, else a noop. */
    private void releaseForUpgrade(Polling polling) {
        if (polling.waiting == null) {
            return;
        }
        if (outbox != null && !outbox.isEmpty()) {
            polling.flush(outbox);
            outbox = null;
        } else {
            polling.answer(NOOP);
        }
    }

    /** The client's WebSocket went away (closed, or dropped). */
    void socketClosed(WebSocketTransport socket) {
        if (upgrade != null && upgrade.socket == socket) {
            upgrade.timeout.cancel(false);
            upgrade = null;
        } else if (transport == socket) {
            close("transport close");
        }
    }

    /** A WebSocket frame larger than the maximum payload: the reference server drops the connection too. */
    void tooLarge(WebSocketTransport socket) {
        socket.close(WebSocketTransport.TOO_BIG);
        if (transport == socket) {
            close("transport error");
        }
    }

    /** A polling body larger than the maximum payload. */
    void tooLarge() {
        close("transport error");
    }

    // ---- the end

    /** Ends the session for the layers above; on the session's loop only. */
    void close(String reason) {
        if (state != OPEN) {
            return;
        }
        state = CLOSED;
        if (timer != null) {
            timer.cancel(false);
        }
        if (upgrade != null) {
            upgrade.timeout.cancel(false);
            upgrade.socket.close();
            upgrade = null;
        }
        if (transport instanceof WebSocketTransport ws) {
            ws.close();
        } else if (transport instanceof Polling polling) {
            if (polling.waiting != null) {
                // the client's own close gets a noop, like the reference server does
                closePolling(polling, "transport close".equals(reason) ? NOOP : CLOSE);
            } else if (reason.equals("forced close") && outbox != null) {
                // hold on until the client polls for what was queued (e.g. a namespace disconnect)
                state = CLOSING;
                timer = schedule(this::beat, server.options().pingTimeout());
            }
        }
        if (state == CLOSED) {
            finish();
        }
        try {
            handler.onClose(reason);
        } catch (RuntimeException e) {
            log.error("session {}: the close handler failed", id, e);
        }
    }

    private void closePolling(Polling polling, String last) {
        if (outbox != null && !outbox.isEmpty() && last.equals(CLOSE)) {
            outbox.add(CLOSE);
            polling.flush(outbox);
        } else {
            Tracked.failAll(outbox);
            polling.answer(last);
        }
        outbox = null;
    }

    private void finish() {
        state = CLOSED;
        if (timer != null) {
            timer.cancel(false);
        }
        Tracked.failAll(outbox);
        outbox = null;
        server.forget(this);
    }

    /** A WebSocket that asked to take over a polling session. */
    private static final class Upgrade {
        final WebSocketTransport socket;
        ScheduledFuture<?> timeout;
        /** The client sent {@code 2probe}: it has paused polling and waits for its last GET to end. */
        boolean probed;

        Upgrade(WebSocketTransport socket) {
            this.socket = socket;
        }
    }
}
