package dev.switchboard.hub.socketio;

/**
 * The acknowledgement callback of a client's event. Only the first {@link #send} counts; calls
 * after that, or after the socket disconnected, do nothing. Callable from any thread.
 */
@FunctionalInterface
public interface Ack {
    /** Answers with these arguments: JsonObject, JsonArray, String, Number, Boolean, null or Buffer/byte[]. */
    void send(Object... args);
}
