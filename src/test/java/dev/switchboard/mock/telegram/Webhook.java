package dev.switchboard.mock.telegram;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * One bot's webhook registration and the pusher that delivers its queued updates: one POST at a time, in order,
 * the next only after a 2xx, retrying the same update after a delay on any other outcome. Confined to the
 * server's event loop.
 */
final class Webhook {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    private static final long CONNECT_TIMEOUT_MS = 5_000;
    private static final long IDLE_TIMEOUT_MS = 30_000;

    private final Vertx vertx;
    private final HttpClient client;
    private final UpdateQueue queue;

    private String url = "";
    private String secret;
    private Integer maxConnections;
    private long retryDelayMs = 200;

    private int attempts;
    private Long lastErrorDate;
    private String lastErrorMessage;

    private boolean inFlight;
    private long retryTimer = -1;
    /** Bumped on every reconfiguration so answers to POSTs made for an older registration are ignored. */
    private int generation;

    Webhook(Vertx vertx, HttpClient client, UpdateQueue queue) {
        this.vertx = vertx;
        this.client = client;
        this.queue = queue;
    }

    boolean isActive() {
        return !url.isEmpty();
    }

    String url() {
        return url;
    }

    String secret() {
        return secret;
    }

    int attempts() {
        return attempts;
    }

    void set(String newUrl, String newSecret, Integer newMaxConnections) {
        reset();
        url = newUrl;
        secret = newSecret;
        maxConnections = newMaxConnections;
        lastErrorDate = null;
        lastErrorMessage = null;
        deliverNext();
    }

    void delete() {
        reset();
        url = "";
        secret = null;
        maxConnections = null;
    }

    private void reset() {
        generation++;
        inFlight = false;
        if (retryTimer != -1) {
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
        }
    }

    void setRetryDelay(Duration delay) {
        retryDelayMs = Math.max(1, delay.toMillis());
    }

    JsonObject info(int pendingCount, JsonArray allowedUpdates) {
        JsonObject info = new JsonObject()
                .put("url", url)
                .put("has_custom_certificate", false)
                .put("pending_update_count", pendingCount);
        if (lastErrorDate != null) {
            info.put("last_error_date", lastErrorDate).put("last_error_message", lastErrorMessage);
        }
        if (isActive()) {
            info.put("max_connections", maxConnections == null ? 40 : maxConnections);
            if (allowedUpdates != null) {
                info.put("allowed_updates", allowedUpdates);
            }
        }
        return info;
    }

    /** Starts delivering the oldest pending update unless a POST or a retry wait is already under way. */
    void deliverNext() {
        if (!isActive() || inFlight || retryTimer != -1) {
            return;
        }
        JsonObject update = queue.head();
        if (update != null) {
            post(update);
        }
    }

    private void post(JsonObject update) {
        inFlight = true;
        attempts++;
        int postedFor = generation;
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .putHeader("Content-Type", "application/json")
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setIdleTimeout(IDLE_TIMEOUT_MS);
        if (secret != null) {
            options.putHeader(SECRET_HEADER, secret);
        }
        client.request(options)
                .compose(req -> req.send(update.toBuffer()))
                .compose(resp -> resp.body().map(body -> resp))
                .onComplete(ar -> {
                    if (postedFor != generation) {
                        return;
                    }
                    inFlight = false;
                    if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
                        queue.confirmHead(update);
                        deliverNext();
                    } else {
                        failed(ar.succeeded() ? wrongResponse(ar.result()) : String.valueOf(ar.cause().getMessage()));
                    }
                });
    }

    private static String wrongResponse(HttpClientResponse resp) {
        return "Wrong response from the webhook: " + resp.statusCode() + " " + resp.statusMessage();
    }

    private void failed(String message) {
        lastErrorDate = System.currentTimeMillis() / 1000;
        lastErrorMessage = message;
        retryTimer = vertx.setTimer(retryDelayMs, id -> {
            retryTimer = -1;
            deliverNext();
        });
    }
}
