package dev.switchboard.platform.telegram;

import dev.switchboard.mock.telegram.MockBot;
import dev.switchboard.mock.telegram.MockTelegramServer;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a Telegram connection lives: errors, retries, replacement, deletion and restarts. */
@ParameterizedClass
@EnumSource(TestStore.class)
class TelegramConnectionLifeTest {
    static final String TOKEN = "222222:LIFE-token";
    static final long CHAT = 7001L;

    @Parameter
    TestStore store;
    @TempDir
    Path dataDir;

    TelegramWorld world;
    MockTelegramServer telegram;
    MockBot bot;
    MockAgent agent;
    TestGateway gateway;
    Api api;

    @BeforeEach
    void start() throws Exception {
        world = TelegramWorld.start(TOKEN);
        telegram = world.telegram;
        bot = world.bot;
        agent = world.agent;
        gateway = TestGateway.start(store, dataDir, world.gatewayEnv());
        api = gateway.api();
        api.createAgent("agent-1", agent.url());
    }

    @AfterEach
    void stop() {
        gateway.close();
        world.close();
    }

    /** A new gateway process on the store the stopped one used. */
    void restartOnTheSameStore() throws Exception {
        gateway = TestGateway.start(store, dataDir, world.gatewayEnv(Map.of("DATABASE_URL", gateway.env().get("DATABASE_URL"))));
        api = gateway.api();
    }

    @Test
    void anUnknownTokenEndsInErrorWithoutAHotRetryLoop() throws Exception {
        api.createTelegramConnection("bad", "agent-1", "999:UNKNOWN", new JsonObject());
        await().until(() -> "error".equals(api.status("bad")));
        JsonObject view = api.get("/connections/bad").json();
        assertTrue(view.getString("lastError").contains("401"), view.getString("lastError"));
        assertFalse(view.encode().contains("999:UNKNOWN"), "the token is not shown, even in the error");
        assertEquals(1, api.get("/health").json().getJsonObject("connections").getInteger("error"));
        int calls = telegram.callCount("999:UNKNOWN");
        Thread.sleep(1500); // thirty backoff periods: a retry loop would show here
        assertEquals(calls, telegram.callCount("999:UNKNOWN"));
    }

    @Test
    void notFoundFromTelegramIsFatalToo() {
        bot.failNext("getMe", 1, 404, "Not Found");
        api.createTelegramConnection("tg", "agent-1", TOKEN, new JsonObject());
        await().until(() -> "error".equals(api.status("tg")));
        assertTrue(api.get("/connections/tg").json().getString("lastError").contains("404"));
        assertEquals(1, bot.callCount("getMe"));
    }

    @Test
    void reconnectClearsAnErrorOnceTheTokenWorks() {
        api.createTelegramConnection("later", "agent-1", "333:LATER", new JsonObject());
        await().until(() -> "error".equals(api.status("later")));
        telegram.addBot("333:LATER", 333L, "late_bot");
        assertEquals(202, api.post("/connections/later/reconnect", new JsonObject()).status());
        await().until(() -> "connected".equals(api.status("later")));
        assertEquals(null, api.get("/connections/later").json().getString("lastError"));
    }

    @Test
    void networkErrorsAnd5xxAreRetriedAndNothingIsLost() {
        api.createTelegramConnection("tg", "agent-1", TOKEN, new JsonObject());
        await().until(() -> "connected".equals(api.status("tg")));
        bot.failNext("getUpdates", 3, 502, "Bad Gateway");
        bot.pushMessage(CHAT, "private", 1L, "through the storm");
        await().until(() -> bot.sentMessages().size() == 1);
        await().until(() -> "connected".equals(api.status("tg")));
        assertTrue(api.get("/connections/tg").json().getInteger("reconnects") >= 3);
        assertEquals(1, agent.webhooks().size());
    }

    @Test
    void aRateLimitedPollWaitsForRetryAfter() {
        api.createTelegramConnection("tg", "agent-1", TOKEN, new JsonObject());
        await().until(() -> bot.activePolls() == 1);
        bot.failNext("getUpdates", 1, 429, "Too Many Requests: retry after 2", 2);
        // answers the held poll, so the next one meets the 429
        bot.pushMessage(CHAT, "private", 1L, "nudge");
        await().until(() -> bot.calls("getUpdates").stream().anyMatch(c -> c.getInteger("_status", 0) == 429));
        bot.pushMessage(CHAT, "private", 1L, "after the wait");
        await().atMost(Duration.ofSeconds(10)).until(() -> bot.sentMessages().size() == 2);
        List<JsonObject> polls = bot.calls("getUpdates");
        int limited = IntStream.range(0, polls.size()).filter(i -> polls.get(i).getInteger("_status", 0) == 429)
                .findFirst().orElseThrow();
        long waited = polls.get(limited + 1).getLong("_at") - polls.get(limited).getLong("_at");
        assertTrue(waited >= 2000, "the next poll waited for retry_after: " + waited + " ms");
    }

