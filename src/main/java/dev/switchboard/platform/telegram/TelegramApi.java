package dev.switchboard.platform.telegram;

import dev.switchboard.net.HttpExchange;
import dev.switchboard.platform.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The Bot API over HTTP: {@code POST {base}/bot<token>/<method>} with a JSON body. Answers are
 * turned into results or a {@link TelegramError}; the token, which is part of every URL, is kept
 * out of every message.
 */
public final class TelegramApi {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private final HttpClient client;
    private final String baseUrl;

    public TelegramApi(HttpClient client, URI baseUrl) {
        this.client = client;
        this.baseUrl = baseUrl.toString();
    }

    public Future<Object> call(String token, String method, JsonObject params) {
        return start(token, method, params, DEFAULT_TIMEOUT).result();
    }

    /** A call that can be abandoned, for long polls. */
    public Call start(String token, String method, JsonObject params, Duration timeout) {
        HttpExchange exchange = HttpExchange.start(client, HttpMethod.POST, baseUrl + "/bot" + token + "/" + method,
                JSON, Buffer.buffer(params.encode()), timeout);
        Future<Object> result = exchange.future()
                .recover(failure -> Future.failedFuture(PlatformException.transientFailure(
                        "Telegram " + method + " failed: " + scrub(String.valueOf(failure.getMessage()), token), (Throwable) null)))
                .compose(response -> parse(method, response));
        return new Call(exchange, result);
    }

    public record Call(HttpExchange exchange, Future<Object> result) {
        public void cancel() {
            exchange.cancel();
        }
    }

    private static Future<Object> parse(String method, HttpExchange.Response response) {
        JsonObject body;
        try {
            body = new JsonObject(response.body());
        } catch (DecodeException | ClassCastException e) {
            return Future.failedFuture(PlatformException.transientFailure(
                    "Telegram " + method + " answered HTTP " + response.status() + " without JSON", (Throwable) null));
        }
        if (response.ok() && Boolean.TRUE.equals(body.getBoolean("ok"))) {
            return Future.succeededFuture(body.getValue("result"));
        }
        JsonObject parameters = body.getJsonObject("parameters", new JsonObject());
        return Future.failedFuture(new TelegramError(method, body.getInteger("error_code", response.status()),
                body.getString("description", "HTTP " + response.status()), parameters.getLong("retry_after"),
                parameters.getLong("migrate_to_chat_id")));
    }

    static String scrub(String message, String token) {
        return token == null || token.isEmpty() ? message : message.replace(token, "<token>");
    }

    /** An error answer of the Bot API, with the platform's own words. */
    public static final class TelegramError extends RuntimeException {
        private final String method;
        private final int code;
        private final String description;
        private final Long retryAfter;
        private final Long migrateToChatId;

        TelegramError(String method, int code, String description, Long retryAfter, Long migrateToChatId) {
            super("Telegram " + method + ": " + code + " " + description, null, false, false);
            this.method = method;
            this.code = code;
            this.description = description;
            this.retryAfter = retryAfter;
            this.migrateToChatId = migrateToChatId;
        }

        public int code() {
            return code;
        }

        public String description() {
            return description;
        }

        public Long migrateToChatId() {
            return migrateToChatId;
        }

        /** What the rest of the gateway should do about it (PLATFORMS.md §3.8). */
        public PlatformException classify() {
            return switch (code) {
                case 401 -> PlatformException.fatal("Telegram rejected the bot token (401 " + description + ")");
                case 404 -> PlatformException.fatal("Telegram does not recognise the bot token (404 " + description
                        + "): check that it is complete, e.g. 123456:ABC-DEF...");
                case 429 -> PlatformException.rateLimited("Telegram " + method + ": 429 " + description,
                        Duration.ofSeconds(retryAfter == null ? 1 : Math.max(1, retryAfter)));
                case 400, 403 -> PlatformException.rejected("Telegram " + method + ": " + code + " " + description);
                default -> PlatformException.transientFailure("Telegram " + method + ": " + code + " " + description,
                        (Throwable) null);
            };
        }
    }

    /** Turns any failure of a call into the platform view of it. */
    public static PlatformException classify(Throwable failure) {
        return failure instanceof TelegramError error ? error.classify() : PlatformException.classify(failure);
    }
}
