package dev.switchboard.platform.discord;

import dev.switchboard.mock.discord.MockDiscordBot;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.DiscordWorld;
import dev.switchboard.testing.MockAgent;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestStore;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Answers going back to Discord: channel replies, interaction callbacks and deferrals, REST rate limits. */
class DiscordRepliesTest {
    @TempDir
    Path dataDir;

    DiscordWorld world;
    MockDiscordBot bot;
    MockAgent agent;
    TestGateway gateway;
    Api api;

    @BeforeEach
    void start() throws Exception {
        world = DiscordWorld.start();
        bot = world.bot;
        agent = world.agent;
        gateway = world.startGateway(TestStore.SQLITE, dataDir, Map.of());
        api = gateway.api();
        assertEquals(201, DiscordWorld.connect(api, "dc", new JsonObject()).status());
        await().until(() -> "connected".equals(api.status("dc")));
    }

    @AfterEach
    void stop() {
        gateway.close();
        world.close();
    }

    static MockAgent.Answer content(String text) {
        return MockAgent.Answer.json(200, new JsonObject().put("content", text));
    }

    @Test
    void aMessageIsAnsweredAsAReplyToItAndTheEchoIsNotDeliveredAgain() {
        JsonObject message = bot.pushMessage("C1", "100", "7", "hello");
        await().until(() -> bot.postedMessages().size() == 1);
        JsonObject event = agent.events().get(0);
        assertEquals("messageCreate", event.getString("type"));
        assertEquals("C1", event.getString("respondTo"));
        assertEquals(message.getString("id"), event.getString("replyToken"));
        assertEquals(message, event.getJsonObject("payload"));

        JsonObject posted = bot.postedMessages().get(0);
        assertEquals("C1", posted.getString("channelId"));
        JsonObject body = posted.getJsonObject("body");
        assertEquals("echo: hello", body.getString("content"));
        assertEquals(message.getString("id"), body.getJsonObject("message_reference").getString("message_id"));
        assertEquals(List.of("users"), body.getJsonObject("allowed_mentions").getJsonArray("parse").getList(),
                "an agent's @everyone pings nobody");
        // the mock echoes our own message on the gateway: the self filter keeps it from the agent
        await().during(Duration.ofMillis(300)).until(() -> agent.events().size() == 1);
    }

    @Test
    void aLongAnswerIsSplitIntoDiscordSizedMessagesInOrder() {
        agent.respondWith(e -> content("x".repeat(2000) + "\n" + "y".repeat(100)));
        bot.pushMessage("C1", "100", "7", "long please");
        await().until(() -> bot.postedMessages().size() == 2);
        List<JsonObject> bodies = bot.postedMessages().stream().map(p -> p.getJsonObject("body")).toList();
        assertEquals("x".repeat(2000), bodies.get(0).getString("content"));
        assertEquals("y".repeat(100), bodies.get(1).getString("content"));
        assertNull(bodies.get(1).getJsonObject("message_reference"), "only the first part is the reply");
    }

    @Test
    void anInteractionAnsweredInTimeIsAnsweredByItsCallback() {
        agent.respondWith(e -> content("pong"));
        JsonObject interaction = bot.pushInteraction("C1", "100", "7", "ping", null);
        await().until(() -> bot.interactionCallbacks().size() == 1);
        JsonObject callback = bot.interactionCallbacks().get(0);
        assertEquals(interaction.getString("id"), callback.getString("interactionId"));
        assertEquals(204, callback.getInteger("status"));
        assertEquals(4, callback.getJsonObject("body").getInteger("type"));
        assertEquals("pong", callback.getJsonObject("body").getJsonObject("data").getString("content"));
        assertEquals("/ping", agent.events().get(0).getString("text"));
        await().during(Duration.ofMillis(1300)).until(() -> bot.interactionCallbacks().size() == 1
                && bot.postedMessages().isEmpty());
    }

