package dev.switchboard.mock.discord;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A REST failure in Discord's shape, {@code {"code","message","errors"?}} with its HTTP status. Thrown by handlers
 * and written in one place.
 */
final class RestError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final int code;
    final transient JsonObject errors;

    RestError(int status, int code, String message, JsonObject errors) {
        super(message, null, false, false); // control flow, not a bug: no stack trace
        this.status = status;
        this.code = code;
        this.errors = errors;
    }

    static RestError unauthorized() {
        return new RestError(401, 0, "401: Unauthorized", null);
    }

    static RestError notFound() {
        return new RestError(404, 0, "404: Not Found", null);
    }

    static RestError methodNotAllowed() {
        return new RestError(405, 0, "405: Method Not Allowed", null);
    }

    static RestError invalidJson() {
        return new RestError(400, 50109, "The request body contains invalid JSON.", null);
    }

    static RestError emptyMessage() {
        return new RestError(400, 50006, "Cannot send an empty message", null);
    }

    /** 50035 Invalid Form Body with one field error, as Discord nests them. */
    static RestError invalidField(String field, String errorCode, String message) {
        JsonObject errors = new JsonObject().put(field, new JsonObject().put("_errors",
                new JsonArray().add(new JsonObject().put("code", errorCode).put("message", message))));
        return new RestError(400, 50035, "Invalid Form Body", errors);
    }

    JsonObject toJson() {
        JsonObject body = new JsonObject().put("message", getMessage()).put("code", code);
        if (errors != null) {
            body.put("errors", errors);
        }
        return body;
    }
}
