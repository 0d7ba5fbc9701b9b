package dev.switchboard.platform.telegram;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code POST /telegram/{integrationId}/webhook}: hands pushed updates to the connection's webhook session. */
public final class TelegramWebhookEndpoint {
    public static final String ROUTE = "/telegram/:integrationId/webhook";
    private static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final Map<String, TelegramWebhook> sessions = new ConcurrentHashMap<>();

    void register(String integrationId, TelegramWebhook session) {
        sessions.put(integrationId, session);
    }

    void unregister(String integrationId, TelegramWebhook session) {
        sessions.remove(integrationId, session);
    }

    /** The outcome as (status, error code, message); the HTTP layer renders it in the API's error shape. */
    public record Outcome(int status, String code, String message) {
        static final Outcome STORED = new Outcome(200, null, null);
    }

    public Future<Outcome> handle(RoutingContext ctx) {
        TelegramWebhook session = sessions.get(ctx.pathParam("integrationId"));
        if (session == null) {
            return Future.succeededFuture(
                    new Outcome(404, "not_found", "no Telegram connection in webhook mode has this id"));
        }
        if (!session.acceptsSecret(ctx.request().getHeader(SECRET_HEADER))) {
            return Future.succeededFuture(
                    new Outcome(401, "unauthorized", "missing or wrong " + SECRET_HEADER + " header"));
        }
        JsonObject update;
        try {
            update = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            return Future.succeededFuture(new Outcome(400, "invalid_json", "the body is not a JSON object"));
        }
        if (update == null || !(update.getValue("update_id") instanceof Number)) {
            return Future.succeededFuture(
                    new Outcome(400, "validation_failed", "an update needs a numeric update_id"));
        }
        return session.receive(update).map(Outcome.STORED);
    }
}
