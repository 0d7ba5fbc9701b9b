package dev.switchboard.hub.socketio;

import io.vertx.core.json.JsonArray;

/** Handles one event from a client; runs on the socket's event loop and must not block. */
@FunctionalInterface
public interface EventHandler {
    /**
     * @param args the event's arguments (binary ones as Buffers)
     * @param ack  the client's acknowledgement callback, or null when it asked for none
     */
    void handle(JsonArray args, Ack ack);
}
