package dev.switchboard.platform.telegram;

import dev.switchboard.mock.telegram.MockBot;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.MockAgent;
import dev.switchboard.testing.TelegramWorld;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestStore;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhook mode: Telegram pushes to PUBLIC_URL, guarded by the secret token. */
@ParameterizedClass
@EnumSource(TestStore.class)
class TelegramWebhookModeTest {
    static final String TOKEN = "444444:HOOK-token";
    static final long CHAT = 9001L;

    @Parameter
    TestStore store;
    @TempDir
    Path dataDir;

    TelegramWorld world;
    MockBot bot;
    MockAgent agent;
    TestGateway gateway;
    Api api;

    @BeforeEach
    void start() throws Exception {
        world = TelegramWorld.start(TOKEN);
        bot = world.bot;
        agent = world.agent;
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        gateway = TestGateway.start(store, dataDir, world.gatewayEnv(Map.of(
                "PORT", String.valueOf(port), "PUBLIC_URL", "http://127.0.0.1:" + port)));
        api = gateway.api();
        api.createAgent("agent-1", agent.url());
    }

    @AfterEach
    void stop() {
        gateway.close();
        world.close();
    }

    @Test
    void updatesPushedByTelegramTravelTheWholePath() {
        api.createTelegramConnection("hook", "agent-1", TOKEN, new JsonObject().put("telegramMode", "webhook"));
        await().until(() -> "connected".equals(api.status("hook")));
        assertEquals(gateway.url() + "/telegram/hook/webhook", bot.webhookUrl());
        assertTrue(bot.webhookSecret().length() >= 32);

        bot.pushMessage(CHAT, "private", 1L, "pushed");
        await().until(() -> bot.sentMessages().size() == 1);
        assertEquals("echo: pushed", bot.sentMessages().get(0).getString("text"));
        assertEquals("pushed", agent.events().get(0).getString("text"));
    }

    @Test
    void aPushWithoutTheSecretIsRefused() {
        api.createTelegramConnection("hook", "agent-1", TOKEN, new JsonObject().put("telegramMode", "webhook"));
        await().until(() -> "connected".equals(api.status("hook")));
        JsonObject update = new JsonObject().put("update_id", 1).put("message", new JsonObject()
                .put("message_id", 1).put("chat", new JsonObject().put("id", CHAT).put("type", "private"))
                .put("from", new JsonObject().put("id", 1).put("first_name", "Eve")).put("text", "forged"));
        Api.Response none = api.withToken(null).post("/telegram/hook/webhook", update);
        assertEquals(401, none.status());
        assertEquals("unauthorized", none.error().getString("code"));
        assertEquals(404, api.withToken(null).post("/telegram/nope/webhook", update).status());
        assertEquals(0, agent.webhooks().size());
    }

    @Test
    void anUpdateTelegramPushesTwiceIsDeliveredOnce() throws Exception {
        api.createTelegramConnection("hook", "agent-1", TOKEN, new JsonObject().put("telegramMode", "webhook"));
        await().until(() -> "connected".equals(api.status("hook")));
        JsonObject update = new JsonObject().put("update_id", 77).put("message", new JsonObject()
                .put("message_id", 1).put("date", 1_700_000_000L)
                .put("chat", new JsonObject().put("id", CHAT).put("type", "private"))
                .put("from", new JsonObject().put("id", 1).put("first_name", "Ada")).put("text", "twice"));
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(gateway.url() + "/telegram/hook/webhook"))
                    .header("Content-Type", "application/json")
                    .header("X-Telegram-Bot-Api-Secret-Token", bot.webhookSecret())
                    .POST(HttpRequest.BodyPublishers.ofString(update.encode())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "stored (or already stored): Telegram may stop retrying");
        }
        bot.pushMessage(CHAT, "private", 1L, "after");
        await().until(() -> agent.webhooks().size() == 2);
        assertEquals(List.of("twice", "after"), agent.events().stream().map(e -> e.getString("text")).toList());
    }

    @Test
    void switchingBackToPollingAndDeletingRemoveTheWebhook() {
        api.createTelegramConnection("hook", "agent-1", TOKEN, new JsonObject().put("telegramMode", "webhook"));
        await().until(() -> bot.webhookUrl() != null && !bot.webhookUrl().isEmpty());
        api.createTelegramConnection("hook", "agent-1", TOKEN, new JsonObject().put("telegramMode", "polling"));
        await().until(() -> bot.webhookUrl() == null || bot.webhookUrl().isEmpty());
        await().until(() -> bot.activePolls() == 1);

        api.createTelegramConnection("hook", "agent-1", TOKEN, new JsonObject().put("telegramMode", "webhook"));
        await().until(() -> bot.webhookUrl() != null && !bot.webhookUrl().isEmpty());
        assertEquals(204, api.delete("/connections/hook").status());
        await().until(() -> bot.webhookUrl() == null || bot.webhookUrl().isEmpty());
    }
}
