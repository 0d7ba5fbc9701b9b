package dev.switchboard.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * What every mock's {@code /_mock/} control API shares: read the JSON body, hand it to the mock's
 * routes, and answer a bad request with 400 and the reason instead of failing the server.
 */
public final class ControlRequests {
    /** One mock's control routes; {@code path} is what follows {@code /_mock}. */
    @FunctionalInterface
    public interface Routes {
        void route(HttpMethod method, String path, JsonObject body, HttpServerResponse response);
    }

    private ControlRequests() {
    }

    public static void handle(HttpServerRequest req, Routes routes) {
        req.body().onComplete(body -> {
            if (body.failed()) {
                return; // the client went away mid-request
            }
            HttpServerResponse response = req.response();
            try {
                routes.route(req.method(), req.path().substring("/_mock".length()), json(body.result()), response);
            } catch (IllegalArgumentException | IllegalStateException | DecodeException | ClassCastException
                     | NullPointerException e) {
                reply(response, 400, new JsonObject().put("error", String.valueOf(e.getMessage())));
            }
        });
    }

    public static void reply(HttpServerResponse response, int status, JsonObject body) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
    }

    private static JsonObject json(Buffer body) {
        return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
    }
}
