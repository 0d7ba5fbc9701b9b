package dev.switchboard.platform.discord;

import dev.switchboard.net.HttpExchange;
import dev.switchboard.platform.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Discord's REST API, the calls Switchboard makes: the gateway URL and identify budget, channel
 * messages, and interaction answers. Every call passes through {@link RestLimits}; every failure
 * becomes a {@link PlatformException} of the right kind here, with Discord's own error code.
 */
public final class DiscordApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String USER_AGENT = "DiscordBot (https://github.com/switchboard-gateway/switchboard, 1)";

    private final Vertx vertx;
    private final HttpClient client;
    private final String baseUrl;
    private final RestLimits limits;

    public DiscordApi(Vertx vertx, HttpClient client, URI baseUrl, java.time.Clock clock) {
        this.vertx = vertx;
        this.client = client;
        this.baseUrl = baseUrl.toString();
        this.limits = new RestLimits(clock);
    }

    /** {@code GET /gateway/bot}: where to connect, and how many identifies are left. */
    record GatewayInfo(String url, IdentifyGate.Limit limit) {
    }

    Future<GatewayInfo> gatewayBot(String token) {
        return call(token, HttpMethod.GET, "/gateway/bot", new RestLimits.Route("GET /gateway/bot", "", true), null)
                .map(body -> {
                    JsonObject start = body.getJsonObject("session_start_limit", new JsonObject());
                    return new GatewayInfo(body.getString("url"), new IdentifyGate.Limit(
                            start.getInteger("remaining", 1), Duration.ofMillis(start.getLong("reset_after", 0L)),
                            start.getInteger("max_concurrency", 1)));
                });
    }

    Future<JsonObject> createMessage(String token, String channelId, JsonObject message) {
        return call(token, HttpMethod.POST, "/channels/" + channelId + "/messages",
                new RestLimits.Route("POST /channels/{channel}/messages", channelId, true), message);
    }

    /** The interaction's first answer; Discord exempts these from the global limit. */
    Future<JsonObject> interactionCallback(String interactionId, String interactionToken, JsonObject response) {
        return call(null, HttpMethod.POST, "/interactions/" + interactionId + "/" + interactionToken + "/callback",
                new RestLimits.Route("POST /interactions/callback", interactionId, false), response);
    }

    /** Replaces a deferred answer's "thinking…" with the real one. */
    Future<JsonObject> editOriginal(String applicationId, String interactionToken, JsonObject message) {
        return call(null, HttpMethod.PATCH, "/webhooks/" + applicationId + "/" + interactionToken + "/messages/@original",
                new RestLimits.Route("PATCH /webhooks/original", interactionToken, false), message);
    }

    /** A further message in answer to the same interaction. */
    Future<JsonObject> followUp(String applicationId, String interactionToken, JsonObject message) {
        return call(null, HttpMethod.POST, "/webhooks/" + applicationId + "/" + interactionToken,
                new RestLimits.Route("POST /webhooks/followup", interactionToken, false), message);
    }

    /** {@code token} null: the call is authorized by the interaction token in its path, not the bot's. */
    private Future<JsonObject> call(String token, HttpMethod method, String path, RestLimits.Route route, JsonObject body) {
        String limitsKey = token != null ? token : "interactions";
        long wait = limits.admit(limitsKey, route).toMillis();
        Future<Void> admitted = wait == 0 ? Future.succeededFuture() : vertx.timer(wait).mapEmpty();
        Map<String, String> headers = new HashMap<>();
        headers.put("User-Agent", USER_AGENT);
        if (token != null) {
            headers.put("Authorization", "Bot " + token);
        }
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        String what = method.name() + " " + route.template();
        return admitted
                .compose(v -> HttpExchange.send(client, method, baseUrl + path, headers,
                        body == null ? null : Buffer.buffer(body.encode()), TIMEOUT))
                .recover(failure -> Future.failedFuture(PlatformException.transientFailure(
                        "Discord " + what + " failed: " + failure.getMessage(), (Throwable) null)))
                .compose(response -> {
                    JsonObject answer = json(response);
                    Duration retryAfter = retryAfter(response, answer);
                    limits.record(limitsKey, route, response, retryAfter);
                    return response.ok() ? Future.succeededFuture(answer)
                            : Future.failedFuture(classify(what, response.status(), answer, retryAfter));
                });
    }

    private static JsonObject json(HttpExchange.Response response) {
        if (response.body().length() == 0) {
            return new JsonObject();
        }
        try {
            return new JsonObject(response.body());
        } catch (DecodeException | ClassCastException e) {
            return new JsonObject();
        }
    }

    /** The longer of the header and the body's figure: both are seconds, the body's with decimals. */
    private static Duration retryAfter(HttpExchange.Response response, JsonObject body) {
        if (response.status() != 429) {
            return Duration.ZERO;
        }
        Double header = RestLimits.decimal(response.headers().get("Retry-After"));
        Double inBody = body.getValue("retry_after") instanceof Number n ? n.doubleValue() : null;
        double seconds = Math.max(header == null ? 0 : header, inBody == null ? 0 : inBody);
        return Duration.ofMillis((long) Math.ceil((seconds > 0 ? seconds : 1) * 1000));
    }

    static PlatformException classify(String what, int status, JsonObject body, Duration retryAfter) {
        String detail = "Discord " + what + ": HTTP " + status
                + (body.containsKey("code") ? " code " + body.getValue("code") : "")
                + (body.getValue("message") instanceof String m ? " (" + m + ")" : "");
        if (status == 401) {
            return PlatformException.fatal("Discord rejected the bot token (HTTP 401): check discordBotToken");
        }
        if (status == 429) {
            return PlatformException.rateLimited(detail, retryAfter);
        }
        if (status >= 500 || status == 408) {
            return PlatformException.transientFailure(detail, (Throwable) null);
        }
        return PlatformException.rejected(detail);
    }
}
