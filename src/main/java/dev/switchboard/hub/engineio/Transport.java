package dev.switchboard.hub.engineio;

import java.util.ArrayDeque;

/** How a session's packets reach its client right now: long-polling or a WebSocket. */
sealed interface Transport permits Polling, WebSocketTransport {
    String name();

    /** Whether {@link #flush} can deliver right now (polling: a GET is waiting). */
    boolean writable();

    /** Delivers and removes every queued packet ({@link String} text packet, {@link Tracked} one, or binary {@code Buffer}). */
    void flush(ArrayDeque<Object> packets);
}
