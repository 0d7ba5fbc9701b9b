package dev.switchboard.hub.ws;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.MockAgent;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Agent WebSocket protocol of SPEC §4.2 end to end, with the built-in agent echoing (no model key configured). */
class AgentWebSocketTest {
    @TempDir
    Path dataDir;

    TestGateway gateway;
    Api api;

    void start(Map<String, String> env) throws Exception {
        gateway = TestGateway.start(TestStore.SQLITE, dataDir, env);
        api = gateway.api();
        api.post("/agents", new JsonObject().put("id", "echo").put("name", "Echo").put("llm", new JsonObject()));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    String userToken(String userId, String agentId) {
        return api.post("/tokens", new JsonObject().put("userId", userId).put("agents", new JsonArray().add(agentId)))
                .json().getString("accessToken");
    }

    String wsUrl(String query) {
        return gateway.url().replace("http://", "ws://") + "/ws?" + query;
    }

    WsClient open(String agentId) throws Exception {
        return WsClient.connect(wsUrl("agent=" + agentId + "&token=" + userToken("u1", agentId)));
    }

    @Test
    void aPlainHttpRequestIsToldToUpgrade() throws Exception {
        start(Map.of());
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(gateway.url() + "/ws?agent=echo")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertEquals("Expected WebSocket request", response.body());
    }

    @Test
    void aConnectionWithoutAValidTokenIsRefusedUnlessAnonymousSessionsAreAllowed() throws Exception {
        start(Map.of());
        assertEquals(401, refusal(wsUrl("agent=echo")));
        assertEquals(401, refusal(wsUrl("agent=echo&token=garbage")));
        assertEquals(403, refusal(wsUrl("agent=echo&token=" + userToken("u1", "someone-else"))));
        assertEquals(404, refusal(wsUrl("agent=nobody&token=" + userToken("u1", "*"))));
        gateway.close();

        start(Map.of("WS_ALLOW_ANONYMOUS", "true"));
        try (WsClient anonymous = WsClient.connect(wsUrl("agent=echo"))) {
            assertEquals("notification", anonymous.next().getString("type"));
        }
    }

    @Test
    void aQueryIsAnsweredWithStatusThenTheStreamThenTheWholeResponse() throws Exception {
        start(Map.of());
        try (WsClient client = open("echo")) {
            JsonObject welcome = client.next();
            String sessionId = welcome.getString("sessionId");
            assertEquals("notification", welcome.getString("type"));
            assertEquals("Connected to Agent WebSocket. Session ID: " + sessionId, welcome.getString("content"));
            assertTrue(sessionId.matches("[0-9a-f-]{36}"), sessionId);

            client.query("hello there");
            JsonObject status = client.next();
            assertEquals(List.of("status", "Thinking..."), List.of(status.getString("type"), status.getString("content")));
            JsonObject stream = client.next();
            assertEquals(List.of("stream", "Echo: hello there"), List.of(stream.getString("type"), stream.getString("content")));
            JsonObject response = client.next();
            assertEquals(List.of("response", "Echo: hello there"),
                    List.of(response.getString("type"), response.getString("content")));
            assertTrue(response.containsKey("timestamp"));

            assertEquals(List.of("Echo: hello there", "hello there"), api.get("/conversations/" + sessionId
                    + "/messages").array().stream().map(m -> ((JsonObject) m).getString("content")).toList(),
                    "the session is a stored conversation");
        }
    }

    @Test
    void commandsResetAndShowTheContextAndFeedbackIsStored() throws Exception {
        start(Map.of());
        try (WsClient client = open("echo")) {
            String sessionId = client.next().getString("sessionId");
            client.query("one");
            client.next("response");
            client.send(new JsonObject().put("type", "command").put("content", "/history"));
            JsonArray history = client.next("history").getJsonArray("content");
            assertEquals(List.of("user:one", "assistant:Echo: one"), history.stream()
                    .map(m -> ((JsonObject) m).getString("role") + ":" + ((JsonObject) m).getString("content")).toList());

            client.send(new JsonObject().put("type", "command").put("content", "/reset"));
            assertEquals("Context cleared", client.next().getString("content"));
            client.send(new JsonObject().put("type", "command").put("content", "/history"));
            assertEquals(new JsonArray(), client.next("history").getJsonArray("content"));

            client.send(new JsonObject().put("type", "human_feedback").put("content", "great answer"));
            assertEquals("Feedback received", client.next().getString("content"));
            client.send(new JsonObject().put("type", "command").put("content", "/launch"));
            assertEquals("unknown command /launch: try /reset or /history", client.next("error").getString("content"));

            List<String> stored = api.get("/conversations/" + sessionId + "/messages").array().stream()
                    .map(m -> ((JsonObject) m).getString("type") + ":" + ((JsonObject) m).getString("content")).toList();
            assertEquals(List.of("feedback:great answer", "reset:/reset", "text:Echo: one", "text:one"), stored);
        }
    }

    @Test
    void badInputGetsAnErrorAndTheSessionGoesOn() throws Exception {
        start(Map.of());
        try (WsClient client = open("echo")) {
            client.next();
            client.send("{not json");
            assertEquals("error", client.next().getString("type"));
            client.send(new JsonObject().put("type", "query"));
            assertEquals("content is required", client.next().getString("content"));
            client.send(new JsonObject().put("type", "dance").put("content", "now"));
            assertEquals("unknown message type dance: expected query, command or human_feedback",
                    client.next().getString("content"));
            client.send("[1,2]");
            assertEquals("error", client.next().getString("type"));
            client.query("still there?");
            assertEquals("Echo: still there?", client.next("response").getString("content"));
        }
    }

    @Test
    void aSessionOverItsRateLimitIsToldSo() throws Exception {
        start(Map.of("WS_RATE_LIMIT", "3"));
        try (WsClient client = open("echo")) {
            client.next();
            for (int i = 0; i < 3; i++) {
                client.send(new JsonObject().put("type", "human_feedback").put("content", "#" + i));
                assertEquals("Feedback received", client.next().getString("content"));
            }
            client.send(new JsonObject().put("type", "human_feedback").put("content", "one too many"));
            JsonObject refused = client.next();
            assertEquals("error", refused.getString("type"));
            assertEquals("rate limit exceeded: at most 3 messages a minute", refused.getString("content"));
        }
    }

    @Test
    void aQuietSessionIsClosedWithATimeout() throws Exception {
        start(Map.of("SESSION_TIMEOUT", "0.005"));
        try (WsClient client = open("echo")) {
            client.next();
            assertEquals("Session closed due to inactivity", client.next().getString("content"));
            assertEquals(new WsClient.Closed(1000, "Session timeout"), client.closed.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsDropped() throws Exception {
        start(Map.of("WS_PING_INTERVAL_MS", "100"));
        URI uri = URI.create(gateway.url());
        try (Socket raw = new Socket(uri.getHost(), uri.getPort())) {
            raw.setSoTimeout(5_000);
            OutputStream out = raw.getOutputStream();
            out.write(("GET /ws?agent=echo&token=" + userToken("u1", "echo") + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = raw.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 101", head);
            // this peer reads but never answers: the server pings, waits an interval, and hangs up
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (in.read() != -1) {
                assertTrue(System.nanoTime() < deadline, "the silent peer is still connected after 5 s");
            }
        }
    }

    @Test
    void aSessionResumesWithItsHistoryAfterARestart() throws Exception {
        start(Map.of());
        String token = userToken("u1", "echo");
        String sessionId;
        try (WsClient client = WsClient.connect(wsUrl("agent=echo&token=" + token))) {
            sessionId = client.next().getString("sessionId");
            client.query("remember me");
            client.next("response");
        }
        gateway.restart();
        api = gateway.api();
        try (WsClient again = WsClient.connect(wsUrl("agent=echo&session=" + sessionId + "&token=" + token))) {
            assertEquals(sessionId, again.next().getString("sessionId"));
            again.send(new JsonObject().put("type", "command").put("content", "/history"));
            assertEquals(2, again.next("history").getJsonArray("content").size());
        }
        assertEquals(403, refusal(wsUrl("agent=echo&session=" + sessionId + "&token=" + userToken("u2", "echo"))));
    }

    @Test
    void aWebhookAgentAnswersThroughItsWebhook() throws Exception {
        start(Map.of());
        Vertx vertx = Vertx.vertx();
        try (MockAgent agent = MockAgent.start(vertx)) {
            api.createAgent("hooked", agent.url());
            try (WsClient client = open("hooked")) {
                client.next();
                client.query("ping");
                assertEquals("echo: ping", client.next("response").getString("content"));
                assertEquals("hub", agent.events().get(0).getString("platform"));
            }
        } finally {
            vertx.close().await();
        }
    }

    private static int refusal(String url) {
        ExecutionException failure = assertThrows(ExecutionException.class, () -> HttpClient.newHttpClient()
                .newWebSocketBuilder().buildAsync(URI.create(url), new java.net.http.WebSocket.Listener() {
                }).get(10, TimeUnit.SECONDS));
        return assertInstanceOf(WebSocketHandshakeException.class, failure.getCause()).getResponse().statusCode();
    }
}
