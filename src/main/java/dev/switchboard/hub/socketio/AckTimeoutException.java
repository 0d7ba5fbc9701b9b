package dev.switchboard.hub.socketio;

/** The client did not acknowledge an event in time (or disconnected first). */
public final class AckTimeoutException extends RuntimeException {
    public AckTimeoutException(String message) {
        super(message, null, false, false);
    }
}
