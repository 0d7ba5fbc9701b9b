package dev.switchboard.hub.engineio;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.Set;

/**
 * Which browser origins may use the endpoint, and the CORS headers that tell the browser so.
 * A request from another origin is refused outright (403) rather than served without headers:
 * a polling POST would otherwise still reach the session even though the browser hides the answer.
 */
final class Cors {
    private final Set<String> allowed;
    private final boolean anyOrigin;
    private final boolean credentials;

    Cors(Set<String> allowed, boolean credentials) {
        this.allowed = allowed;
        this.anyOrigin = allowed.contains("*");
        this.credentials = credentials;
    }

    /** Non-browser clients send no Origin and are always allowed. */
    boolean allows(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        return origin == null || anyOrigin || allowed.contains(origin);
    }

    /** Adds the headers for an allowed request (call {@link #allows} first). */
    void decorate(HttpServerRequest request, HttpServerResponse response) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return;
        }
        if (anyOrigin && !credentials) {
            response.putHeader("Access-Control-Allow-Origin", "*");
        } else {
            // a credentialed request may not be answered with "*": name the origin, and say the answer varies
            response.putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
        }
        if (credentials) {
            response.putHeader("Access-Control-Allow-Credentials", "true");
        }
    }

    /** Answers an OPTIONS preflight. */
    void preflight(HttpServerRequest request, HttpServerResponse response) {
        decorate(request, response);
        response.putHeader("Access-Control-Allow-Methods", "GET,POST,OPTIONS");
        String headers = request.getHeader("Access-Control-Request-Headers");
        if (headers != null) {
            response.putHeader("Access-Control-Allow-Headers", headers);
        }
        response.putHeader("Access-Control-Max-Age", "600").putHeader("Content-Length", "0").setStatusCode(204).end()
                .onFailure(e -> { });
    }
}
