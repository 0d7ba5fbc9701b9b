package dev.switchboard.hub.engineio;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the official suite does not cover: CORS, the payload limit, batching, the server's own close,
 * tracked sends. WebSockets here coalesce from the start ({@code spacedStart(0)}).
 */
class EngineIoServerTest {
    private static final String ORIGIN = "https://app.example";
    /** Per session id: whether the packet its client asked to be tracked was written. */
    private static final Map<String, Future<Void>> tracked = new ConcurrentHashMap<>();
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static Vertx vertx;
    private static String base;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        EngineIoOptions options = new EngineIoOptions().pingInterval(10_000).maxPayload(100)
                .allowedOrigins(List.of(ORIGIN)).corsCredentials(true).spacedStart(0);
        EngineIoServer engine = new EngineIoServer(vertx, options).connectionHandler(session ->
                session.handler(new SessionHandler() {
                    @Override
                    public void onMessage(String text) {
                        switch (text) {
                            case "burst" -> List.of("a", "b", "c").forEach(session::send);
                            case "track" -> tracked.put(session.id(), session.sendTracked(TextPacket.message("tracked")));
                            case "bye" -> {
                                session.send("bye");
                                session.close();
                            }
                            default -> session.send(text);
                        }
                    }

                    @Override
                    public void onBinary(Buffer bytes) {
                    }

                    @Override
                    public void onClose(String reason) {
                    }
                }));
        port = vertx.createHttpServer(options.applyTo(new HttpServerOptions().setPort(0)))
                .requestHandler(request -> {
                    if (!engine.handle(request)) {
                        request.response().setStatusCode(404).end();
                    }
                })
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        base = "http://127.0.0.1:" + port + "/engine.io/?EIO=4&transport=polling";
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void answersAnAllowedOriginWithCredentialedCorsHeaders() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base)).header("Origin", ORIGIN));
        assertEquals(200, response.statusCode());
        assertEquals(ORIGIN, response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals("true", response.headers().firstValue("Access-Control-Allow-Credentials").orElseThrow());
        assertEquals("Origin", response.headers().firstValue("Vary").orElseThrow());

        HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(base)).header("Origin", ORIGIN)
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, preflight.statusCode());
        assertEquals("content-type", preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow());
        assertEquals("GET,POST,OPTIONS", preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow());
    }

    @Test
    void refusesOtherOrigins() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base))
                .header("Origin", "https://evil.example"));
        assertEquals(403, response.statusCode());
        assertEquals(new JsonObject().put("code", 4).put("message", "Forbidden"), new JsonObject(response.body()));
        assertNull(response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }

    @Test
    void explainsBadRequestsWithTheReferenceCodes() throws Exception {
        assertError(0, "Transport unknown", get(base.replace("polling", "carrier-pigeon")));
        assertError(5, "Unsupported protocol version", get(base.replace("EIO=4", "EIO=3")));
        assertError(1, "Session ID unknown", get(base + "&sid=nope"));
        assertError(2, "Bad handshake method", send(HttpRequest.newBuilder(URI.create(base))
                .POST(HttpRequest.BodyPublishers.ofString("40"))));
        assertError(3, "Bad request", get(base.replace("polling", "websocket")));
    }

    @Test
    void refusesABodyOverTheMaximumPayloadAndEndsTheSession() throws Exception {
        String sid = handshake();
        HttpResponse<String> response = post(sid, "4" + "x".repeat(100));
        assertEquals(413, response.statusCode());
        assertEquals(400, get(base + "&sid=" + sid).statusCode());
    }

    @Test
    void packetsSentTogetherLeaveInOneResponse() throws Exception {
        String sid = handshake();
        assertEquals("ok", post(sid, "4burst").body());
        assertEquals("4a\u001e4b\u001e4c", get(base + "&sid=" + sid).body());
    }

    @Test
    void aServerCloseStillDeliversWhatWasQueued() throws Exception {
        String sid = handshake();
        post(sid, "4bye");
        assertEquals("4bye\u001e1", get(base + "&sid=" + sid).body());
        assertEquals(400, get(base + "&sid=" + sid).statusCode());
    }

    @Test
    void aTrackedPacketIsWrittenWhenAPollCarriesIt() throws Exception {
        String sid = handshake();
        post(sid, "4track");
        assertFalse(tracked.get(sid).isComplete(), "no poll is waiting: nothing was written yet");
        assertEquals("4tracked", get(base + "&sid=" + sid).body());
        await().atMost(Duration.ofSeconds(5)).until(() -> tracked.get(sid).succeeded());
    }

    @Test
    void aTrackedPacketThatNeverLeftFailsWithItsSession() throws Exception {
        String sid = handshake();
        post(sid, "4track\u001e1");
        await().atMost(Duration.ofSeconds(5)).until(() -> tracked.get(sid).failed());
    }

    @Test
    void aWebSocketBurstLeavesInOneWrite() throws Exception {
        try (Socket tcp = new Socket("127.0.0.1", port)) {
            tcp.setSoTimeout(5_000);
            tcp.getOutputStream().write(("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = tcp.getInputStream();
            ByteArrayOutputStream opening = new ByteArrayOutputStream();
            while (true) {
                opening.write(readOnce(in));
                String text = opening.toString(StandardCharsets.ISO_8859_1);
                int body = text.indexOf("\r\n\r\n");
                if (body >= 0 && textFrames(opening.toByteArray(), body + 4).size() == 1) {
                    break;
                }
            }

            byte[] burst = "4burst".getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x81);
            frame.write(0x80 | burst.length);
            frame.write(new byte[4]); // a zero mask leaves the payload as it is
            frame.write(burst);
            tcp.getOutputStream().write(frame.toByteArray());

            assertEquals(List.of("4a", "4b", "4c"), textFrames(readOnce(in), 0), "all three in the first read");
        }
    }

    private static byte[] readOnce(InputStream in) throws IOException {
        byte[] buffer = new byte[65_536];
        int n = in.read(buffer);
        assertTrue(n > 0, "the server closed the connection");
        return Arrays.copyOf(buffer, n);
    }

    /** The payloads of the whole unmasked text frames from {@code offset} on (short frames only). */
    private static List<String> textFrames(byte[] bytes, int offset) {
        List<String> frames = new ArrayList<>();
        while (offset + 2 <= bytes.length) {
            assertEquals(0x81, bytes[offset] & 0xff, "a final text frame");
            int length = bytes[offset + 1] & 0x7f;
            assertTrue(length < 126, "a short frame");
            if (offset + 2 + length > bytes.length) {
                break;
            }
            frames.add(new String(bytes, offset + 2, length, StandardCharsets.UTF_8));
            offset += 2 + length;
        }
        return frames;
    }

    private static String handshake() throws Exception {
        return new JsonObject(get(base).body().substring(1)).getString("sid");
    }

    private static HttpResponse<String> post(String sid, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "&sid=" + sid)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(int code, String message, HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(new JsonObject().put("code", code).put("message", message), new JsonObject(response.body()));
    }
}
