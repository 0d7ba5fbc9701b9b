package dev.switchboard.mock.telegram;

import io.vertx.core.json.JsonObject;

import java.io.Serial;

/**
 * A Bot API failure: the HTTP status (which Telegram mirrors in {@code error_code}), the description and the optional
 * {@code parameters} object. Thrown by method handlers and turned into the error envelope by the server.
 */
final class TelegramError extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String WEBHOOK_ACTIVE =
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
    static final String TERMINATED_BY_OTHER_POLL =
            "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";
    static final String QUERY_TOO_OLD =
            "Bad Request: query is too old and response timeout expired or query ID is invalid";

    final int status;
    final String description;
    final transient JsonObject parameters;

    TelegramError(int status, String description, JsonObject parameters) {
        // no stack trace: these are expected outcomes, created on hot paths (429s under load)
        super(description, null, false, false);
        this.status = status;
        this.description = description;
        this.parameters = parameters;
    }

    static TelegramError of(int status, String description) {
        return new TelegramError(status, description, null);
    }

    static TelegramError badRequest(String what) {
        return of(400, "Bad Request: " + what);
    }

    static TelegramError notFound() {
        return of(404, "Not Found");
    }

    static TelegramError unauthorized() {
        return of(401, "Unauthorized");
    }

    static TelegramError tooManyRequests(int retryAfterSeconds) {
        return new TelegramError(429, "Too Many Requests: retry after " + retryAfterSeconds,
                new JsonObject().put("retry_after", retryAfterSeconds));
    }

    static TelegramError migrated(long newChatId) {
        return new TelegramError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                new JsonObject().put("migrate_to_chat_id", newChatId));
    }

    JsonObject toJson() {
        JsonObject body = new JsonObject().put("ok", false).put("error_code", status).put("description", description);
        if (parameters != null) {
            body.put("parameters", parameters.copy());
        }
        return body;
    }
}
