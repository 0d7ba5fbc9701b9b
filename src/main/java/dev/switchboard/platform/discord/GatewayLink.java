package dev.switchboard.platform.discord;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * One gateway WebSocket: JSON payloads in, JSON payloads out, and how it ended. It knows nothing
 * of sessions; {@link DiscordSession} decides what each payload and each close code means.
 */
final class GatewayLink {
    /** Discord closes with 4002 on a client payload over 4096 bytes (PLATFORMS.md §2.4). */
    static final int MAX_SEND_BYTES = 4096;
    private static final String QUERY = "v=10&encoding=json";

    private final Promise<Integer> closed = Promise.promise();
    private ClientWebSocket socket;
    private boolean closing;

    private GatewayLink() {
    }

    /** Connects to {@code url} (the gateway or resume URL, without query); {@code onPayload} gets every JSON object. */
    static GatewayLink open(WebSocketClient client, String url, BiConsumer<GatewayLink, JsonObject> onPayload) {
        GatewayLink link = new GatewayLink();
        // handlers before connecting: Hello comes the moment the upgrade completes
        ClientWebSocket ws = client.webSocket();
        link.socket = ws;
        ws.textMessageHandler(text -> {
            JsonObject payload = parse(text);
            if (payload != null && !link.closing) {
                onPayload.accept(link, payload);
            }
        });
        ws.closeHandler(v -> link.closed.tryComplete(ws.closeStatusCode() == null ? null : (int) ws.closeStatusCode()));
        ws.exceptionHandler(e -> {
        });
        ws.connect(new WebSocketConnectOptions().setAbsoluteURI(withQuery(url)).setConnectTimeout(10_000))
                .onFailure(e -> link.closed.tryComplete(null));
        return link;
    }

    static String withQuery(String url) {
        String base = url.endsWith("/") || url.indexOf('/', url.indexOf("://") + 3) > 0 ? url : url + "/";
        return base + (base.contains("?") ? "&" : "?") + QUERY;
    }

    private static JsonObject parse(String text) {
        try {
            return text.startsWith("{") ? new JsonObject(text) : null;
        } catch (DecodeException e) {
            return null;
        }
    }

    /** False when the payload was not sent: the link is closing, or the payload is over Discord's size limit. */
    boolean send(JsonObject payload) {
        String text = payload.encode();
        if (closing || closed.future().isComplete() || text.getBytes(StandardCharsets.UTF_8).length > MAX_SEND_BYTES) {
            return false;
        }
        socket.writeTextMessage(text).onFailure(e -> { });
        return true;
    }

    /** Completes when the socket is gone, with the close code Discord sent, or null when there was none. */
    Future<Integer> closed() {
        return closed.future();
    }

    /** 1000 ends the session at Discord; any other code keeps it resumable (PLATFORMS.md §2.8). */
    void close(int code) {
        if (closing) {
            return;
        }
        closing = true;
        try {
            socket.close((short) code).onComplete(done -> closed.tryComplete(code));
        } catch (IllegalStateException notConnectedYet) {
            closed.tryComplete(code);
        }
    }
}
