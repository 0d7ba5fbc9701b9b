package dev.switchboard.hub.socketio;

import dev.switchboard.identity.AccessTokens;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.ManualClock;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /chat namespace end to end: the official socket.io-client against a running gateway, on each transport. */
class ChatNamespaceTest {
    static final String JWT_SECRET = "chat-namespace-test-secret";
    @TempDir
    Path dataDir;

    TestGateway gateway;
    Api api;

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(TestStore.SQLITE, dataDir, Map.of("JWT_SECRET", JWT_SECRET));
        api = gateway.api();
        api.post("/agents", new JsonObject().put("id", "a1").put("name", "A1").put("secret", "s3cret"));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    String userToken(String id, String agent, long expiresIn) {
        return api.post("/tokens", new JsonObject().put("userId", id).put("agents", new JsonArray().add(agent))
                .put("expiresIn", expiresIn)).json().getString("accessToken");
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "upgrade"})
    void anAgentAndAUserTalkWithEveryChatEvent(String transport) throws Exception {
        String agentToken = api.withToken(null).post("/agents/a1/connect", new JsonObject().put("secret", "s3cret"))
                .json().getString("accessToken");
        // minted an hour ago for ten minutes, as a host application holding the secret could
        ManualClock anHourAgo = new ManualClock();
        anHourAgo.millis = System.currentTimeMillis() - 3_600_000;
        Vertx vertx = Vertx.vertx();
        String expired = new AccessTokens(vertx, JWT_SECRET, anHourAgo).forUser("late", null, Set.of("a1"),
                Duration.ofMinutes(10));
        vertx.close().await();
        List<JsonObject> lines = ClientScript.node(Duration.ofSeconds(40), "chat.mjs", gateway.url(), transport,
                agentToken, userToken("u1", "a1", 3600), userToken("u2", "someone-else", 3600), expired);
        Map<String, JsonObject> by = lines.stream().filter(l -> !"refused".equals(l.getString("event")))
                .collect(Collectors.toMap(l -> l.getString("event"), l -> l));
        assertTrue(by.containsKey("done"), lines.toString());

        Map<String, String> refusals = lines.stream().filter(l -> "refused".equals(l.getString("event")))
                .collect(Collectors.toMap(l -> l.getString("label"), l -> l.getString("message")));
        assertEquals(Map.of("none", "an access token is required", "garbage", "the access token is not valid",
                "expired", "the access token has expired"), refusals);

        JsonObject presence = by.get("agent-presence").getJsonObject("presence");
        String conversationId = presence.getString("conversationId");
        assertEquals(new JsonObject().put("type", "agent").put("agentId", "a1").put("status", "online")
                .put("conversationId", conversationId), presence);
        if (!transport.equals("polling")) {
            assertEquals("websocket", by.get("done").getString("transport"));
        }
        assertEquals(conversationId, by.get("joined").getJsonObject("joined").getString("conversationId"));
        assertEquals("u1", by.get("joined").getJsonObject("agentSaw").getString("userId"));
        assertEquals(true, by.get("typing").getJsonObject("agentSaw").getBoolean("isTyping"));

        JsonObject userSent = by.get("user-sent");
        String messageId = userSent.getJsonObject("ack").getString("messageId");
        assertEquals(messageId, userSent.getJsonObject("sentEvent").getString("messageId"));
        assertEquals("hello agent", userSent.getJsonObject("agentGot").getString("content"));
        assertEquals(messageId, userSent.getJsonObject("userGot").getString("_id"), "the sender sees it too");
        JsonObject answer = by.get("agent-sent").getJsonObject("userGot");
        assertEquals("assistant", answer.getString("role"));
        assertEquals("greet back", answer.getString("thinking"));
        assertEquals(12, answer.getInteger("latency"));
        assertEquals(by.get("agent-sent").getJsonObject("ack").getString("messageId"),
                by.get("read").getJsonObject("agentSaw").getString("messageId"));
        assertEquals(2, by.get("online").getJsonObject("online").getJsonArray("onlineUsers").size());

        assertEquals("a user sends user messages", by.get("wrong-role").getJsonObject("ack").getString("error"));
        assertEquals("a user sends user messages", by.get("wrong-role").getJsonObject("errorEvent").getString("error"));
        assertEquals("content is required", by.get("no-content").getJsonObject("ack").getString("error"));
        assertEquals("message:send takes one object argument", by.get("not-an-object").getJsonObject("ack").getString("error"));
        assertEquals("this token may not join conversation " + conversationId,
                by.get("stranger-join").getJsonObject("ack").getString("error"));
        assertFalse(by.get("stranger-send").getJsonObject("ack").getBoolean("success"));
        assertEquals("offline", by.get("agent-left").getJsonObject("presence").getString("status"));

        JsonArray history = api.get("/conversations/" + conversationId + "/messages").array();
        assertEquals(List.of("hello human", "hello agent"),
                history.stream().map(m -> ((JsonObject) m).getString("content")).toList(), "both stored, nothing refused");
        assertEquals(2, api.get("/stats").json().getInteger("messagesStored"));
    }
}
