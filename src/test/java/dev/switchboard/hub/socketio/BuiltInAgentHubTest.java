package dev.switchboard.hub.socketio;

import dev.switchboard.mock.llm.MockModelServer;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.TelegramWorld;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent with an llm block is answered by the built-in agent wherever its conversations are: the
 * hub's /chat and / namespaces, and a Telegram bot, here with the mock model (which echoes what it
 * was asked, as the keyless demo agent does).
 */
class BuiltInAgentHubTest {
    static final String BOT_TOKEN = "7002:built-in";

    @TempDir
    Path dataDir;

    TelegramWorld world;
    MockModelServer model;
    TestGateway gateway;
    Api api;

    @BeforeEach
    void start() throws Exception {
        world = TelegramWorld.start(BOT_TOKEN);
        model = MockModelServer.start(world.vertx, "sk-hub");
        gateway = TestGateway.start(TestStore.SQLITE, dataDir, world.gatewayEnv(Map.of("LLM_BASE_URL", model.baseUrl(),
                "LLM_API_KEY", "sk-hub")));
        api = gateway.api();
        api.post("/agents", new JsonObject().put("id", "bot").put("name", "Bot").put("llm", new JsonObject()));
    }

    @AfterEach
    void stop() {
        gateway.close();
        model.close();
        world.close();
    }

    @Test
    void hubUsersSeeTheAgentTypingOrThinkingThenItsAnswer() throws Exception {
        String token = api.post("/tokens", new JsonObject().put("userId", "u1").put("agents", new JsonArray().add("bot")))
                .json().getString("accessToken");
        Map<String, JsonObject> by = ClientScript.node(Duration.ofSeconds(30), "built-in.mjs", gateway.url(), token, "bot")
                .stream().collect(Collectors.toMap(l -> l.getString("event"), Function.identity()));
        assertTrue(by.containsKey("done"), by.toString());

        JsonObject chat = by.get("chat");
        assertEquals("Echo: hello model", chat.getJsonObject("answer").getString("content"));
        assertEquals("bot", chat.getJsonObject("answer").getString("participantId"));
        assertEquals(List.of(true, false), chat.getJsonArray("typing").stream()
                .map(t -> ((JsonObject) t).getBoolean("isTyping")).toList(), "typing while it works, then not");
        assertEquals("agent", chat.getJsonArray("typing").getJsonObject(0).getString("type"));

        JsonObject eliza = by.get("eliza");
        assertEquals(true, eliza.getJsonObject("thinking").getBoolean("thinking"));
        assertEquals("Echo: hello eliza", eliza.getJsonObject("answer").getString("text"));
        assertEquals(2, model.requests().size(), "both answers came from the model");
    }

    @Test
    void aTelegramBotBackedByTheBuiltInAgentAnswersInTheChatWithItsHistory() {
        api.createTelegramConnection("tg", "bot", BOT_TOKEN, new JsonObject());
        await().atMost(Duration.ofSeconds(10)).until(() -> "connected".equals(api.status("tg")));
        long messageId = world.bot.pushMessage(42, "private", 42, "hi bot").getJsonObject("message").getLong("message_id");

        await().atMost(Duration.ofSeconds(10)).until(() -> !world.bot.sentMessages().isEmpty());
        JsonObject reply = world.bot.sentMessages().get(0);
        assertEquals("Echo: hi bot", reply.getString("text"));
        assertEquals(messageId, reply.getJsonObject("reply_parameters").getLong("message_id"));
        assertTrue(world.agent.events().isEmpty(), "nothing went to a webhook");
        assertEquals("hi bot", model.requests().get(0).getJsonArray("messages").getJsonObject(1).getString("content"));
        assertEquals(List.of("Echo: hi bot", "hi bot"), api.get("/conversations/telegram:tg:42/messages").array()
                .stream().map(m -> ((JsonObject) m).getString("content")).toList(), "the chat's history is its context");
    }
}
