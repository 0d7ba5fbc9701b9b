package dev.switchboard.hub.socketio;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Raw WebSocket clients (no Node needed): refusals and the disconnect reasons a real client cannot provoke. */
class SocketIoServerTest {
    private static Vertx vertx;
    private static SocketIoServer io;
    private static WebSocketClient client;
    private static int port;
    private static final Map<String, String> reasons = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        SocketIoOptions options = new SocketIoOptions().pingInterval(200).pingTimeout(200);
        io = new SocketIoServer(vertx, options);
        io.namespace("/").onConnection(socket -> {
            socket.onDisconnect(reason -> reasons.put(socket.id(), reason));
            socket.on("known", (args, ack) -> ack.send("known"));
            socket.onAny((event, args, ack, handled) -> {
                if (!handled && ack != null) {
                    ack.send(new JsonObject().put("error", "unknown event " + event));
                }
            });
        });
        io.namespace("/private").authorize(handshake ->
                Future.failedFuture(new ConnectRefused("nope", new JsonObject().put("code", 7))));
        io.namespace("/broken").authorize(handshake -> {
            throw new IllegalStateException("the database password is hunter2");
        });
        port = vertx.createHttpServer(options.applyTo(new HttpServerOptions().setPort(0)))
                .requestHandler(request -> {
                    if (!io.handle(request)) {
                        request.response().setStatusCode(404).end();
                    }
                })
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        client = vertx.createWebSocketClient();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRefusalCarriesTheAuthorizersMessageAndData() throws Exception {
        Raw raw = Raw.open();
        raw.socket.writeTextMessage("40/private,{\"token\":\"x\"}");
        assertEquals("44/private,{\"message\":\"nope\",\"data\":{\"code\":7}}", raw.next());
    }

    @Test
    void aFailingAuthorizerDoesNotLeakItsError() throws Exception {
        Raw raw = Raw.open();
        raw.socket.writeTextMessage("40/broken,");
        assertEquals("44/broken,{\"message\":\"Internal server error\"}", raw.next());
    }

    @Test
    void aClientThatStopsAnsweringPingsTimesOut() throws Exception {
        Raw raw = Raw.open();
        String sid = raw.join();
        await().atMost(Duration.ofSeconds(3)).until(() -> DisconnectReason.PING_TIMEOUT.equals(reasons.get(sid)));
    }

    @Test
    void aClientThatClosesItsSocketLeavesWithTransportClose() throws Exception {
        Raw raw = Raw.open();
        String sid = raw.join();
        raw.socket.close();
        await().atMost(Duration.ofSeconds(3)).until(() -> DisconnectReason.TRANSPORT_CLOSE.equals(reasons.get(sid)));
    }

    @Test
    void anAttachmentWithoutItsPacketIsAParseError() throws Exception {
        Raw raw = Raw.open();
        String sid = raw.join();
        raw.socket.writeBinaryMessage(Buffer.buffer(new byte[]{1}));
        await().atMost(Duration.ofSeconds(3)).until(() -> DisconnectReason.PARSE_ERROR.equals(reasons.get(sid)));
    }

    @Test
    void onAnySeesEveryEventAndCanAnswerTheUnhandledOnes() throws Exception {
        Raw raw = Raw.open();
        raw.join();
        raw.socket.writeTextMessage("427[\"nobody-handles-this\",1]");
        assertEquals("437[{\"error\":\"unknown event nobody-handles-this\"}]", raw.next());
        raw.socket.writeTextMessage("428[\"known\"]");
        assertEquals("438[\"known\"]", raw.next(), "an ack is answered once, by the handler");
    }

    @Test
    void attachmentsMayNotAddUpToMoreThanTheMaximumPayload() throws Exception {
        Raw raw = Raw.open();
        String sid = raw.join();
        raw.socket.writeTextMessage("452-[\"upload\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        raw.socket.writeBinaryMessage(Buffer.buffer(new byte[600_000]));
        raw.socket.writeBinaryMessage(Buffer.buffer(new byte[600_000]));
        await().atMost(Duration.ofSeconds(3)).until(() -> DisconnectReason.PARSE_ERROR.equals(reasons.get(sid)));
    }

    @Test
    void countsLiveSocketsPerNamespace() throws Exception {
        Raw raw = Raw.open();
        String sid = raw.join();
        assertTrue(io.socketsByNamespace().get("/") >= 1);
        assertEquals(0, io.socketsByNamespace().get("/private"));
        raw.socket.writeTextMessage("41");
        await().atMost(Duration.ofSeconds(3))
                .until(() -> DisconnectReason.CLIENT_NAMESPACE_DISCONNECT.equals(reasons.get(sid)));
    }

    /** A WebSocket that speaks the protocol by hand; ignores pings (so it times out after a while). */
    private record Raw(WebSocket socket, BlockingQueue<String> frames) {
        static Raw open() throws Exception {
            BlockingQueue<String> frames = new LinkedBlockingQueue<>();
            WebSocket socket = client.webSocket().textMessageHandler(text -> {
                if (!text.equals("2")) {
                    frames.add(text);
                }
            }).connect(port, "127.0.0.1", "/socket.io/?EIO=4&transport=websocket")
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            Raw raw = new Raw(socket, frames);
            assertTrue(raw.next().startsWith("0{\"sid\""));
            return raw;
        }

        String next() throws InterruptedException {
            String frame = frames.poll(3, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("nothing arrived");
            }
            return frame;
        }

        /** Joins "/" and returns the socket id. */
        String join() throws InterruptedException {
            socket.writeTextMessage("40");
            String connect = next();
            assertTrue(connect.startsWith("40{"), connect);
            return new JsonObject(connect.substring(2)).getString("sid");
        }
    }
}