    @Test
    void aSlowAgentsInteractionIsDeferredThenCompleted() {
        agent.respondWith(e -> content("thought about it").after(1800));
        bot.pushInteraction("C1", "100", "7", "think", null);
        await().until(() -> bot.interactionCallbacks().size() == 1);
        assertEquals(5, bot.interactionCallbacks().get(0).getJsonObject("body").getInteger("type"));
        assertEquals(204, bot.interactionCallbacks().get(0).getInteger("status"), "deferred within Discord's 3 s");
        await().until(() -> bot.originalEdits().size() == 1);
        assertEquals("thought about it", bot.originalEdits().get(0).getJsonObject("body").getString("content"));
        assertTrue(bot.postedMessages().isEmpty());
    }

    @Test
    void aProactiveMessageToAnInteractionIsAFollowUp() {
        agent.respondWith(e -> content("first"));
        JsonObject interaction = bot.pushInteraction("C1", "100", "7", "ping", null);
        await().until(() -> bot.interactionCallbacks().size() == 1);
        Api.Response sent = api.post("/connections/dc/messages", new JsonObject().put("respondTo", "C1")
                .put("replyToken", interaction.getString("id")).put("text", "and another thing"));
        assertEquals(202, sent.status(), sent.body());
        await().until(() -> bot.followUps().size() == 1);
        assertEquals("and another thing", bot.followUps().get(0).getJsonObject("body").getString("content"));
    }

    @Test
    void aRouteRateLimitIsWaitedOutAndTheRepliesStayInOrder() {
        bot.rateLimitChannel("C1", 1, 700);
        long started = System.nanoTime();
        for (String text : List.of("a", "b", "c")) {
            Api.Response queued = api.post("/connections/dc/messages", new JsonObject().put("respondTo", "C1")
                    .put("text", text));
            assertEquals(202, queued.status(), queued.body());
        }
        await().until(() -> bot.postedMessages().size() == 3);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(List.of("a", "b", "c"), bot.postedMessages().stream()
                .map(p -> p.getJsonObject("body").getString("content")).toList());
        assertTrue(tookMillis >= 1300, "two waits of the 700 ms bucket, took " + tookMillis + " ms");
        assertTrue(bot.rateLimited().isEmpty(), "the bucket is learned from the headers, not from 429s: "
                + bot.rateLimited());
    }

    @Test
    void aRouteLimitedAnswerIsRetriedAfterRetryAfter() throws Exception {
        bot.rateLimitChannel("C1", 1, 800);
        // another process with the same token spends the bucket: the gateway learns of it from a 429
        HttpResponse<String> elsewhere = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(world.discord.apiUrl() + "/channels/C1/messages"))
                .header("Authorization", "Bot " + DiscordWorld.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"from elsewhere\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, elsewhere.statusCode(), elsewhere.body());
        long started = System.nanoTime();
        bot.pushMessage("C1", "100", "7", "hi");
        await().until(() -> bot.postedMessages().size() == 2);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(1, bot.rateLimited().size());
        assertFalse(bot.rateLimited().get(0).getBoolean("global"));
        assertEquals("echo: hi", bot.postedMessages().get(1).getJsonObject("body").getString("content"));
        assertTrue(tookMillis >= 500, "waited " + tookMillis + " ms for the bucket's reset");
    }

    @Test
    void aGlobalRateLimitHoldsTheBotForRetryAfter() {
        bot.globalRateLimit(1, 0.6);
        long started = System.nanoTime();
        bot.pushMessage("C1", "100", "7", "hi");
        await().until(() -> bot.postedMessages().size() == 1);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(1, bot.rateLimited().size());
        assertTrue(bot.rateLimited().get(0).getBoolean("global"));
        assertTrue(tookMillis >= 600, "waited " + tookMillis + " ms");
        assertFalse(api.get("/events?status=failed").array().size() > 0);
    }
}
