package dev.switchboard.platform.telegram;

import dev.switchboard.delivery.WebhookSigner;
import dev.switchboard.mock.telegram.MockBot;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.MockAgent;
import dev.switchboard.testing.TelegramWorld;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestStore;
import io.vertx.core.json.JsonArray;
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

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole Telegram path over real HTTP: a Telegram update → the inbox → the agent's webhook →
 * its answer → a Telegram reply, against the mock Bot API, on both stores.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class TelegramPathTest {
    static final String TOKEN = "111111:TEST-token";
    static final long BOT_ID = 111111L;
    static final long CHAT = 5001L;
    static final long USER = 42L;

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
        gateway = TestGateway.start(store, dataDir, world.gatewayEnv());
        api = gateway.api();
    }

    @AfterEach
    void stop() {
        gateway.close();
        world.close();
    }

    void connect(JsonObject extra) {
        api.createAgent("agent-1", agent.url());
        api.createTelegramConnection("tg-1", "agent-1", TOKEN, extra);
        await().until(() -> "connected".equals(api.status("tg-1")));
    }

    @Test
    void aMessageReachesTheWebhookAndTheAnswerGoesBackAsAReply() {
        connect(new JsonObject());
        JsonObject update = bot.pushMessage(CHAT, "private", USER, "hello");
        long messageId = update.getJsonObject("message").getLong("message_id");

        await().until(() -> bot.sentMessages().size() == 1);
        JsonObject event = agent.events().get(0);
        assertEquals("message", event.getString("type"));
        assertEquals("telegram", event.getString("platform"));
        assertEquals("tg-1", event.getString("integrationId"));
        assertEquals("agent-1", event.getString("agentId"));
        assertEquals("hello", event.getString("text"));
        assertEquals(String.valueOf(CHAT), event.getString("respondTo"));
        assertEquals(String.valueOf(messageId), event.getString("replyToken"));
        assertEquals(String.valueOf(USER), event.getJsonObject("user").getString("id"));
        assertEquals(update.getLong("update_id"), event.getJsonObject("payload").getLong("update_id"));
        assertTrue(event.getString("id").startsWith("evt_"));
        assertNotNull(event.getString("conversationId"));
        MockAgent.Received request = agent.webhooks().get(0);
        assertEquals("/webhook", request.path());
        assertEquals(event.getString("id"), request.header("webhook-id"));
        assertNotNull(request.header("webhook-timestamp"));
        assertNull(request.header("webhook-signature"), "no signature without a signing secret");

        JsonObject reply = bot.sentMessages().get(0);
        assertEquals("echo: hello", reply.getString("text"));
        assertEquals(String.valueOf(CHAT), String.valueOf(reply.getValue("chat_id")));
        assertEquals(messageId, reply.getJsonObject("reply_parameters").getLong("message_id"));
        await().until(() -> api.get("/connections/tg-1").json().getLong("eventsReceived") == 1);
        assertEquals(1, api.get("/stats").json().getJsonObject("events").getJsonObject("telegram").getLong("delivered"));
    }

    @Test
    void signedWebhooksVerifyWithTheAgentsSecret() {
        api.post("/agents", new JsonObject().put("id", "signed").put("name", "Signed").put("webhookUrl", agent.url())
                .put("signingSecret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        api.createTelegramConnection("tg-1", "signed", TOKEN, new JsonObject());
        bot.pushMessage(CHAT, "private", USER, "sign me");
        await().until(() -> agent.webhooks().size() == 1);
        MockAgent.Received request = agent.webhooks().get(0);
        assertEquals(WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", request.header("webhook-id"),
                Long.parseLong(request.header("webhook-timestamp")), request.body()), request.header("webhook-signature"));
    }

    @Test
    void failedDeliveriesAreRetriedUnderTheSameWebhookId() {
        agent.answerNext(MockAgent.Answer.status(503), MockAgent.Answer.status(429).header("Retry-After", "0"),
                MockAgent.Answer.status(500));
        connect(new JsonObject());
        bot.pushMessage(CHAT, "private", USER, "persist");
        await().until(() -> bot.sentMessages().size() == 1);
        List<MockAgent.Received> attempts = agent.webhooks();
        assertEquals(4, attempts.size());
        assertEquals(1, attempts.stream().map(r -> r.header("webhook-id")).distinct().count());
        assertEquals(0, api.get("/stats").json().getLong("webhookRetriesPending"));
    }

    @Test
    void aPermanentRefusalIsNotRetriedAndStaysVisible() {
        agent.answerNext(MockAgent.Answer.status(400));
        connect(new JsonObject());
        bot.pushMessage(CHAT, "private", USER, "bad");
        await().until(() -> api.get("/stats").json().getLong("eventsFailed") == 1);
        assertEquals(1, agent.webhooks().size());
        assertEquals(1, api.get("/stats").json().getJsonObject("events").getJsonObject("telegram").getLong("failed"));
    }

    @Test
    void theDeliveryLogShowsFailuresAndAFailedEventCanBeSentAgain() {
        agent.answerNext(MockAgent.Answer.status(422));
        connect(new JsonObject());
        bot.pushMessage(CHAT, "private", USER, "try again");
        await().until(() -> api.get("/events?status=failed").array().size() == 1);
        JsonObject failed = api.get("/events?status=failed&integrationId=tg-1").array().getJsonObject(0);
        assertEquals("message", failed.getString("type"));
        assertEquals("webhook answered HTTP 422", failed.getString("lastError"));
        assertEquals(1, failed.getInteger("attempts"));
        assertEquals(0, api.get("/events?status=failed&integrationId=other").array().size());
        assertEquals("status", api.get("/events?status=lost").error().getJsonObject("details")
                .getJsonObject("fields").fieldNames().iterator().next());

        assertEquals(202, api.post("/events/" + failed.getString("id") + "/redeliver", new JsonObject()).status());
        await().until(() -> bot.sentMessages().size() == 1);
        assertEquals("echo: try again", bot.sentMessages().get(0).getString("text"));
        assertEquals(2, agent.webhooks().stream().filter(r -> r.header("webhook-id").equals(failed.getString("id"))).count(),
                "sent again under the same webhook-id");
        await().until(() -> "delivered".equals(api.get("/events?integrationId=tg-1").array().getJsonObject(0).getString("status")));
        assertEquals(404, api.post("/events/evt_nope/redeliver", new JsonObject()).status());
    }

    @Test
    void gone410DisablesDeliveryForTheAgentUntilItChanges() {
        agent.answerNext(MockAgent.Answer.status(410));
        connect(new JsonObject());
        bot.pushMessage(CHAT, "private", USER, "one");
        await().until(() -> api.get("/stats").json().getLong("eventsFailed") == 1);
        bot.pushMessage(CHAT, "private", USER, "two");
        await().until(() -> api.get("/stats").json().getLong("eventsFailed") == 2);
        assertEquals(1, agent.webhooks().size(), "nothing is posted to an agent that answered 410");

        assertEquals(200, api.patch("/agents/agent-1", new JsonObject().put("webhookUrl", agent.url())).status());
        bot.pushMessage(CHAT, "private", USER, "three");
        await().until(() -> bot.sentMessages().size() == 1);
        assertEquals("echo: three", bot.sentMessages().get(0).getString("text"));
    }

    @Test
    void anEmptyAnswerSendsNoReply() {
        agent.respondWith(event -> MockAgent.Answer.status(204));
        connect(new JsonObject());
        bot.pushMessage(CHAT, "private", USER, "quiet");
        await().until(() -> api.get("/stats").json().getJsonObject("events").getJsonObject("telegram")
                .getLong("delivered") == 1);
        assertEquals(0, bot.sentMessages().size());
    }

    @Test
    void theEventFilterLetsOnlyNamedEventsThrough() {
        connect(new JsonObject().put("eventFilter", new JsonArray().add("edited_message")));
        bot.pushMessage(CHAT, "private", USER, "plain message");
        JsonObject edited = bot.pushMessage(CHAT, "private", USER, "original");
        JsonObject message = edited.getJsonObject("message").copy().put("text", "edited").put("edit_date", 1_700_000_000L);
        bot.pushUpdate(new JsonObject().put("edited_message", message));
        await().until(() -> agent.webhooks().size() == 1);
        assertEquals("edited_message", agent.events().get(0).getString("type"));
        assertEquals("edited", agent.events().get(0).getString("text"));
        // Telegram is asked only for what passes the filter
        assertEquals(new JsonArray().add("edited_message"),
                bot.calls("getUpdates").get(bot.calls("getUpdates").size() - 1).getJsonArray("allowed_updates"));
    }

    @Test
    void theBotsOwnMessagesAreDropped() {
        connect(new JsonObject());
        bot.pushMessage(CHAT, "private", BOT_ID, "my own words");
        bot.pushMessage(CHAT, "private", USER, "from a person");
        await().until(() -> agent.webhooks().size() == 1);
        assertEquals("from a person", agent.events().get(0).getString("text"));
    }

    @Test
    void callbackQueriesAreAnsweredWithAnswerCallbackQuery() {
        agent.respondWith(event -> MockAgent.Answer.json(200, new JsonObject().put("content", "clicked " + event.getString("text"))));
        connect(new JsonObject());
        JsonObject update = bot.pushCallbackQuery(CHAT, USER, "btn-1");
        await().until(() -> bot.callbackAnswers().size() == 1);
        JsonObject event = agent.events().get(0);
        assertEquals("callback_query", event.getString("type"));
        assertEquals("btn-1", event.getString("text"));
        JsonObject answer = bot.callbackAnswers().get(0);
        assertEquals(update.getJsonObject("callback_query").getString("id"), answer.getString("callback_query_id"));
        assertEquals("clicked btn-1", answer.getString("text"));
    }

    @Test
    void repliesToOneChatKeepTheirOrderThroughRateLimits() {
        connect(new JsonObject());
        bot.failNext("sendMessage", 1, 429, "Too Many Requests: retry after 1", 1);
        for (int i = 0; i < 5; i++) {
            bot.pushMessage(CHAT, "private", USER, "m" + i);
            int expected = i + 1;
            await().until(() -> agent.webhooks().size() == expected);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> bot.sentMessages().size() == 5);
        assertEquals(List.of("echo: m0", "echo: m1", "echo: m2", "echo: m3", "echo: m4"),
                bot.sentMessages().stream().map(m -> m.getString("text")).toList());
        List<JsonObject> calls = bot.calls("sendMessage");
        assertEquals(429, calls.get(0).getInteger("_status"));
        long waited = calls.get(1).getLong("_at") - calls.get(0).getLong("_at");
        assertTrue(waited >= 1000, "the retry waited for retry_after: " + waited + " ms");
    }

    @Test
    void eachBotsRepliesArePacedToItsSendRate() throws Exception {
        gateway.close();
        gateway = TestGateway.start(store, dataDir.resolve("paced"), world.gatewayEnv(Map.of("TELEGRAM_SENDS_PER_SECOND", "5")));
        api = gateway.api();
        connect(new JsonObject());
        for (int i = 0; i < 10; i++) {
            bot.addChat(CHAT + i, "private");
            api.post("/connections/tg-1/messages", new JsonObject().put("respondTo", String.valueOf(CHAT + i))
                    .put("text", "broadcast " + i));
        }
        await().until(() -> bot.sentMessages().size() == 10);
        List<JsonObject> sent = bot.sentMessages();
        long spread = sent.get(9).getLong("_at") - sent.get(0).getLong("_at");
        assertTrue(spread >= 900, "a burst of 5, then one every 200 ms: " + spread + " ms");
        assertEquals(0, bot.calls("sendMessage").stream().filter(c -> c.getInteger("_status") == 429).count());
    }

    @Test
    void lateMessagesGoOutThroughTheConnection() {
        connect(new JsonObject());
        bot.addChat(CHAT, "private");
        Api.Response accepted = api.post("/connections/tg-1/messages", new JsonObject()
                .put("respondTo", String.valueOf(CHAT)).put("text", "proactive hello"));
        assertEquals(202, accepted.status());
        assertTrue(accepted.json().getString("messageId").startsWith("msg_"));
        await().until(() -> bot.sentMessages().size() == 1);
        assertEquals("proactive hello", bot.sentMessages().get(0).getString("text"));
        assertEquals("respondTo", api.post("/connections/tg-1/messages", new JsonObject().put("text", "x"))
                .error().getJsonObject("details").getJsonObject("fields").fieldNames().iterator().next());
    }

    @Test
    void theWakeEndpointIsCalledFirstAndMayNameTheAgentsUrl() throws Exception {
        gateway.close();
        MockAgent controlPlane = MockAgent.start(world.vertx);
        controlPlane.wakeAnswer(new JsonObject().put("url", agent.url()));
        gateway = TestGateway.start(store, dataDir.resolve("wake"), world.gatewayEnv(Map.of(
                "AGENTIOM_API_URL", controlPlane.url(), "AGENTIOM_INTERNAL_TOKEN", "internal-secret")));
        api = gateway.api();
        // the agent is not registered: the wake answer alone says where it is
        api.createTelegramConnection("tg-1", "sleepy", TOKEN, new JsonObject());
        bot.pushMessage(CHAT, "private", USER, "wake up");
        await().until(() -> bot.sentMessages().size() == 1);
        MockAgent.Received wake = controlPlane.wakes().get(0);
        assertEquals("/internal/trigger/sleepy", wake.path());
        assertEquals("Bearer internal-secret", wake.header("Authorization"));
        assertEquals(new JsonObject().put("integrationId", "tg-1").put("platform", "telegram").put("type", "message"),
                wake.json());
        assertEquals("wake up", agent.events().get(0).getString("text"));
    }
}
