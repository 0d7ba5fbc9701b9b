package dev.switchboard.hub.socketio;

import io.vertx.core.json.JsonObject;

/**
 * Fail a namespace's authorizer with this to refuse the connection: the client gets CONNECT_ERROR
 * {@code {"message": message, "data": data}} (socket.io-client: a {@code connect_error} whose
 * {@code message} and {@code data} are these). Any other failure is reported to the client as
 * "Internal server error", so internals do not leak.
 */
public final class ConnectRefused extends RuntimeException {
    private final transient JsonObject data;

    public ConnectRefused(String message, JsonObject dataOrNull) {
        super(message, null, false, false);
        this.data = dataOrNull;
    }

    public ConnectRefused(String message) {
        this(message, null);
    }

    /** The {@code data} sent along, or null. */
    public JsonObject data() {
        return data;
    }
}
