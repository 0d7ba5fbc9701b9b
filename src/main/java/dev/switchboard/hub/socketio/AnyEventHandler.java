package dev.switchboard.hub.socketio;

import io.vertx.core.json.JsonArray;

/** Sees every event of a socket, before its own handler (if any); e.g. to answer events nobody handles. */
@FunctionalInterface
public interface AnyEventHandler {
    /** @param handled whether a handler for this event is registered */
    void handle(String event, JsonArray args, Ack ack, boolean handled);
}
