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
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A user's message to an agent that is not connected goes to its webhook and the answer comes back,
 * on /chat and on the ElizaOS namespace "/", with the official socket.io-client.
 */
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
        api.createAgent("eliza", agent.url());
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
        List<JsonObject> lines = ClientScript.node(Duration.ofSeconds(30), "relay.mjs", gateway.url(), userToken, "sleepy");
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

    @Test
    void anElizaClientTalksToTheAgentsRoomSeesItThinkAndGetsItsAnswer() throws Exception {
        String userToken = api.post("/tokens", new JsonObject().put("userId", "u1")
                .put("agents", new JsonArray().add("eliza"))).json().getString("accessToken");
        List<JsonObject> lines = ClientScript.node(Duration.ofSeconds(30), "eliza.mjs", gateway.url(), userToken, "eliza");
        JsonObject exchange = lines.stream().filter(l -> "exchange".equals(l.getString("event"))).findFirst()
                .orElseThrow(() -> new AssertionError(lines.toString()));

        assertEquals(new JsonObject().put("success", true).put("roomId", "eliza"), exchange.getJsonObject("joined"));
        JsonObject ack = exchange.getJsonObject("ack");
        assertEquals(true, ack.getBoolean("success"));
        JsonObject own = exchange.getJsonObject("own");
        assertEquals(ack.getString("messageId"), own.getString("id"));
        assertEquals("u1", own.getString("userId"), "the token says who sends, not the payload");
        assertEquals("hi eliza", own.getString("text"));
        assertEquals("eliza", own.getString("roomId"), "the room keeps the name the client joined with");
        assertEquals("eliza", exchange.getJsonObject("thinking").getString("roomId"));
        JsonObject answer = exchange.getJsonObject("answer");
        assertEquals("echo: hi eliza", answer.getString("text"));
        assertEquals("eliza", answer.getString("roomId"));
        assertEquals("hi eliza", agent.events().get(0).getString("text"));

        JsonObject refused = lines.stream().filter(l -> "refused".equals(l.getString("event"))).findFirst()
                .orElseThrow().getJsonObject("ack");
        assertFalse(refused.getBoolean("success"));
        assertEquals("expected an object with roomId", refused.getString("error"));
    }
}
