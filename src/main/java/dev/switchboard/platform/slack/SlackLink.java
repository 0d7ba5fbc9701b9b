package dev.switchboard.platform.slack;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * One Socket Mode WebSocket: connects, waits for {@code hello}, passes every JSON frame on, and
 * watches for silence. Slack's server pings are answered by Vert.x; our own pings make a
 * half-open socket (nothing heard for {@code silence}) show, and then the link closes itself.
 */
final class SlackLink {
    private final Vertx vertx;
    private final Clock clock;
    private final Promise<JsonObject> hello = Promise.promise();
    private final Promise<String> closed = Promise.promise();
    private WebSocketBase socket;
    private long watchdog = -1;
    private volatile long lastHeard;

    private SlackLink(Vertx vertx, Clock clock) {
        this.vertx = vertx;
        this.clock = clock;
    }

    /**
     * Opens the socket; {@code onMessage} gets every JSON object frame but {@code hello}.
     * The link's {@link #closed()} completes, with the reason, whichever way it ends.
     */
    static SlackLink open(Vertx vertx, WebSocketClient client, String url, Clock clock, Duration pingEvery,
                          Duration silence, BiConsumer<SlackLink, JsonObject> onMessage) {
        SlackLink link = new SlackLink(vertx, clock);
        // handlers first, then connect: Slack sends hello the moment the upgrade completes
        ClientWebSocket ws = client.webSocket();
        link.attach(ws, onMessage);
        ws.connect(new WebSocketConnectOptions().setAbsoluteURI(url).setConnectTimeout(10_000))
                .onSuccess(connected -> link.watch(ws, pingEvery, silence))
                .onFailure(e -> link.end("could not open the socket: " + e.getMessage()));
        return link;
    }

    private void attach(ClientWebSocket ws, BiConsumer<SlackLink, JsonObject> onMessage) {
        socket = ws;
        heard();
        ws.pongHandler(b -> heard());
        ws.frameHandler(frame -> heard());
        ws.textMessageHandler(text -> {
            JsonObject message = parse(text);
            if (message == null) {
                return;
            }
            if ("hello".equals(message.getString("type"))) {
                hello.tryComplete(message);
            } else {
                onMessage.accept(this, message);
            }
        });
        ws.closeHandler(v -> end("the socket closed" + (ws.closeStatusCode() == null ? " without a close frame"
                : " with code " + ws.closeStatusCode())));
        ws.exceptionHandler(e -> {
        });
    }

    private void watch(WebSocketBase ws, Duration pingEvery, Duration silence) {
        heard();
        watchdog = vertx.setPeriodic(pingEvery.toMillis(), id -> {
            if (clock.millis() - lastHeard > silence.toMillis()) {
                end("nothing heard for " + silence.toMillis() + " ms (half-open socket)");
                ws.close((short) 4000);
            } else {
                ws.writePing(Buffer.buffer("sb")).onFailure(e -> { });
            }
        });
    }

    /** Slack ignores frames that are not JSON objects; so do we. */
    private static JsonObject parse(String text) {
        if (!text.startsWith("{")) {
            return null;
        }
        try {
            return new JsonObject(text);
        } catch (DecodeException e) {
            return null;
        }
    }

    private void heard() {
        lastHeard = clock.millis();
    }

    Future<JsonObject> hello() {
        return hello.future();
    }

    Future<String> closed() {
        return closed.future();
    }

    void send(JsonObject message) {
        if (socket != null && !closed.future().isComplete()) {
            socket.writeTextMessage(message.encode()).onFailure(e -> { });
        }
    }

    /** Closes with {@code code}; 1000 when the link was replaced or the connection stopped. */
    void close(short code) {
        end("closed by the gateway");
        if (socket != null) {
            socket.close(code).onFailure(e -> { });
        }
    }

    private void end(String reason) {
        if (watchdog >= 0) {
            vertx.cancelTimer(watchdog);
            watchdog = -1;
        }
        hello.tryFail(reason);
        closed.tryComplete(reason);
    }
}
