package dev.switchboard.platform.telegram;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Ids;
import dev.switchboard.platform.Inlet;
import dev.switchboard.platform.SessionState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;

/**
 * Webhook mode: Telegram pushes updates to {@code PUBLIC_URL/telegram/{id}/webhook}. Each start
 * registers the webhook with a fresh random secret, so only Telegram (which we told the secret)
 * can post there; the update is answered 200 only once it is stored.
 */
final class TelegramWebhook extends SessionState {
    private final TelegramApi api;
    private final Connection connection;
    private final Inlet inlet;
    private final TelegramWebhookEndpoint endpoint;
    private final URI publicUrl;
    private final Clock clock;
    private final String token;
    private final String secret = Ids.secret(48);
    private long botId;

    TelegramWebhook(TelegramApi api, Connection connection, Inlet inlet, TelegramWebhookEndpoint endpoint, URI publicUrl,
                    Clock clock) {
        this.api = api;
        this.connection = connection;
        this.inlet = inlet;
        this.endpoint = endpoint;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.token = connection.requiredSetting("telegramBotToken");
    }

    static String path(String integrationId) {
        return "/telegram/" + integrationId + "/webhook";
    }

    void start() {
        api.call(token, "getMe", new JsonObject())
                .compose(me -> {
                    botId = ((JsonObject) me).getLong("id");
                    // registered before Telegram knows the URL, so the first push finds us
                    endpoint.register(connection.id(), this);
                    return api.call(token, "setWebhook", new JsonObject()
                            .put("url", publicUrl + path(connection.id()))
                            .put("secret_token", secret)
                            .put("allowed_updates", TelegramEvents.allowedUpdates(connection)));
                })
                .onSuccess(v -> markConnected())
                .onFailure(failure -> {
                    endpoint.unregister(connection.id(), this);
                    markFailed(TelegramApi.classify(failure));
                });
    }

    boolean acceptsSecret(String presented) {
        return presented != null && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    Future<Void> receive(JsonObject update) {
        return inlet.accept(TelegramEvents.normalize(update, connection, botId, clock.instant()).map(List::of)
                .orElse(List.of()), null);
    }

    @Override
    public Future<Void> close(boolean forget) {
        endpoint.unregister(connection.id(), this);
        markClosed();
        return forget ? api.call(token, "deleteWebhook", new JsonObject()).mapEmpty() : Future.succeededFuture();
    }
}
