package dev.switchboard.platform.slack;

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
import java.util.Set;

/**
 * The Web API: {@code POST {base}/<method>} with a JSON body and the token as a Bearer header
 * (apps.connections.open refuses it anywhere else). Slack answers most errors with HTTP 200 and
 * {@code ok:false}; both kinds become a {@link PlatformException} of the right kind here.
 */
public final class SlackApi {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** Errors no retry can fix (PLATFORMS.md §1.2, §1.13): the connection goes to {@code error}. */
    static final Set<String> FATAL = Set.of("invalid_auth", "not_authed", "account_inactive", "token_revoked",
            "user_removed_from_team", "team_disabled", "not_allowed_token_type", "missing_scope", "invalid_token");
    /** Errors about one request: give that request up. */
    private static final Set<String> REJECTED = Set.of("channel_not_found", "not_in_channel", "is_archived",
            "msg_too_long", "no_text", "too_many_attachments", "invalid_arguments", "invalid_blocks",
            "restricted_action", "restricted_action_read_only_channel", "restricted_action_thread_only_channel",
            "restricted_action_non_threadable_channel", "cannot_reply_to_message", "thread_locked");

    private final HttpClient client;
    private final String baseUrl;

    public SlackApi(HttpClient client, URI baseUrl) {
        this.client = client;
        this.baseUrl = baseUrl.toString();
    }

    public Future<JsonObject> call(String token, String method, JsonObject body) {
        return HttpExchange.send(client, HttpMethod.POST, baseUrl + "/" + method,
                        Map.of("Content-Type", "application/json; charset=utf-8", "Authorization", "Bearer " + token),
                        Buffer.buffer(body.encode()), TIMEOUT)
                .recover(failure -> Future.failedFuture(PlatformException.transientFailure(
                        "Slack " + method + " failed: " + failure.getMessage(), (Throwable) null)))
                .compose(response -> parse(method, response));
    }

    private static Future<JsonObject> parse(String method, HttpExchange.Response response) {
        if (response.status() == 429) {
            long seconds = retryAfter(response.headers().get("Retry-After"));
            return Future.failedFuture(PlatformException.rateLimited("Slack " + method + ": ratelimited",
                    Duration.ofSeconds(seconds)));
        }
        JsonObject body;
        try {
            body = new JsonObject(response.body());
        } catch (DecodeException | ClassCastException e) {
            return Future.failedFuture(PlatformException.transientFailure(
                    "Slack " + method + " answered HTTP " + response.status() + " without JSON", (Throwable) null));
        }
        if (Boolean.TRUE.equals(body.getBoolean("ok"))) {
            return Future.succeededFuture(body);
        }
        return Future.failedFuture(classify(method, body.getString("error", "HTTP " + response.status())));
    }

    static PlatformException classify(String method, String error) {
        String message = "Slack " + method + ": " + error;
        if (FATAL.contains(error)) {
            return PlatformException.fatal(message);
        }
        if (error.equals("ratelimited") || error.equals("rate_limited")) {
            return PlatformException.rateLimited(message, Duration.ofSeconds(30));
        }
        return REJECTED.contains(error) ? PlatformException.rejected(message)
                : PlatformException.transientFailure(message, (Throwable) null);
    }

    private static long retryAfter(String header) {
        try {
            return header == null ? 30 : Math.max(1, Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            return 30;
        }
    }
}
