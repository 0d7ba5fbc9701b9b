package dev.switchboard.platform.slack;

import dev.switchboard.mock.slack.MockSlackApp;
import dev.switchboard.mock.slack.MockSlackServer;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.MockAgent;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slack Socket Mode end to end: the mock Slack server, the gateway, a mock agent. */
class SlackSocketModeTest {
    static final String APP_TOKEN = "xapp-1-A111-test";
    static final String BOT_TOKEN = "xoxb-111-test";

    @TempDir
    Path dataDir;

    Vertx vertx;
    MockSlackServer slack;
    MockSlackApp app;
    MockAgent agent;
    TestGateway gateway;
    Api api;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        slack = MockSlackServer.start(vertx);
        app = slack.addApp(APP_TOKEN, BOT_TOKEN);
        app.addChannel("C111");
        agent = MockAgent.start(vertx);
        gateway = startGateway(Map.of());
        api = gateway.api();
        api.createAgent("agent-1", agent.url());
    }

    TestGateway startGateway(Map<String, String> more) throws Exception {
        Map<String, String> env = new HashMap<>(more);
        env.put("SLACK_API_URL", slack.apiUrl());
        env.putIfAbsent("SLACK_PING_INTERVAL_MS", "100");
        env.putIfAbsent("SLACK_SILENCE_TIMEOUT_MS", "600");
        return TestGateway.start(TestStore.SQLITE, dataDir, env);
    }

    @AfterEach
    void stop() {
        gateway.close();
        slack.close();
        vertx.close().await();
    }

    void connect() {
        Api.Response created = api.post("/connections", new JsonObject().put("integrationId", "sl").put("config",
                new JsonObject().put("agentId", "agent-1").put("platform", "slack")
                        .put("slackAppToken", APP_TOKEN).put("slackBotToken", BOT_TOKEN)));
        assertEquals(201, created.status(), created.body());
        await().until(() -> "connected".equals(api.status("sl")));
    }

    @Test
    void aChannelMessageIsAckedDeliveredAndAnsweredInItsThread() {
        connect();
        JsonObject envelope = app.pushMessage("C111", "U222", "hello");
        String ts = envelope.getJsonObject("payload").getJsonObject("event").getString("ts");
        await().until(() -> app.postedMessages().size() == 1);

        assertEquals(envelope.getString("envelope_id"), app.acks().get(0).getString("envelope_id"));
        JsonObject event = agent.events().get(0);
        assertEquals("message", event.getString("type"));
        assertEquals("slack", event.getString("platform"));
        assertEquals("C111", event.getString("respondTo"));
        assertEquals(ts, event.getString("replyToken"), "a top-level message starts a thread on itself");
        assertEquals("hello", event.getString("text"));
        assertEquals("U222", event.getJsonObject("user").getString("id"));
        JsonObject posted = app.postedMessages().get(0);
        assertEquals("C111", posted.getString("channel"));
        assertEquals(ts, posted.getString("thread_ts"));
        assertEquals("echo: hello", posted.getString("text"));
    }

    @Test
    void aThreadReplyIsAnsweredUnderTheParent() {
        connect();
        app.pushThreadReply("C111", "U222", "in the thread", "1700000000.000100");
        await().until(() -> app.postedMessages().size() == 1);
        assertEquals("1700000000.000100", agent.events().get(0).getString("replyToken"));
        assertEquals("1700000000.000100", app.postedMessages().get(0).getString("thread_ts"));
    }

    @Test
    void everyEventKindArrivesUnderItsSpecName() {
        agent.respondWith(e -> MockAgent.Answer.status(204));
        connect();
        app.pushAppMention("C111", "U222", "<@U_BOT> hi");
        app.pushReaction(true, "C111", "U222", "thumbsup", "1700000000.000100");
        app.pushReaction(false, "C111", "U222", "thumbsup", "1700000000.000100");
        app.pushEvent(new JsonObject().put("type", "app_home_opened").put("user", "U222").put("channel", "D111")
                .put("tab", "home").put("event_ts", "1700000000.000200"));
        app.pushSlashCommand("C111", "U222", "/deploy", "prod");
        app.pushBlockAction("C111", "U222", "approve", "yes", "1700000000.000300");
        await().until(() -> agent.webhooks().size() == 6);
        // delivered concurrently: each kind once, in whatever order the agent answered
        assertEquals(Set.of("app_mention", "reaction_added", "reaction_removed", "app_home_opened", "slash_command",
                "interactive"), agent.events().stream().map(e -> e.getString("type")).collect(Collectors.toSet()));
        JsonObject slash = ofType("slash_command");
        assertEquals("prod", slash.getString("text"));
        assertEquals("C111", slash.getString("respondTo"));
        JsonObject button = ofType("interactive");
        assertEquals("yes", button.getString("text"));
        assertEquals("1700000000.000300", button.getString("replyToken"));
        await().until(() -> app.acks().size() == 6);
    }

    JsonObject ofType(String type) {
        return agent.events().stream().filter(e -> type.equals(e.getString("type"))).findFirst().orElseThrow();
    }

    @Test
    void aFastAnswerToASlashCommandRidesOnTheAcknowledgement() {
        connect();
        JsonObject envelope = app.pushSlashCommand("C111", "U222", "/ask", "status?");
        await().until(() -> app.acks().size() == 1);
        JsonObject ack = app.acks().get(0);
        assertEquals(envelope.getString("envelope_id"), ack.getString("envelope_id"));
        assertEquals("echo: status?", ack.getJsonObject("payload").getString("text"));
        assertTrue(ack.getLong("_latencyMicros") < 3_000_000, "within Slack's 3 s");
        await().during(Duration.ofMillis(300)).until(() -> app.postedMessages().isEmpty());
    }

    @Test
    void aSlashCommandTheFilterDropsIsAckedAtOnce() {
        Api.Response created = api.post("/connections", new JsonObject().put("integrationId", "sl").put("config",
                new JsonObject().put("agentId", "agent-1").put("platform", "slack").put("slackAppToken", APP_TOKEN)
                        .put("slackBotToken", BOT_TOKEN).put("eventFilter", new io.vertx.core.json.JsonArray().add("message"))));
        assertEquals(201, created.status());
        await().until(() -> "connected".equals(api.status("sl")));
        app.pushSlashCommand("C111", "U222", "/ask", "ignored");
        await().until(() -> app.acks().size() == 1);
        assertTrue(app.acks().get(0).getLong("_latencyMicros") < 1_000_000, "no response window for a filtered event");
        assertEquals(0, agent.webhooks().size());
    }

    @Test
    void aSlowAnswerToASlashCommandGoesToTheCommandsChannel() {
        agent.respondWith(e -> MockAgent.Answer.json(200, new JsonObject().put("text", "done: " + e.getString("text")))
                .after(2500));
        connect();
        app.pushSlashCommand("C111", "U222", "/ask", "status?");
        await().until(() -> app.acks().size() == 1);
        assertNull(app.acks().get(0).getJsonObject("payload"), "acknowledged plainly before Slack's deadline");
        await().atMost(Duration.ofSeconds(10)).until(() -> app.postedMessages().size() == 1);
        JsonObject posted = app.postedMessages().get(0);
        assertEquals("C111", posted.getString("channel"));
        assertNull(posted.getString("thread_ts"));
        assertEquals("done: status?", posted.getString("text"));
    }

    @Test
    void theAppsOwnMessagesAreAckedButNotDelivered() {
        connect();
        app.pushMessage("C111", "U_BOT", "my own post");
        app.pushEvent(new JsonObject().put("type", "message").put("channel", "C111").put("bot_id", "B_BOT")
                .put("text", "bot post").put("ts", "1700000000.000500"));
        app.pushMessage("C111", "U222", "a person");
        await().until(() -> agent.webhooks().size() == 1 && app.acks().size() == 3);
        assertEquals("a person", agent.events().get(0).getString("text"));
    }

    @Test
    void aRedeliveredEnvelopeIsDeliveredOnce() {
        connect();
        JsonObject envelope = app.pushMessage("C111", "U222", "once");
        await().until(() -> app.acks().size() == 1);
        app.redeliver(envelope);
        await().until(() -> app.acks().size() == 2);
        app.pushMessage("C111", "U222", "next");
        await().until(() -> app.postedMessages().size() == 2);
        assertEquals(List.of("once", "next"), agent.events().stream().map(e -> e.getString("text")).toList());
    }

    @Test
    void refreshesHandOverWithoutLosingOrDuplicatingEvents() {
        agent.respondWith(e -> MockAgent.Answer.status(204));
        connect();
        int total = 1000;
        int maxSockets = 0;
        int refreshes = 0;
        for (int i = 0; i < total; i++) {
            app.pushMessage("C111", "U222", "m" + i);
            if (i % 10 == 5) {
                // the next refresh only once the last hand-over finished, as Slack spaces them
                await().until(() -> app.openSockets() == 1);
                app.refreshAll(Duration.ofMillis(20));
                refreshes++;
            }
            maxSockets = Math.max(maxSockets, app.openSockets());
        }
        assertEquals(100, refreshes);
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.webhooks().size() >= total);
        Set<String> texts = agent.events().stream().map(e -> e.getString("text")).collect(Collectors.toSet());
        assertEquals(total, agent.webhooks().size(), "no duplicates");
        assertEquals(total, texts.size(), "no losses");
        assertTrue(maxSockets <= 2, "never more than two sockets: " + maxSockets);
        await().until(() -> app.openSockets() == 1);
        assertTrue(app.clientCloseCodes().stream().allMatch(code -> code == 1000), app.clientCloseCodes().toString());
        assertEquals("connected", api.status("sl"));
    }

    @Test
    void aRateLimitedUrlFetchWaitsForRetryAfter() {
        app.rateLimitConnectionsOpen(1, 1);
        api.post("/connections", new JsonObject().put("integrationId", "sl").put("config", new JsonObject()
                .put("agentId", "agent-1").put("platform", "slack").put("slackAppToken", APP_TOKEN)
                .put("slackBotToken", BOT_TOKEN)));
        await().atMost(Duration.ofSeconds(10)).until(() -> "connected".equals(api.status("sl")));
        List<JsonObject> opens = app.calls("apps.connections.open");
        assertEquals(429, opens.get(0).getInteger("_status"));
        assertTrue(opens.get(1).getLong("_at") - opens.get(0).getLong("_at") >= 1000, "waited for Retry-After");
    }

    @Test
    void aHalfOpenSocketIsReplacedQuickly() {
        connect();
        int opened = app.connectionsOpenCalls();
        app.halfOpen(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> app.connectionsOpenCalls() > opened);
        await().until(() -> "connected".equals(api.status("sl")));
        app.pushMessage("C111", "U222", "after the silence");
        await().until(() -> app.postedMessages().size() == 1);
    }

    @Test
    void anAbruptTcpDropReconnects() {
        connect();
        app.dropTcp(0);
        await().until(() -> app.totalSocketsEver() == 2);
        await().until(() -> "connected".equals(api.status("sl")));
        app.pushMessage("C111", "U222", "after the drop");
        await().until(() -> app.postedMessages().size() == 1);
    }

    @Test
    void linkDisabledStopsTheConnection() {
        connect();
        app.linkDisabled(0);
        await().until(() -> "error".equals(api.status("sl")));
        assertTrue(api.get("/connections/sl").json().getString("lastError").contains("link_disabled"));
    }

    @Test
    void tooManyWebsocketsBacksOffWithAClearReason() {
        app.setMaxSockets(0);
        api.post("/connections", new JsonObject().put("integrationId", "sl").put("config", new JsonObject()
                .put("agentId", "agent-1").put("platform", "slack").put("slackAppToken", APP_TOKEN)
                .put("slackBotToken", BOT_TOKEN)));
        await().until(() -> api.get("/connections/sl").json().getString("lastError") != null
                && api.get("/connections/sl").json().getString("lastError").contains("too_many_websockets"));
        assertEquals("disconnected", api.status("sl"));
        int opens = app.connectionsOpenCalls();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> app.connectionsOpenCalls() == opens);
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid_auth", "not_authed", "account_inactive", "token_revoked"})
    void fatalAuthErrorsStopWithTheReason(String error) throws Exception {
        app.failConnectionsOpen(100, error);
        api.post("/connections", new JsonObject().put("integrationId", "sl").put("config", new JsonObject()
                .put("agentId", "agent-1").put("platform", "slack").put("slackAppToken", APP_TOKEN)
                .put("slackBotToken", BOT_TOKEN)));
        await().until(() -> "error".equals(api.status("sl")));
        assertTrue(api.get("/connections/sl").json().getString("lastError").contains(error));
        int calls = app.connectionsOpenCalls();
        Thread.sleep(500); // many backoff periods: a retry loop would show
        assertEquals(calls, app.connectionsOpenCalls());
    }

    @Test
    void aRevokedBotTokenIsCaughtByAuthTestAtStart() {
        app.setAuthError("token_revoked");
        api.post("/connections", new JsonObject().put("integrationId", "sl").put("config", new JsonObject()
                .put("agentId", "agent-1").put("platform", "slack").put("slackAppToken", APP_TOKEN)
                .put("slackBotToken", BOT_TOKEN)));
        await().until(() -> "error".equals(api.status("sl")));
        assertTrue(api.get("/connections/sl").json().getString("lastError").contains("auth.test: token_revoked"));
        assertEquals(0, app.connectionsOpenCalls());
    }

    @Test
    void rateLimitedPostsWaitForRetryAfterAndKeepTheirOrder() {
        connect();
        app.failNextPost(1, 429, "ratelimited", 1);
        for (int i = 0; i < 3; i++) {
            app.pushMessage("C111", "U222", "r" + i);
            int n = i + 1;
            await().until(() -> agent.webhooks().size() == n);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> app.postedMessages().size() == 3);
        assertEquals(List.of("echo: r0", "echo: r1", "echo: r2"),
                app.postedMessages().stream().map(m -> m.getString("text")).toList());
        List<JsonObject> calls = app.calls("chat.postMessage");
        assertEquals(429, calls.get(0).getInteger("_status"));
        assertTrue(calls.get(1).getLong("_at") - calls.get(0).getLong("_at") >= 1000);
    }

    @Test
    void lateMessagesGoToTheNamedChannelAndThread() {
        connect();
        Api.Response accepted = api.post("/connections/sl/messages", new JsonObject().put("respondTo", "C111")
                .put("replyToken", "1700000000.000100").put("text", "a late answer"));
        assertEquals(202, accepted.status());
        await().until(() -> app.postedMessages().size() == 1);
        JsonObject posted = app.postedMessages().get(0);
        assertEquals("C111", posted.getString("channel"));
        assertEquals("1700000000.000100", posted.getString("thread_ts"));
        assertEquals("a late answer", posted.getString("text"));
    }

    @Test
    void acksAreFast() {
        agent.respondWith(e -> MockAgent.Answer.status(204));
        connect();
        for (int i = 0; i < 100; i++) {
            app.pushMessage("C111", "U222", "fast " + i);
        }
        await().until(() -> app.acks().size() == 100);
        List<Long> latencies = app.ackLatenciesMicros().stream().sorted().toList();
        long p99 = latencies.get(98);
        assertTrue(p99 < 100_000, "ack p99 " + p99 + " µs");
    }

    @Test
    void theBotTokenIsCheckedAndTokensAreValidated() {
        Api.Response bad = api.post("/connections", new JsonObject().put("integrationId", "sl").put("config",
                new JsonObject().put("agentId", "agent-1").put("platform", "slack").put("slackAppToken", BOT_TOKEN)));
        assertEquals(400, bad.status());
        JsonObject fields = bad.error().getJsonObject("details").getJsonObject("fields");
        assertTrue(fields.getString("config.slackAppToken").startsWith("expected an app-level token"));
        assertTrue(fields.getString("config.slackBotToken").startsWith("required"));
    }
}
