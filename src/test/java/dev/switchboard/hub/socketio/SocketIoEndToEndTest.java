package dev.switchboard.hub.socketio;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official socket.io-client 4.8 (src/test/node, {@code npm ci} there first) against our server,
 * over long-polling only, WebSocket only and the default polling-to-WebSocket upgrade.
 */
class SocketIoEndToEndTest {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

    private static Vertx vertx;
    private static SocketIoServer io;
    private static String url;
    /** Socket id to the reason it disconnected with. */
    private static final Map<String, String> reasons = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        SocketIoOptions options = new SocketIoOptions().pingInterval(500).pingTimeout(500).connectTimeout(5000);
        io = new SocketIoServer(vertx, options);
        Namespace main = io.namespace("/");
        main.authorize(SocketIoEndToEndTest::authorize);
        main.onConnection(socket -> {
            socket.onDisconnect(reason -> reasons.put(socket.id(), reason));
            socket.emit("welcome", "hi " + socket.attachment(), Buffer.buffer(new byte[]{(byte) 0xca, (byte) 0xfe}));
            socket.on("echo", (args, ack) -> ack.send(args.getList().toArray()));
            socket.on("binary", (args, ack) -> ack.send(args.getList().toArray()));
            socket.on("join", (args, ack) -> {
                socket.join(args.getString(0));
                ack.send();
            });
            socket.on("shout", (args, ack) -> {
                main.emitTo(args.getString(0), socket, "shouted", args.getString(1));
                ack.send();
            });
            socket.on("ask-me", (args, ack) -> socket.emitWithAck("question", Duration.ofSeconds(5), args.getString(0))
                    .onSuccess(answer -> socket.emit("answer-received", answer.getValue(0))));
            socket.on("ask-nobody", (args, ack) -> socket.emitWithAck("unanswered", Duration.ofMillis(300))
                    .onFailure(e -> socket.emit("ack-timeout", e.getMessage())));
            socket.on("kick", (args, ack) -> socket.disconnect());
        });
        Namespace chat = io.namespace("/chat");
        chat.authorize(SocketIoEndToEndTest::authorize);
        chat.onConnection(socket -> {
            socket.onDisconnect(reason -> reasons.put(socket.id(), reason));
            socket.on("echo", (args, ack) -> ack.send(args.getList().toArray()));
        });
        HttpServer server = vertx.createHttpServer(options.applyTo(new HttpServerOptions().setPort(0)))
                .requestHandler(request -> {
                    if (!io.handle(request)) {
                        request.response().setStatusCode(404).end();
                    }
                })
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        url = "http://127.0.0.1:" + server.actualPort();
    }

    private static Future<Object> authorize(Handshake handshake) {
        String token = handshake.auth().getString("token");
        if ("good".equals(token)) {
            // as a real authorizer would after a lookup: completes later, off the caller's stack
            return vertx.timer(5).map(t -> "user-1");
        }
        return Future.failedFuture(new ConnectRefused("invalid token", new JsonObject().put("reason", "expired")));
    }

    @AfterAll
    static void stop() throws Exception {
        io.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "upgrade"})
    void theOfficialClientConverses(String mode) throws Exception {
        Map<String, JsonObject> lines = byEvent(ClientScript.node(SCRIPT_TIMEOUT, "conversation.mjs", url, mode));

        assertEquals(new JsonObject().put("event", "connect_error").put("message", "invalid token")
                .put("data", new JsonObject().put("reason", "expired")), lines.get("connect_error"));
        JsonObject connected = lines.get("connected");
        assertTrue(connected.getBoolean("sameEngine"), "both namespaces share one connection");
        assertEquals("hi user-1", lines.get("welcome").getString("greeting"), "the authorizer's attachment");
        assertEquals("cafe", lines.get("welcome").getString("blob"));
        assertEquals(new JsonArray().add(new JsonObject().put("a", 1).put("nested",
                new JsonObject().put("b", new JsonArray().add(true).addNull()))).add("two").add(3),
                lines.get("echo").getJsonArray("args"));
        JsonObject binary = lines.get("binary");
        assertEquals("010203", binary.getString("first"));
        assertEquals("ff00", binary.getString("inner"));
        assertEquals("x", binary.getString("text"));
        assertEquals("answer to life", lines.get("answer-received").getString("answer"));
        assertEquals("hello room", lines.get("shouted").getString("text"));
        assertFalse(lines.get("shouted").getBoolean("shouterHeard"), "emitTo(room, except) skips the sender");
        assertEquals("operation has timed out", lines.get("ack-timeout").getString("message"));
        if (mode.equals("upgrade")) {
            assertEquals("websocket", lines.get("transport").getString("name"));
        }
        JsonObject kicked = lines.get("kicked");
        assertEquals("io server disconnect", kicked.getString("reason"));
        assertTrue(kicked.getBoolean("chatConnected"), "/chat outlives the disconnect of /");
        assertEquals(new JsonArray().add("still here"), kicked.getJsonArray("chatEcho"));
        assertTrue(lines.containsKey("done"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(DisconnectReason.SERVER_NAMESPACE_DISCONNECT, reasons.get(connected.getString("main")));
            assertEquals(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, reasons.get(connected.getString("chat")));
            assertEquals(DisconnectReason.TRANSPORT_CLOSE, reasons.get(lines.get("shouted").getString("other")));
            assertEquals(Map.of("/", 0, "/chat", 0), io.socketsByNamespace());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"42{}", "4abc", "42[\"unterminated\"", "42abc[\"x\"]", "4599-[\"x\"]", "43[\"no id\"]x"})
    void aMalformedPacketDisconnectsOnlyItsSender(String packet) throws Exception {
        Map<String, JsonObject> lines = byEvent(ClientScript.node(SCRIPT_TIMEOUT, "malformed.mjs", url, packet));

        JsonObject closed = lines.get("raw-closed");
        String connect = closed.getJsonArray("received").stream().map(String::valueOf)
                .filter(frame -> frame.startsWith("40")).findFirst().orElseThrow();
        String rawId = new JsonObject(connect.substring(2)).getString("sid");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals(DisconnectReason.PARSE_ERROR, reasons.get(rawId)));
        JsonObject bystander = lines.get("bystander");
        assertTrue(bystander.getBoolean("connected"));
        assertEquals(new JsonArray().add("after"), bystander.getJsonArray("echoed"));
    }

    @Test
    void anUnknownNamespaceIsRefused() throws Exception {
        List<JsonObject> lines = ClientScript.node(SCRIPT_TIMEOUT, "malformed.mjs", url, "40/nowhere,");
        // the raw socket stays open after a refusal; the script ends when the server's ping timeout closes it
        JsonArray received = byEvent(lines).get("raw-closed").getJsonArray("received");
        assertTrue(received.contains("44/nowhere,{\"message\":\"Invalid namespace\"}"), received.encode());
    }

    private static Map<String, JsonObject> byEvent(List<JsonObject> lines) {
        return lines.stream().collect(Collectors.toMap(line -> line.getString("event"), Function.identity(),
                (first, second) -> first));
    }
}
