package dev.switchboard.hub.engineio;

import io.vertx.core.buffer.Buffer;

/**
 * What the layer above (Socket.IO) hears from one session. Called on the session's event loop,
 * one call at a time; a handler must not block.
 */
public interface SessionHandler {
    SessionHandler IGNORE = new SessionHandler() {
        @Override
        public void onMessage(String text) {
        }

        @Override
        public void onBinary(Buffer bytes) {
        }

        @Override
        public void onClose(String reason) {
        }
    };

    /** A text message packet's data. */
    void onMessage(String text);

    /** A binary message packet's bytes. */
    void onBinary(Buffer bytes);

    /**
     * The session ended, once: {@code transport close}, {@code transport error}, {@code ping timeout},
     * {@code parse error}, {@code forced close} (the server closed it) or {@code server shutting down}.
     */
    void onClose(String reason);
}
