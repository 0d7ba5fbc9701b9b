package dev.switchboard.hub.engineio;

import io.netty.channel.EventLoop;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket carrying a session: one packet per frame, binary messages as binary frames.
 * <p>
 * Writes are flushed at most once per {@link #WINDOW_NANOS}: the first packet of a burst leaves at
 * once, the rest of the burst together when the window closes. Under load that is one system call
 * for many packets. It also keeps the packets of a handshake apart on the wire, as the reference
 * server's one-write-in-flight rule does: clients that handle a TCP chunk at a time see each in its
 * own read (the ws 8.5 client of the official test suite emits every frame of a chunk before the
 * test listens for the next one). Vert.x on its own would hold back everything written while it
 * reads from the connection and send it in one segment. Used on the session's event loop only.
 */
final class WebSocketTransport implements Transport {
    static final String NAME = "websocket";
    /** RFC 6455: the message is too big to process. */
    static final short TOO_BIG = 1009;
    private static final long WINDOW_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    final RawWebSocket socket;
    private final EventLoop loop;
    /** Packets waiting for the window to close; null when none wait. */
    private ArrayDeque<Object> burst;
    private long windowEnds;

    WebSocketTransport(RawWebSocket socket, EventLoop sessionLoop) {
        this.socket = socket;
        this.loop = sessionLoop;
        // nanoTime may be negative: start with a window that has already closed
        this.windowEnds = System.nanoTime() - WINDOW_NANOS;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean writable() {
        return !socket.isClosed();
    }

    @Override
    public void flush(ArrayDeque<Object> packets) {
        for (Object packet = packets.poll(); packet != null; packet = packets.poll()) {
            write(packet);
        }
    }

    void write(Object packet) {
        if (burst != null) {
            burst.add(packet);
            return;
        }
        long now = System.nanoTime();
        if (now - windowEnds >= 0) {
            send(packet);
            flushNow();
            windowEnds = now + WINDOW_NANOS;
            return;
        }
        burst = new ArrayDeque<>(4);
        burst.add(packet);
        loop.schedule(this::drain, windowEnds - now, TimeUnit.NANOSECONDS);
    }

    private void drain() {
        ArrayDeque<Object> packets = burst;
        burst = null;
        if (packets == null) {
            return;
        }
        for (Object packet : packets) {
            send(packet);
        }
        flushNow();
        windowEnds = System.nanoTime() + WINDOW_NANOS;
    }

    private void send(Object packet) {
        switch (packet) {
            case TextPacket text -> socket.writeFrame(text.frame());
            case Tracked tracked -> tracked.completeWith(socket.writeFrameTracked(tracked.packet().frame()));
            case Buffer bytes -> socket.writeBinaryMessage(bytes);
            default -> socket.writeText((String) packet);
        }
    }

    private void flushNow() {
        socket.flush();
    }

    /** Closes after whatever is still waiting in the window. */
    void close() {
        drain();
        if (!socket.isClosed()) {
            socket.close();
        }
    }

    void close(short code) {
        Tracked.failAll(burst);
        burst = null;
        if (!socket.isClosed()) {
            socket.close(code);
        }
    }
}
