package dev.switchboard.platform.slack;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Platform;
import dev.switchboard.core.Reply;
import dev.switchboard.platform.Connector;
import dev.switchboard.platform.Inlet;
import dev.switchboard.platform.PlatformException;
import dev.switchboard.platform.PlatformSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The Slack adapter: Socket Mode sessions in, {@code chat.postMessage} out. */
public final class SlackConnector implements Connector {
    /**
     * How often we ping, how long a silent socket is trusted (PLATFORMS.md §1.8), and how long an
     * envelope that accepts a response payload waits for the agent (Slack allows 3 s in all).
     */
    public record Liveness(Duration pingEvery, Duration silence, Duration responseWindow) {
    }

    private final Vertx vertx;
    private final SlackApi api;
    private final WebSocketClient sockets;
    private final Clock clock;
    private final Liveness liveness;
    private final ResponseWindows windows;

    public SlackConnector(Vertx vertx, SlackApi api, WebSocketClient sockets, Clock clock, Liveness liveness) {
        this.vertx = vertx;
        this.api = api;
        this.sockets = sockets;
        this.clock = clock;
        this.liveness = liveness;
        this.windows = new ResponseWindows(vertx);
    }

    @Override
    public Platform platform() {
        return Platform.SLACK;
    }

    @Override
    public Map<String, String> validate(Connection connection) {
        Map<String, String> problems = new LinkedHashMap<>();
        check(connection, "slackAppToken", "xapp-", "an app-level token (xapp-...) with connections:write", problems);
        check(connection, "slackBotToken", "xoxb-", "a bot token (xoxb-...)", problems);
        return problems;
    }

    private static void check(Connection connection, String field, String prefix, String what, Map<String, String> problems) {
        Optional<String> value = connection.setting(field);
        if (value.isEmpty()) {
            problems.put("config." + field, "required for platform slack: " + what);
        } else if (!value.get().startsWith(prefix)) {
            problems.put("config." + field, "expected " + what);
        }
    }

    @Override
    public PlatformSession open(Connection connection, Inlet inlet) {
        SlackSession session = new SlackSession(vertx, api, sockets, connection, inlet, clock, liveness, windows);
        session.start();
        return session;
    }

    /**
     * On the acknowledgement when the event is still waiting for it; otherwise into the thread when
     * the event had one (or started one), and slash command answers to their channel.
     */
    @Override
    public Future<Void> send(Connection connection, Reply reply) {
        if (windows.offer(reply.eventId(), reply.text())) {
            return Future.succeededFuture();
        }
        if (reply.respondTo() == null) {
            return Future.failedFuture(PlatformException.rejected("a Slack reply needs respondTo (the channel id)"));
        }
        JsonObject message = new JsonObject().put("channel", reply.respondTo()).put("text", reply.text());
        if (reply.replyToken() != null) {
            message.put("thread_ts", reply.replyToken());
        }
        return api.call(connection.requiredSetting("slackBotToken"), "chat.postMessage", message).mapEmpty();
    }
}
