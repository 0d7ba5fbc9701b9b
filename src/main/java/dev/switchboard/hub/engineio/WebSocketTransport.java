package dev.switchboard.hub.engineio;

import io.netty.channel.EventLoop;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket carrying a session: one packet per frame, binary messages as binary frames.
 * <p>
 * Everything written during one pass of the event loop leaves in one flush at the end of the pass:
 * the acknowledgements of a batch of committed messages, or the several broadcasts a member gets
 * from one batch, cost one system call instead of one each. In fan-out that halves the writes.
 * <p>
 * Except in the socket's first moments ({@link EngineIoOptions#spacedStart()}): then a packet
 * after a quiet spell leaves at once and the rest of its burst together {@link #WINDOW_NANOS}
 * later, as the reference server's one-write-in-flight rule spaces them. Clients that handle a TCP
 * chunk at a time see each packet of a handshake in its own read (the ws 8.5 client of the
 * official test suite emits every frame of a chunk before the test listens for the next one).
 * Used on the session's event loop only.
 */
final class WebSocketTransport implements Transport {
    static final String NAME = "websocket";
    /** RFC 6455: the message is too big to process. */
    static final short TOO_BIG = 1009;
    private static final long WINDOW_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    final RawWebSocket socket;
    private final EventLoop loop;
    /** Packets waiting for their flush; null when none wait. */
    private ArrayDeque<Object> burst;
    private long windowEnds;
    private final long spacedUntil;

    WebSocketTransport(RawWebSocket socket, EventLoop sessionLoop, long spacedStartMillis) {
        this.socket = socket;
        this.loop = sessionLoop;
        long now = System.nanoTime();
        // nanoTime may be negative: start with a window that has already closed
        this.windowEnds = now - WINDOW_NANOS;
        this.spacedUntil = now + TimeUnit.MILLISECONDS.toNanos(spacedStartMillis);
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
        if (now - spacedUntil >= 0) {
            startBurst(packet);
            loop.execute(this::drain);
        } else if (now - windowEnds >= 0) {
            send(packet);
            flushNow();
            windowEnds = now + WINDOW_NANOS;
        } else {
            startBurst(packet);
            loop.schedule(this::drain, windowEnds - now, TimeUnit.NANOSECONDS);
        }
    }

    private void startBurst(Object packet) {
        burst = new ArrayDeque<>(4);
        burst.add(packet);
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
