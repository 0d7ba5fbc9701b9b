package dev.switchboard.hub.socketio;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.TelegramWorld;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestStore;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Platform events for an agent connected to the hub right now arrive on its socket, and its answer
 * goes back to the platform; once it has left, its webhook takes over (SPEC §3.1). Through the mock
 * Telegram server and the official socket.io-client.
 */
class PlatformChatTest {
    static final String BOT_TOKEN = "7001:platform-chat";
    static final long CHAT = 5001;

    @TempDir
    Path dataDir;

    TelegramWorld world;
    TestGateway gateway;
    Api api;

    @BeforeEach
    void start() throws Exception {
        world = TelegramWorld.start(BOT_TOKEN);
        gateway = TestGateway.start(TestStore.SQLITE, dataDir, world.gatewayEnv());
        api = gateway.api();
        api.post("/agents", new JsonObject().put("id", "a1").put("name", "A1").put("secret", "s3cret")
                .put("webhookUrl", world.agent.url()));
        api.createTelegramConnection("tg", "a1", BOT_TOKEN, new JsonObject());
        await().atMost(Duration.ofSeconds(10)).until(() -> "connected".equals(api.status("tg")));
    }

    @AfterEach
    void stop() {
        gateway.close();
        world.close();
    }

    @Test
    void aConnectedAgentTalksToTheTelegramChatThenItsWebhookTakesOver() throws Exception {
        String agentToken = api.withToken(null).post("/agents/a1/connect", new JsonObject().put("secret", "s3cret"))
                .json().getString("accessToken");
        List<JsonObject> lines = ClientScript.node(Duration.ofSeconds(30), "platform-chat.mjs", gateway.url(),
                agentToken, world.telegram.apiUrl() + "/_mock", BOT_TOKEN, String.valueOf(CHAT));
        JsonObject answered = lines.stream().filter(l -> "answered".equals(l.getString("event"))).findFirst()
                .orElseThrow(() -> new AssertionError(lines.toString()));

        JsonObject message = answered.getJsonObject("message");
        String chatConversation = "telegram:tg:" + CHAT;
        assertEquals(chatConversation, message.getString("conversationId"));
        assertEquals("hello agent", message.getString("content"));
        assertEquals("user", message.getString("role"));
        JsonObject event = message.getJsonObject("event");
        assertEquals("telegram", event.getString("platform"));
        assertEquals(String.valueOf(CHAT), event.getString("respondTo"));
        long pushedId = answered.getJsonObject("pushed").getJsonObject("message").getLong("message_id");
        assertEquals(String.valueOf(pushedId), event.getString("replyToken"));
        assertTrue(answered.getJsonObject("sent").getBoolean("success"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !world.bot.sentMessages().isEmpty());
        JsonObject reply = world.bot.sentMessages().get(0);
        assertEquals("pong: hello agent", reply.getString("text"));
        assertEquals(pushedId, reply.getJsonObject("reply_parameters").getLong("message_id"),
                "the answer replies to the message it answers");
        assertTrue(world.agent.events().isEmpty(), "the agent was connected: nothing went to its webhook");

        // the agent has left: the next message goes to its webhook, and the webhook's answer to the chat
        world.bot.pushMessage(CHAT, "private", CHAT, "anyone there?");
        await().atMost(Duration.ofSeconds(10)).until(() -> world.bot.sentMessages().size() == 2);
        assertEquals(List.of("anyone there?"), world.agent.events().stream().map(e -> e.getString("text")).toList());
        assertEquals("echo: anyone there?", world.bot.sentMessages().get(1).getString("text"));

        assertEquals(List.of("pong: hello agent", "hello agent"), api.get("/conversations/" + chatConversation
                + "/messages").array().stream().map(m -> ((JsonObject) m).getString("content")).toList(),
                "the chat's conversation keeps what went through the hub");
        assertEquals(List.of("delivered", "delivered"), api.get("/events").array().stream()
                .map(e -> ((JsonObject) e).getString("status")).toList());
    }
}
