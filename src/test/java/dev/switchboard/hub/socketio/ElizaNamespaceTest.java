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

/** The ElizaOS protocol on "/" with the official socket.io-client: join an agent's room, talk, see it think and answer. */
class ElizaNamespaceTest {
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
        api.createAgent("eliza", agent.url());
    }

    @AfterEach
    void stop() {
        gateway.close();
        agent.close();
        vertx.close().await();
    }

    @Test
    void aUserTalksToAnAgentsRoomAndGetsItsAnswer() throws Exception {
        String userToken = api.post("/tokens", new JsonObject().put("userId", "u1")
                .put("agents", new JsonArray().add("eliza"))).json().getString("accessToken");
        List<JsonObject> lines = NodeScript.run(Duration.ofSeconds(30), "eliza.mjs", gateway.url(), userToken, "eliza");
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
