package dev.switchboard.mock.discord;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Discord's REST API v10 as far as a gateway client uses it: GET /gateway(/bot), GET /users/@me, POST
 * /channels/{id}/messages, the interaction callback and the interaction webhooks. Checks bot auth, applies the
 * global and per-route limits with Discord's headers, and validates bodies. Confined to the server's event loop.
 */
final class RestApi {

    static final String PREFIX = "/api/v10";
    private static final Pattern CHANNEL_MESSAGES = Pattern.compile("/channels/([^/]+)/messages");
    private static final Pattern CALLBACK = Pattern.compile("/interactions/([^/]+)/([^/]+)/callback");
    private static final Pattern ORIGINAL = Pattern.compile("/webhooks/([^/]+)/([^/]+)/messages/@original");
    private static final Pattern WEBHOOK = Pattern.compile("/webhooks/([^/]+)/([^/]+)");
    private static final String BOT_PREFIX = "Bot ";

    private final MockDiscordServer server;
    private final Interactions interactions;

    RestApi(MockDiscordServer server, Interactions interactions) {
        this.server = server;
        this.interactions = interactions;
    }

    void handle(HttpServerRequest req, String path) {
        String authorization = req.getHeader("Authorization");
        HttpMethod method = req.method();
        req.body().onComplete(read -> {
            if (read.failed()) {
                return; // the client went away mid-request
            }
            HttpServerResponse response = req.response();
            try {
                route(method, path, authorization, read.result(), response);
            } catch (RestError e) {
                write(response, e.status, e.toJson());
            }
        });
    }

    private void route(HttpMethod method, String path, String authorization, Buffer body, HttpServerResponse response) {
        String token = token(authorization);
        if (token != null) {
            server.countRequest(token);
        }
        Matcher m;
        if (path.equals("/gateway")) {
            only(method, HttpMethod.GET);
            write(response, 200, new JsonObject().put("url", server.gatewayUrl()));
        } else if (path.equals("/gateway/bot")) {
            only(method, HttpMethod.GET);
            MockDiscordBot bot = authenticate(authorization, token);
            bot.log.gatewayBotCalls++;
            if (passesGlobalLimit(bot, "GET " + path, response)) {
                write(response, 200, new JsonObject()
                        .put("url", server.gatewayUrl())
                        .put("shards", 1)
                        .put("session_start_limit", bot.sessionStart.toJson(System.currentTimeMillis())));
            }
        } else if (path.equals("/users/@me")) {
            only(method, HttpMethod.GET);
            MockDiscordBot bot = authenticate(authorization, token);
            if (passesGlobalLimit(bot, "GET " + path, response)) {
                write(response, 200, bot.botUser().put("verified", true).put("flags", 0));
            }
        } else if ((m = CHANNEL_MESSAGES.matcher(path)).matches()) {
            only(method, HttpMethod.POST);
            MockDiscordBot bot = authenticate(authorization, token);
            if (passesGlobalLimit(bot, "POST " + path, response)) {
                createMessage(bot, m.group(1), "POST " + path, body, response);
            }
        } else if ((m = CALLBACK.matcher(path)).matches()) {
            only(method, HttpMethod.POST);
            // no bot auth and no global limit: the interaction token is the credential
            interactions.callback(m.group(1), m.group(2), jsonOrNull(body));
            response.setStatusCode(204).end();
        } else if ((m = ORIGINAL.matcher(path)).matches()) {
            only(method, HttpMethod.PATCH);
            write(response, 200, interactions.editOriginal(m.group(1), m.group(2), json(body)));
        } else if ((m = WEBHOOK.matcher(path)).matches()) {
            only(method, HttpMethod.POST);
            write(response, 200, interactions.followUp(m.group(1), m.group(2), json(body)));
        } else {
            throw RestError.notFound();
        }
    }

    private void createMessage(MockDiscordBot bot, String channelId, String route, Buffer body,
                               HttpServerResponse response) {
        long now = System.currentTimeMillis();
        RestRateLimits.Bucket bucket = bot.rateLimits.takeChannel(channelId, now);
        bucket.writeHeaders(response);
        if (bucket.limited()) {
            rateLimited(bot, route, false, bucket.resetAfterSeconds(), response);
            return;
        }
        if (bot.channelDenied(channelId)) {
            throw new RestError(403, 50013, "Missing Permissions", null);
        }
        JsonObject request = json(body);
        MessageRules.checkNew(request);
        Object nonce = request.getValue("nonce");
        if (nonce != null && Boolean.TRUE.equals(request.getValue("enforce_nonce"))) {
            JsonObject earlier = bot.messageForNonce(String.valueOf(nonce), now);
            if (earlier != null) {
                write(response, 200, earlier);
                return;
            }
        }
        write(response, 200, bot.postMessage(channelId, request, now));
    }

    /** Counts the call against the bot's global limit, or answers the global 429 and returns false. */
    private boolean passesGlobalLimit(MockDiscordBot bot, String route, HttpServerResponse response) {
        double retryAfter = bot.rateLimits.takeGlobal(System.currentTimeMillis());
        if (retryAfter == 0) {
            return true;
        }
        response.putHeader("X-RateLimit-Global", "true");
        rateLimited(bot, route, true, retryAfter, response);
        return false;
    }

    private static void rateLimited(MockDiscordBot bot, String route, boolean global, double retryAfter,
                                    HttpServerResponse response) {
        bot.log.rateLimited(route, global, retryAfter);
        response.putHeader("Retry-After", Long.toString((long) Math.ceil(retryAfter)))
                .putHeader("X-RateLimit-Scope", global ? "global" : "user");
        write(response, 429, new JsonObject()
                .put("message", "You are being rate limited.")
                .put("retry_after", Math.round(retryAfter * 1000) / 1000.0)
                .put("global", global));
    }

    private MockDiscordBot authenticate(String authorization, String token) {
        if (authorization == null || !authorization.startsWith(BOT_PREFIX) || token == null) {
            throw RestError.unauthorized();
        }
        MockDiscordBot bot = server.botOnLoop(token);
        if (bot == null || bot.tokenInvalid) {
            throw RestError.unauthorized();
        }
        return bot;
    }

    /** The token an Authorization header carries, with or without the "Bot " prefix, so every use is counted. */
    private static String token(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.startsWith(BOT_PREFIX) ? authorization.substring(BOT_PREFIX.length()) : authorization;
        value = value.trim();
        return value.isEmpty() ? null : value;
    }

    private static void only(HttpMethod actual, HttpMethod allowed) {
        if (!actual.equals(allowed)) {
            throw RestError.methodNotAllowed();
        }
    }

    private static JsonObject json(Buffer body) {
        JsonObject json = jsonOrNull(body);
        if (json == null) {
            throw RestError.invalidJson();
        }
        return json;
    }

    private static JsonObject jsonOrNull(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            return body.toJsonObject();
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    static void write(HttpServerResponse response, int status, JsonObject body) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.toBuffer());
    }
}