    @Test
    void aSecondPollerIsReportedAndBackedOffFrom() {
        api.createTelegramConnection("tg", "agent-1", TOKEN, new JsonObject());
        await().until(() -> bot.activePolls() == 1);
        bot.failNext("getUpdates", 1, 409,
                "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
        // the mock answers the held poll early so the next poll meets the conflict
        bot.pushMessage(CHAT, "private", 1L, "nudge");
        await().until(() -> "disconnected".equals(api.status("tg")));
        String error = api.get("/connections/tg").json().getString("lastError");
        assertTrue(error.contains("another process is polling"), error);
    }

    @Test
    void aWebhookSetBySomeoneElseStopsPollingWithAClearReason() {
        api.createTelegramConnection("tg", "agent-1", TOKEN, new JsonObject());
        await().until(() -> "connected".equals(api.status("tg")));
        bot.setWebhookExternally("https://elsewhere.example/hook");
        bot.pushMessage(CHAT, "private", 1L, "nudge");
        await().until(() -> "error".equals(api.status("tg")));
        assertTrue(api.get("/connections/tg").json().getString("lastError").contains("webhook was set"));
    }

    @Test
    void aWebhookLeftOverFromWebhookModeIsRemovedBeforePolling() {
        bot.setWebhookExternally("https://old.example/hook");
        api.createTelegramConnection("tg", "agent-1", TOKEN, new JsonObject());
        await().until(() -> "connected".equals(api.status("tg")));
        assertEquals("", bot.webhookUrl() == null ? "" : bot.webhookUrl());
        bot.pushMessage(CHAT, "private", 1L, "after switch");
        await().until(() -> bot.sentMessages().size() == 1);
    }

    @Test
    void replacingAConnectionClosesTheOldOneFirst() {
        api.createTelegramConnection("tg", "agent-1", TOKEN, new JsonObject());
        await().until(() -> "connected".equals(api.status("tg")));
        Api.Response replaced = api.post("/connections", new JsonObject().put("integrationId", "tg")
                .put("config", new JsonObject().put("agentId", "agent-1").put("platform", "telegram")
                        .put("telegramBotToken", TOKEN).put("name", "renamed")));
        assertEquals(200, replaced.status());
        await().until(() -> "connected".equals(api.status("tg")));
        assertEquals("renamed", api.get("/connections/tg").json().getString("name"));
        assertEquals(1, api.get("/connections").array().size());
        bot.pushMessage(CHAT, "private", 1L, "still here");
        await().until(() -> bot.sentMessages().size() == 1);
        assertEquals(1, agent.webhooks().size(), "exactly one poller took the update");
    }

    @Test
    void deletingAConnectionStopsPollingAndForgetsIt() throws Exception {
        api.createTelegramConnection("tg", "agent-1", TOKEN, new JsonObject());
        await().until(() -> bot.activePolls() == 1);
        assertEquals(204, api.delete("/connections/tg").status());
        await().until(() -> bot.activePolls() == 0);
        assertEquals(404, api.get("/connections/tg").status());
        gateway.restart();
        api = gateway.api();
        assertEquals(0, api.get("/connections").array().size());
    }

    @Test
    void updatesSentWhileTheGatewayIsDownAreDeliveredExactlyOnceAfterRestart() throws Exception {
        api.createTelegramConnection("tg", "agent-1", TOKEN, new JsonObject());
        bot.pushMessage(CHAT, "private", 1L, "before");
        await().until(() -> bot.sentMessages().size() == 1);

        gateway.stop();
        await().until(() -> bot.activePolls() == 0);
        IntStream.range(0, 5).forEach(i -> bot.pushMessage(CHAT, "private", 1L, "while down " + i));
        restartOnTheSameStore();

        await().atMost(Duration.ofSeconds(15)).until(() -> bot.sentMessages().size() == 6);
        assertEquals(6, agent.webhooks().size());
        assertEquals(6, agent.events().stream().map(e -> e.getString("id")).distinct().count());
        assertEquals("connected", api.status("tg"));
    }

    @Test
    void unsentRepliesWaitInTheStoreAcrossARestart() throws Exception {
        bot.failNext("sendMessage", 1000, 502, "Bad Gateway");
        api.createTelegramConnection("tg", "agent-1", TOKEN, new JsonObject());
        bot.pushMessage(CHAT, "private", 1L, "answer me later");
        await().until(() -> bot.callCount("sendMessage") >= 1);
        gateway.stop();
        bot.clearFaults();
        restartOnTheSameStore();
        await().until(() -> bot.sentMessages().size() == 1);
        assertEquals("echo: answer me later", bot.sentMessages().get(0).getString("text"));
        assertEquals(1, agent.webhooks().size(), "the event was not delivered again, only its reply sent");
    }

    @Test
    void undeliveredEventsWaitInTheStoreAcrossARestart() throws Exception {
        agent.respondWith(event -> MockAgent.Answer.status(503));
        api.createTelegramConnection("tg", "agent-1", TOKEN, new JsonObject());
        bot.pushMessage(CHAT, "private", 1L, "patience");
        await().until(() -> api.get("/stats").json().getLong("webhookRetriesPending") == 1);
        gateway.stop();
        agent.respondWith(event -> MockAgent.Answer.json(200, new JsonObject().put("text", "finally")));
        restartOnTheSameStore();
        await().until(() -> bot.sentMessages().size() == 1);
        assertEquals("finally", bot.sentMessages().get(0).getString("text"));
        assertEquals(1, agent.webhooks().stream().map(r -> r.header("webhook-id")).distinct().count());
    }
}
