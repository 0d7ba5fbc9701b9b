package dev.switchboard.hub.socketio;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /chat namespace with python-socketio's client and its default options: polling, then the upgrade. */
class PythonClientTest {
    @TempDir
    Path dataDir;

    TestGateway gateway;
    Api api;

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(TestStore.SQLITE, dataDir);
        api = gateway.api();
        api.post("/agents", new JsonObject().put("id", "a1").put("name", "A1").put("secret", "s3cret"));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "websocket"})
    void anAgentAndAUserTalkWithPythonSocketio(String mode) throws Exception {
        String agentToken = api.withToken(null).post("/agents/a1/connect", new JsonObject().put("secret", "s3cret"))
                .json().getString("accessToken");
        String userToken = api.post("/tokens", new JsonObject().put("userId", "u1")
                .put("agents", new JsonArray().add("a1"))).json().getString("accessToken");
        List<JsonObject> lines = ClientScript.python(Duration.ofSeconds(40), "chat.py", gateway.url(), mode,
                agentToken, userToken);
        Map<String, JsonObject> by = lines.stream().collect(Collectors.toMap(l -> l.getString("event"),
                Function.identity()));
        assertTrue(by.containsKey("done"), lines.toString());

        assertEquals("the access token is not valid", by.get("refused").getJsonObject("error").getString("message"));
        JsonObject presence = by.get("agent-presence").getJsonObject("presence");
        assertEquals("online", presence.getString("status"));
        assertEquals("websocket", by.get("agent-presence").getString("transport"),
                "python-socketio upgrades from polling to the WebSocket by default");

        JsonObject userSent = by.get("user-sent");
        assertEquals(presence.getString("conversationId"), userSent.getJsonObject("joined").getString("conversationId"));
        assertEquals("u1", userSent.getJsonObject("typing").getString("userId"));
        assertEquals("hello from python", userSent.getJsonObject("agentGot").getString("content"));
        assertEquals(userSent.getJsonObject("ack").getString("messageId"),
                userSent.getJsonObject("sentEvent").getString("messageId"));
        JsonObject agentSent = by.get("agent-sent");
        assertEquals("hello python", agentSent.getJsonObject("userGot").getString("content"));
        assertEquals(agentSent.getJsonObject("ack").getString("messageId"),
                agentSent.getJsonObject("userGot").getString("_id"));
        assertEquals(2, agentSent.getJsonObject("online").getJsonArray("onlineUsers").size());
    }
}
