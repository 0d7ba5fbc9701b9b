package dev.switchboard.mock.slack;

import io.vertx.core.json.JsonObject;

/**
 * A Web API failure: {@code {"ok":false,"error":"<code>"}}, usually with HTTP 200 as Slack does, or 429 plus a
 * {@code Retry-After} header for rate limits. Thrown by handlers and turned into the response in one place.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String error;
    /** Seconds for the Retry-After header, or null for none. */
    final Integer retryAfterSeconds;

    ApiError(int status, String error, Integer retryAfterSeconds) {
        super(error, null, false, false); // control flow, not a bug: no stack trace
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiError of(String error) {
        return new ApiError(200, error, null);
    }

    static ApiError rateLimited(int retryAfterSeconds) {
        return new ApiError(429, "ratelimited", retryAfterSeconds);
    }

    JsonObject toJson() {
        return new JsonObject().put("ok", false).put("error", error);
    }
}
