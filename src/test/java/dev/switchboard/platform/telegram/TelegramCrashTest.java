package dev.switchboard.platform.telegram;

import dev.switchboard.mock.telegram.MockBot;
import dev.switchboard.testing.GatewayProcess;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a real process shows: a kill -9 loses no acknowledged update, and SIGTERM stops cleanly. */
@ParameterizedClass
@EnumSource(TestStore.class)
class TelegramCrashTest {
    static final String TOKEN = "555555:CRASH-token";
    static final long CHAT = 3001L;

    @Parameter
    TestStore store;
    @TempDir
    Path dataDir;

    TelegramWorld world;
    MockBot bot;
    MockAgent agent;
    GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        world = TelegramWorld.start(TOKEN);
        bot = world.bot;
        agent = world.agent;
        Map<String, String> env = new HashMap<>(TestGateway.environment(store, dataDir,
                world.gatewayEnv(Map.of("PORT", String.valueOf(GatewayProcess.freePort())))));
        gateway = new GatewayProcess(env, dataDir.resolve("gateway.log")).start();
        gateway.api().createAgent("agent-1", agent.url());
        gateway.api().createTelegramConnection("tg", "agent-1", TOKEN, new JsonObject());
        await().until(() -> bot.activePolls() == 1);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.ensureStopped();
        world.close();
    }

    @Test
    void killDashNineRightAfterUpdatesAreAcknowledgedLosesNone() throws Exception {
        agent.respondWith(event -> MockAgent.Answer.status(503)); // nothing gets delivered before the kill
        List<JsonObject> pushed = IntStream.range(0, 20).mapToObj(i -> bot.pushMessage(CHAT, "private", 1L, "u" + i)).toList();
        long last = pushed.get(pushed.size() - 1).getLong("update_id");
        // the moment Telegram counts them as received, the gateway dies
        await().pollInterval(Duration.ofMillis(1)).until(() -> bot.confirmedOffset() > last);
        gateway.kill();

        agent.respondWith(event -> MockAgent.Answer.json(200, new JsonObject().put("text", "ok " + event.getString("text"))));
        gateway.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> bot.sentMessages().size() == 20);
        List<String> answers = bot.sentMessages().stream().map(m -> m.getString("text")).sorted().toList();
        assertEquals(IntStream.range(0, 20).mapToObj(i -> "ok u" + i).sorted().toList(), answers,
                "every acknowledged update was delivered and answered exactly once");
    }

    @Test
    void sigtermStopsPollingAndLeavesUndeliveredEventsForTheNextStart() throws Exception {
        agent.respondWith(event -> MockAgent.Answer.status(503));
        bot.pushMessage(CHAT, "private", 1L, "pending at shutdown");
        await().until(() -> agent.webhooks().size() >= 1);

        assertEquals(143, gateway.terminate(15), "exits on SIGTERM, with the signal's conventional status");
        String log = java.nio.file.Files.readString(gateway.logFile().toPath());
        assertTrue(log.contains("connections closed; undelivered work stays in the store"), log);
        assertTrue(log.contains("Switchboard stopped"), log);
        await().until(() -> bot.activePolls() == 0);

        agent.respondWith(event -> MockAgent.Answer.json(200, new JsonObject().put("text", "delivered later")));
        gateway.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> bot.sentMessages().size() == 1);
        assertEquals("delivered later", bot.sentMessages().get(0).getString("text"));
    }
}
