package dev.switchboard.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.function.Function;

/** The request and response idioms every route shares. */
final class Http {
    private Http() {
    }

    /** What a route answers: a status and a JSON body (null for none). */
    record Answer(int status, Object body) {
        static Answer ok(Object body) {
            return new Answer(200, body);
        }
    }

    /** Runs an asynchronous route; any failure goes to the error renderer. */
    static Handler<RoutingContext> route(Function<RoutingContext, Future<Answer>> handler) {
        return ctx -> {
            Future<Answer> answer;
            try {
                answer = handler.apply(ctx);
            } catch (RuntimeException e) {
                ctx.fail(e);
                return;
            }
            answer.onSuccess(a -> send(ctx, a.status(), a.body())).onFailure(ctx::fail);
        };
    }

    static void send(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status);
        if (body == null) {
            ctx.response().end();
        } else {
            ctx.response().putHeader("Content-Type", "application/json").end(
                    body instanceof JsonObject json ? json.encode() : io.vertx.core.json.Json.encode(body));
        }
    }

    /** The {@code limit} query parameter: {@code fallback} when absent, 400 unless a whole number in 1..max. */
    static int limit(RoutingContext ctx, int fallback, int max) {
        String value = ctx.request().getParam("limit");
        if (value == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.validation(Map.of("limit", "must be a whole number from 1 to " + max));
    }

    /** The request body as a JSON object; 415 for another media type, 400 for anything unparsable. */
    static JsonObject jsonBody(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type != null && !type.toLowerCase().startsWith("application/json")) {
            throw new ApiError(415, "unsupported_media_type", "send the body as application/json", new JsonObject());
        }
        if (ctx.body() == null || ctx.body().length() == 0) {
            throw ApiError.invalidJson("the request needs a JSON object body");
        }
        try {
            Object value = io.vertx.core.json.Json.decodeValue(ctx.body().buffer());
            if (value instanceof JsonObject object) {
                return object;
            }
            throw ApiError.invalidJson("the body must be a JSON object");
        } catch (DecodeException e) {
            throw ApiError.invalidJson("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
