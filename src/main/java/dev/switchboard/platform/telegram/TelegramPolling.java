package dev.switchboard.platform.telegram;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Event;
import dev.switchboard.platform.Inlet;
import dev.switchboard.platform.PlatformException;
import dev.switchboard.platform.SessionState;
import dev.switchboard.store.Inbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Long polling: {@code getUpdates} in a loop. The offset that confirms a batch is sent only after
 * the batch and the new offset are stored together, so a crash at any point loses nothing:
 * Telegram resends what was not confirmed, and the inbox drops what it already has.
 */
final class TelegramPolling extends SessionState {
    /** How long a duplicate poller is given before we try again, so two instances don't hot-loop taking turns. */
    static final Duration DUPLICATE_POLLER_PAUSE = Duration.ofSeconds(30);

    private final TelegramApi api;
    private final Connection connection;
    private final Inlet inlet;
    private final Inbox inbox;
    private final Clock clock;
    private final int pollTimeoutSeconds;
    private final String token;

    private long botId;
    private long offset;
    private TelegramApi.Call inFlight;
    private boolean closed;

    TelegramPolling(TelegramApi api, Connection connection, Inlet inlet, Inbox inbox, Clock clock, int pollTimeoutSeconds) {
        this.api = api;
        this.connection = connection;
        this.inlet = inlet;
        this.inbox = inbox;
        this.clock = clock;
        this.pollTimeoutSeconds = pollTimeoutSeconds;
        this.token = connection.requiredSetting("telegramBotToken");
    }

    void start() {
        api.call(token, "getMe", new JsonObject())
                .compose(me -> {
                    botId = ((JsonObject) me).getLong("id");
                    return api.call(token, "getWebhookInfo", new JsonObject());
                })
                // a webhook left from webhook mode (or set by hand) would make every poll fail with 409
                .compose(info -> ((JsonObject) info).getString("url", "").isEmpty() ? Future.succeededFuture()
                        : api.call(token, "deleteWebhook", new JsonObject().put("drop_pending_updates", false)))
                .compose(v -> inbox.cursor(connection.id(), cursorName()))
                .onSuccess(stored -> {
                    offset = stored.map(Long::parseLong).orElse(0L);
                    markConnected();
                    poll();
                })
                .onFailure(this::end);
    }

    private String cursorName() {
        return "telegram.offset:" + botId;
    }

    private void poll() {
        if (closed) {
            return;
        }
        JsonObject params = new JsonObject()
                .put("offset", offset)
                .put("timeout", pollTimeoutSeconds)
                .put("allowed_updates", TelegramEvents.allowedUpdates(connection));
        inFlight = api.start(token, "getUpdates", params, Duration.ofSeconds(pollTimeoutSeconds + 10L));
        inFlight.result()
                .compose(result -> store((JsonArray) result))
                .onSuccess(v -> poll())
                .onFailure(this::end);
    }

    private Future<Void> store(JsonArray updates) {
        if (closed || updates.isEmpty()) {
            return Future.succeededFuture();
        }
        long maxId = offset - 1;
        List<Event> events = new ArrayList<>(updates.size());
        for (Object item : updates) {
            JsonObject update = (JsonObject) item;
            maxId = Math.max(maxId, update.getLong("update_id"));
            TelegramEvents.normalize(update, connection, botId, clock.instant()).ifPresent(events::add);
        }
        long next = maxId + 1;
        return inlet.accept(events, new Inbox.CursorMove(connection.id(), cursorName(), Long.toString(next)))
                .onSuccess(v -> offset = next);
    }

    private void end(Throwable failure) {
        if (closed) {
            return;
        }
        closed = true;
        PlatformException reason = failure instanceof TelegramApi.TelegramError error && error.code() == 409
                ? conflict(error) : TelegramApi.classify(failure);
        markFailed(reason);
    }

    /** The two 409s of PLATFORMS.md §3.2: someone set a webhook, or another process polls the same bot. */
    private static PlatformException conflict(TelegramApi.TelegramError error) {
        if (error.description().contains("webhook")) {
            return PlatformException.fatal("a webhook was set for this bot by someone else while Switchboard was polling"
                    + " (409: " + error.description() + "); reconnect to take the bot back");
        }
        return PlatformException.transientFailure("another process is polling with this bot token (409: "
                + error.description() + "); make sure only one instance runs", DUPLICATE_POLLER_PAUSE);
    }

    @Override
    public Future<Void> close(boolean forget) {
        closed = true;
        if (inFlight != null) {
            inFlight.cancel();
        }
        markClosed();
        return Future.succeededFuture();
    }
}
