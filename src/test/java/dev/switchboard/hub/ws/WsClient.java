package dev.switchboard.hub.ws;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** A plain WebSocket client for the tests: what the server sends waits in a queue; pings are answered (as browsers do). */
final class WsClient implements AutoCloseable {
    /** How the server closed the socket. */
    record Closed(int code, String reason) {
    }

    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(new JsonObject(partial.toString()));
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                webSocket.request(1);
                return webSocket.sendPong(message);
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.completeExceptionally(error);
            }
        }).get(10, TimeUnit.SECONDS);
    }

    static WsClient connect(String url) throws Exception {
        return new WsClient(URI.create(url));
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    void send(JsonObject message) {
        send(message.encode());
    }

    void query(String content) {
        send(new JsonObject().put("type", "query").put("content", content));
    }

    /** The next message from the server, within five seconds. */
    JsonObject next() throws InterruptedException {
        JsonObject message = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(message, "nothing came from the server within 5 s");
        return message;
    }

    /** The next message of {@code type}, skipping others (e.g. stream pieces). */
    JsonObject next(String type) throws InterruptedException {
        while (true) {
            JsonObject message = next();
            if (type.equals(message.getString("type"))) {
                return message;
            }
        }
    }

    @Override
    public void close() {
        socket.abort();
    }
}
