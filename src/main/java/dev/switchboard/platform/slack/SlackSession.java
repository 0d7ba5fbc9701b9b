package dev.switchboard.platform.slack;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Event;
import dev.switchboard.platform.Inlet;
import dev.switchboard.platform.PlatformException;
import dev.switchboard.platform.SessionState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A Socket Mode connection for one app. Every envelope is stored, then acknowledged on the socket
 * it came from. When Slack announces a refresh, a second socket is opened first and the old one
 * closed only once the new one said hello (make-before-break: never more than two sockets, and
 * nothing falls between them; what the old socket had not acked, Slack sends again).
 */
final class SlackSession extends SessionState {
    private static final Logger log = LoggerFactory.getLogger(SlackSession.class);
    /** Slack says it has too many of our sockets: give the surplus time to go before trying again. */
    static final Duration TOO_MANY_SOCKETS_PAUSE = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final SlackApi api;
    private final WebSocketClient sockets;
    private final Connection connection;
    private final Inlet inlet;
    private final Clock clock;
    private final SlackConnector.Liveness liveness;
    private final ResponseWindows windows;
    private final String appToken;
    private final String botToken;

    private SlackEvents.Identity self;
    /** The socket events are served on. */
    private SlackLink current;
    /** A socket still opening (before its hello), during start or a refresh. */
    private SlackLink opening;
    private boolean refreshing;
    private boolean closing;

    SlackSession(Vertx vertx, SlackApi api, WebSocketClient sockets, Connection connection, Inlet inlet, Clock clock,
                 SlackConnector.Liveness liveness, ResponseWindows windows) {
        this.windows = windows;
        this.vertx = vertx;
        this.api = api;
        this.sockets = sockets;
        this.connection = connection;
        this.inlet = inlet;
        this.clock = clock;
        this.liveness = liveness;
        this.appToken = connection.requiredSetting("slackAppToken");
        this.botToken = connection.requiredSetting("slackBotToken");
    }

    void start() {
        api.call(botToken, "auth.test", new JsonObject())
                .compose(me -> {
                    self = new SlackEvents.Identity(me.getString("user_id", ""), me.getString("bot_id", ""));
                    return openLink();
                })
                .onSuccess(link -> {
                    serve(link);
                    markConnected();
                })
                .onFailure(failure -> fail(PlatformException.classify(failure)));
    }

    /** A new socket (a fresh URL every time), ready once it said hello. */
    private Future<SlackLink> openLink() {
        return api.call(appToken, "apps.connections.open", new JsonObject()).compose(opened -> {
            SlackLink link = SlackLink.open(vertx, sockets, opened.getString("url"), clock, liveness.pingEvery(),
                    liveness.silence(), this::onMessage);
            opening = link;
            return link.hello().map(link).recover(e -> {
                link.close((short) 1000);
                return Future.failedFuture(PlatformException.transientFailure(
                        "Slack socket: " + e.getMessage(), (Throwable) null));
            }).onComplete(done -> {
                if (opening == link) {
                    opening = null;
                }
            });
        });
    }

    private void serve(SlackLink link) {
        if (closing) {
            link.close((short) 1000);
            return;
        }
        current = link;
        link.closed().onSuccess(reason -> {
            if (closing || link != current) {
                return;
            }
            current = null;
            if (!refreshing) {
                fail(PlatformException.transientFailure("Slack socket lost: " + reason, (Throwable) null));
            }
            // else the socket being opened takes over as soon as it says hello
        });
    }

    private void onMessage(SlackLink link, JsonObject message) {
        if ("disconnect".equals(message.getString("type"))) {
            onDisconnect(link, message.getString("reason", ""));
            return;
        }
        String envelopeId = message.getString("envelope_id");
        if (envelopeId == null) {
            return;
        }
        List<Event> events = SlackEvents.normalize(message, connection, self, clock.instant()).map(List::of).orElse(List.of());
        // only an event the agent will see can be answered on the ack; the rest are acked at once
        boolean answerable = message.getBoolean("accepts_response_payload", false) && !events.isEmpty()
                && connection.accepts(events.get(0).type());
        // acknowledged only once stored: if storing fails, Slack's retry brings it back
        inlet.accept(events, null).onSuccess(v -> {
            JsonObject ack = new JsonObject().put("envelope_id", envelopeId);
            if (!answerable) {
                link.send(ack);
                return;
            }
            windows.await(events.get(0).id(), liveness.responseWindow()).onSuccess(answer -> {
                answer.ifPresent(text -> ack.put("payload", new JsonObject().put("text", text)
                        .put("response_type", "in_channel")));
                link.send(ack);
            });
        });
    }

    private void onDisconnect(SlackLink link, String reason) {
        switch (reason) {
            case "warning", "refresh_requested" -> refresh();
            case "link_disabled" -> fail(PlatformException.fatal(
                    "Slack disabled Socket Mode for this app (link_disabled): turn it back on in the app settings"));
            case "too_many_websockets" -> {
                if (refreshing && link != current) {
                    link.close((short) 1000); // the surplus is ours: the refresh gives up, the current socket serves on
                } else {
                    fail(PlatformException.transientFailure("Slack: too many sockets are open for this app"
                            + " (too_many_websockets); is another process using the same app token?",
                            TOO_MANY_SOCKETS_PAUSE));
                }
            }
            default -> {
                // an unknown reason still means this socket is going away, as every Slack SDK assumes
                log.info("connection {}: Slack sent disconnect ({}); refreshing", connection.id(), reason);
                refresh();
            }
        }
    }

    /** Make before break: the old socket keeps serving until the new one said hello. */
    private void refresh() {
        if (refreshing || closing) {
            return;
        }
        refreshing = true;
        SlackLink old = current;
        openLink().onComplete(result -> {
            refreshing = false;
            if (result.succeeded()) {
                serve(result.result());
                if (old != null && old != current) {
                    old.close((short) 1000);
                }
            } else if (current == null && !closing) {
                fail(PlatformException.classify(result.cause()));
            }
        });
    }

    /** The first reason wins: closing the links afterwards fails their pending hellos too. */
    private void fail(PlatformException reason) {
        closing = true;
        markFailed(reason);
        closeLinks((short) 4000);
    }

    private void closeLinks(short code) {
        for (SlackLink link : new SlackLink[]{current, opening}) {
            if (link != null) {
                link.close(code);
            }
        }
        current = null;
        opening = null;
    }

    @Override
    public Future<Void> close(boolean forget) {
        closing = true;
        closeLinks((short) 1000);
        markClosed();
        return Future.succeededFuture();
    }
}
