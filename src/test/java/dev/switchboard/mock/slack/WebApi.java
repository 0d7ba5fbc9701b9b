package dev.switchboard.mock.slack;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The Web API methods of one app, answered the way Slack does against that app's state. The server has already
 * matched the call's token to this app; authentication beyond that (revoked tokens, token types) happens here.
 * Confined to the server's event loop.
 */
final class WebApi {

    static final String CONNECTIONS_OPEN = "apps.connections.open";
    static final String AUTH_TEST = "auth.test";
    static final String POST_MESSAGE = "chat.postMessage";
    private static final int MAX_TEXT_LENGTH = 40_000;
    private static final java.util.Set<String> METHODS = java.util.Set.of(CONNECTIONS_OPEN, AUTH_TEST, POST_MESSAGE);

    private final MockSlackApp app;
    private final Faults faults;
    private final ChannelRateLimiter rateLimiter;
    private final Tickets tickets;

    WebApi(MockSlackApp app, Faults faults, ChannelRateLimiter rateLimiter, Tickets tickets) {
        this.app = app;
        this.faults = faults;
        this.rateLimiter = rateLimiter;
        this.tickets = tickets;
    }

    /**
     * Answers one call.
     *
     * @param headerAuthed whether the app token or bot token came in the Authorization header (apps.connections.open
     *     accepts no other way)
     * @param viaAppToken  whether the token was the app-level one rather than the bot token
     * @throws ApiError for every failure
     */
    JsonObject handle(ApiRequest req, boolean headerAuthed, boolean viaAppToken) {
        return switch (req.method) {
            case CONNECTIONS_OPEN -> connectionsOpen(headerAuthed, viaAppToken);
            case AUTH_TEST -> authTest(viaAppToken);
            case POST_MESSAGE -> postMessage(req, viaAppToken);
            default -> throw ApiError.of("unknown_method");
        };
    }

    static boolean isKnownMethod(String method) {
        return METHODS.contains(method);
    }

    private JsonObject connectionsOpen(boolean headerAuthed, boolean viaAppToken) {
        if (!headerAuthed) {
            throw ApiError.of("not_authed"); // a token in the body does not count for this method
        }
        if (!viaAppToken && faults.botTokenOpenError != null) {
            throw ApiError.of(faults.botTokenOpenError);
        }
        ApiError scripted = faults.takeConnectionsOpenFailure();
        if (scripted != null) {
            throw scripted;
        }
        return ok().put("url", tickets.issue(app));
    }

    private JsonObject authTest(boolean viaAppToken) {
        checkBotAuth(viaAppToken);
        return ok()
                .put("url", "https://mock.slack.com/")
                .put("team", "Mock")
                .put("user", "mockbot")
                .put("team_id", app.teamId())
                .put("user_id", app.botUserId())
                .put("bot_id", app.botId())
                .put("is_enterprise_install", false);
    }

    private JsonObject postMessage(ApiRequest req, boolean viaAppToken) {
        checkBotAuth(viaAppToken);
        ApiError injected = faults.takePostFailure();
        if (injected != null) {
            throw injected;
        }
        JsonObject p = req.params;
        String channel = ApiRequest.string(p, "channel");
        if (channel.isEmpty() || !app.knowsChannelOnLoop(channel)) {
            throw ApiError.of("channel_not_found");
        }
        String text = ApiRequest.string(p, "text");
        boolean hasBlocks = p.getValue("blocks") instanceof JsonArray blocks && !blocks.isEmpty();
        boolean hasAttachments = p.getValue("attachments") instanceof JsonArray attachments && !attachments.isEmpty();
        if (text.isBlank() && !hasBlocks && !hasAttachments) {
            throw ApiError.of("no_text");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw ApiError.of("msg_too_long");
        }
        // after validation, so rejected requests don't use up the channel's allowance
        int retryAfter = rateLimiter.acquire(channel, System.nanoTime());
        if (retryAfter > 0) {
            throw ApiError.rateLimited(retryAfter);
        }
        String threadTs = p.getValue("thread_ts") instanceof String t && !t.isEmpty() ? t : null;
        JsonObject message = app.botMessage(text, threadTs, hasBlocks ? p.getJsonArray("blocks") : null);
        app.posted(req.record(), channel, message);
        return ok().put("channel", channel).put("ts", message.getString("ts")).put("message", message);
    }

    private void checkBotAuth(boolean viaAppToken) {
        if (viaAppToken) {
            throw ApiError.of("not_allowed_token_type");
        }
        if (faults.authError != null) {
            throw ApiError.of(faults.authError);
        }
    }

    private static JsonObject ok() {
        return new JsonObject().put("ok", true);
    }
}
