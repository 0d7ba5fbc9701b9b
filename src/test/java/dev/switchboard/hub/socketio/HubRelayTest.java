package dev.switchboard.hub.socketio;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.MockAgent;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A user's message to an agent that is not connected goes to its webhook; the answer comes back to the user. */
class HubRelayTest {
    @TempDir
    Path dataDir;

    Vertx vertx;
    MockAgent agent;
    TestGateway gateway;
    Api api;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        agent = MockAgent.start(vertx);
        gateway = TestGateway.start(TestStore.SQLITE, dataDir);
        api = gateway.api();
        api.createAgent("sleepy", agent.url());
    }

    @AfterEach
    void stop() {
        gateway.close();
        agent.close();
        vertx.close().await();
    }

    @Test
    void theAbsentAgentsWebhookAnswersIntoTheConversation() throws Exception {
        String userToken = api.post("/tokens", new JsonObject().put("userId", "u1")
                .put("agents", new JsonArray().add("sleepy"))).json().getString("accessToken");
        List<JsonObject> lines = NodeScript.run(Duration.ofSeconds(30), "relay.mjs", gateway.url(), userToken, "sleepy");
        JsonObject sent = lines.stream().filter(l -> "sent".equals(l.getString("event"))).findFirst()
                .orElseThrow(() -> new AssertionError(lines.toString()));
        String conversationId = sent.getJsonObject("joined").getString("conversationId");

        JsonObject event = agent.events().get(0);
        assertEquals("message", event.getString("type"));
        assertEquals("hub", event.getString("platform"));
        assertEquals("sleepy", event.getString("agentId"));
        assertEquals("hello sleepy", event.getString("text"));
        assertEquals(conversationId, event.getString("conversationId"));
        assertEquals(conversationId, event.getString("respondTo"));
        assertEquals("u1", event.getJsonObject("user").getString("id"));
        assertEquals(sent.getJsonObject("sent").getString("messageId"), event.getJsonObject("payload").getString("_id"));

        JsonObject answer = sent.getJsonObject("answer");
        assertEquals("echo: hello sleepy", answer.getString("content"));
        assertEquals("sleepy", answer.getString("participantId"));
        assertEquals(List.of("echo: hello sleepy", "hello sleepy"), api.get("/conversations/" + conversationId
                + "/messages").array().stream().map(m -> ((JsonObject) m).getString("content")).toList());
        assertEquals("delivered", api.get("/events").array().getJsonObject(0).getString("status"));
    }
}
