package dev.switchboard.hub.engineio;

import io.vertx.core.http.HttpServerResponse;

/** The refusals of the reference server, with the JSON codes its clients and test suite know. */
public enum EngineError {
    TRANSPORT_UNKNOWN(0, "Transport unknown", 400),
    UNKNOWN_SID(1, "Session ID unknown", 400),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method", 400),
    BAD_REQUEST(3, "Bad request", 400),
    FORBIDDEN(4, "Forbidden", 403),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", 400);

    private final int code;
    private final String message;
    private final int status;

    EngineError(int code, String message, int status) {
        this.code = code;
        this.message = message;
        this.status = status;
    }

    /** {@code {"code":3,"message":"Bad request"}}: the messages are constants, nothing needs escaping. */
    public String json() {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
    }

    void send(HttpServerResponse response) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(json()).onFailure(e -> { });
    }
}
