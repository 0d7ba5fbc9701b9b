package dev.switchboard.platform.discord;

import dev.switchboard.mock.discord.MockDiscordBot;
import dev.switchboard.testing.DiscordWorld;
import dev.switchboard.testing.MockAgent;
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
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A restarted process resumes the stored session and gets what happened while it was down. */
@ParameterizedClass
@EnumSource(TestStore.class)
class DiscordRestartTest {
    @Parameter
    TestStore store;
    @TempDir
    Path dataDir;

    DiscordWorld world;
    MockDiscordBot bot;
    MockAgent agent;
    TestGateway gateway;

    @BeforeEach
    void start() throws Exception {
        world = DiscordWorld.start();
        bot = world.bot;
        agent = world.agent;
        agent.respondWith(e -> MockAgent.Answer.status(204));
        gateway = world.startGateway(store, dataDir, Map.of());
        assertEquals(201, DiscordWorld.connect(gateway.api(), "dc", new JsonObject()).status());
        await().until(() -> "connected".equals(gateway.api().status("dc")));
    }

    @AfterEach
    void stop() {
        gateway.close();
        world.close();
    }

    List<String> deliveredTexts() {
        return agent.events().stream().map(e -> e.getString("text")).toList();
    }

    @Test
    void whatHappenedDuringARestartIsReplayedIntoTheResumedSession() throws Exception {
        bot.pushMessage("C1", "100", "7", "before");
        await().until(() -> agent.events().size() == 1);
        gateway.stop();
        bot.pushMessage("C1", "100", "7", "while down 1");
        bot.pushMessage("C1", "100", "7", "while down 2");
        gateway.restart();
        await().until(() -> agent.events().size() == 3 && bot.resumes().size() == 1);
        // delivered concurrently after the restart, so in either order
        assertEquals(Set.of("before", "while down 1", "while down 2"), Set.copyOf(deliveredTexts()));
        assertEquals(1, bot.identifies().size(), "the restart cost no identify");
        assertFalse(bot.clientCloseCodes().contains(1000), "a shutdown must not end the session at Discord");
    }

    @Test
    void tenRestartsInARowLoseAndRepeatNothing() throws Exception {
        for (int round = 0; round < 10; round++) {
            bot.pushMessage("C1", "100", "7", "up " + round);
            int upDelivered = 2 * round + 1;
            // at least: a duplicate would otherwise look like a lost message; the end tells them apart
            await().until(() -> agent.events().size() >= upDelivered);
            gateway.stop();
            bot.pushMessage("C1", "100", "7", "down " + round);
            gateway.restart();
            int expected = 2 * (round + 1);
            await().until(() -> agent.events().size() >= expected && "connected".equals(gateway.api().status("dc")));
        }
        await().during(Duration.ofMillis(300)).until(() -> agent.events().size() == 20);
        List<String> texts = deliveredTexts();
        assertEquals(20, texts.size(), texts.toString());
        assertEquals(20, texts.stream().distinct().count());
        assertEquals(1, bot.identifies().size());
    }

    @Test
    void aSessionThatExpiredWhileDownIsReplacedByAnIdentify() throws Exception {
        gateway.stop();
        bot.expireSession();
        gateway.restart();
        // a restart quicker than Discord's identify window may see its first identify refused (op 9) and retried
        await().until(() -> bot.resumes().size() == 1 && bot.identifies().size() >= 2 && bot.openSockets() == 1
                && "connected".equals(gateway.api().status("dc")));
        bot.pushMessage("C1", "100", "7", "new session");
        await().until(() -> deliveredTexts().contains("new session"));
    }
}
