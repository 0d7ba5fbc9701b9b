package dev.switchboard.platform.discord;

import dev.switchboard.mock.discord.MockDiscordBot;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.DiscordWorld;
import dev.switchboard.testing.MockAgent;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway session end to end against the mock Discord: identify, heartbeats, resume, close codes, limits. */
class DiscordGatewayTest {
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
        agent.respondWith(e -> MockAgent.Answer.status(204));
        gateway = world.startGateway(TestStore.SQLITE, dataDir, Map.of());
        api = gateway.api();
    }

    @AfterEach
    void stop() {
        gateway.close();
        world.close();
    }

    void connect(JsonObject extra) {
        Api.Response created = DiscordWorld.connect(api, "dc", extra);
        assertEquals(201, created.status(), created.body());
        await().until(() -> "connected".equals(api.status("dc")));
    }

    JsonObject view() {
        return api.get("/connections/dc").json();
    }

    List<String> deliveredTexts() {
        return agent.events().stream().map(e -> e.getString("text")).toList();
    }

    @Test
    void identifiesWithTheIntentsItsEventsNeedAndHeartbeatsTheStoredSequence() {
        connect(new JsonObject().put("eventFilter", new JsonArray().add("messageCreate")));
        JsonObject identify = bot.identifies().get(0);
        assertEquals(DiscordWorld.TOKEN, identify.getString("token"), "the token goes without the 'Bot ' prefix");
        assertEquals(Intents.GUILDS | Intents.GUILD_MESSAGES | Intents.DIRECT_MESSAGES | Intents.MESSAGE_CONTENT,
                identify.getInteger("intents"));
        assertEquals("switchboard", identify.getJsonObject("properties").getString("browser"));

        bot.pushMessage("C1", "G1", "7", "hello");
        await().until(() -> agent.events().size() == 1);
        // READY is s=1 and the message s=2: a later beat acknowledges the stored message
        await().until(() -> bot.heartbeats().contains(2L));
        assertEquals(1, bot.gatewayBotCalls());
    }

    @Test
    void givenIntentsAreSentAsGiven() {
        connect(new JsonObject().put("discordIntents", 513));
        assertEquals(513, bot.identifies().get(0).getInteger("intents"));
    }

    @Test
    void aRequestedHeartbeatIsSentAtOnce() {
        world.discord.settings().heartbeatIntervalMs(60_000);
        connect(new JsonObject());
        int before = bot.heartbeats().size();
        bot.requestHeartbeat();
        await().atMost(Duration.ofSeconds(2)).until(() -> bot.heartbeats().size() == before + 1);
    }

    @Test
    void opSevenResumesOnTheResumeUrlAndMissesNothing() {
        connect(new JsonObject());
        bot.pushMessage("C1", "G1", "7", "one");
        await().until(() -> agent.events().size() == 1);
        bot.sendReconnect();
        bot.pushMessage("C1", "G1", "7", "two");
        bot.pushMessage("C1", "G1", "7", "three");
        await().until(() -> bot.resumes().size() == 1 && agent.events().size() == 3);
        assertEquals(List.of("one", "two", "three"), deliveredTexts());
        assertEquals(1, bot.identifies().size(), "a resume is no identify");
        assertTrue(bot.connectPaths().get(1).startsWith("/resume"), bot.connectPaths().toString());
        assertFalse(bot.clientCloseCodes().contains(1000), "1000 would end the session at Discord");
        assertEquals("connected", api.status("dc"));
    }

    @Test
    void aHundredReconnectsUnderLoadLoseAndRepeatNothing() {
        connect(new JsonObject());
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 10; i++) {
                bot.pushMessage("C" + i, "G1", "7", round + "-" + i);
            }
            bot.sendReconnect();
            int resumed = round + 1;
            // half of each round's messages arrive on the new link, the rest are replayed into it
            for (int i = 10; i < 20; i++) {
                bot.pushMessage("C" + i, "G1", "7", round + "-" + i);
            }
            await().pollInterval(Duration.ofMillis(10)).until(() -> bot.resumes().size() == resumed && bot.openSockets() == 1);
        }
        await().until(() -> agent.events().size() >= 2000);
        await().during(Duration.ofMillis(300)).until(() -> agent.events().size() == 2000);
        assertEquals(2000, deliveredTexts().stream().distinct().count(), "every message exactly once");
        assertEquals(1, bot.identifies().size());
        assertFalse(bot.clientCloseCodes().contains(1000));
    }

    @Test
    void aZombieLinkIsClosedAndResumed() {
        connect(new JsonObject());
        bot.stopAcking(true);
        await().until(() -> !bot.clientCloseCodes().isEmpty());
        bot.stopAcking(false);
        await().until(() -> bot.resumes().size() == 1 && bot.openSockets() == 1);
        Integer code = bot.clientCloseCodes().get(0);
        assertTrue(code != null && code != 1000 && code != 1001, "closed with " + code);
        bot.pushMessage("C1", "G1", "7", "after");
        await().until(() -> deliveredTexts().contains("after"));
        assertEquals(1, bot.identifies().size());
    }

    @Test
    void aDroppedTcpConnectionIsResumedWithTheMissedDispatches() {
        connect(new JsonObject());
        bot.dropTcp();
        bot.pushMessage("C1", "G1", "7", "while down");
        await().until(() -> bot.resumes().size() == 1 && agent.events().size() == 1);
        assertEquals(List.of("while down"), deliveredTexts());
        assertEquals(1, bot.identifies().size());
    }

    @ParameterizedTest
    @ValueSource(ints = {4000, 4001, 4002})
    void resumableCloseCodesResume(int code) {
        connect(new JsonObject());
        bot.closeWith(code);
        await().until(() -> bot.resumes().size() == 1 && bot.openSockets() == 1);
        assertEquals(1, bot.identifies().size());
    }

    @Test
    void aTimedOutSessionIsResumedIfDiscordStillCanElseIdentified() {
        connect(new JsonObject());
        bot.closeWith(4009); // the mock, like the docs, ends the session with it
        await().until(() -> bot.resumes().size() == 1 && bot.identifies().size() == 2 && bot.openSockets() == 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {4003, 4005, 4007})
    void closeCodesThatEndTheSessionIdentifyAnew(int code) {
        connect(new JsonObject());
        bot.closeWith(code);
        await().until(() -> bot.identifies().size() == 2 && bot.openSockets() == 1);
        assertTrue(bot.resumes().isEmpty());
        bot.pushMessage("C1", "G1", "7", "new session");
        await().until(() -> deliveredTexts().contains("new session"));
    }

    @ParameterizedTest
    @ValueSource(ints = {4004, 4010, 4011, 4012, 4013, 4014})
    void fatalCloseCodesStopTheConnectionWithAReadableReason(int code) {
        connect(new JsonObject());
        bot.closeWith(code);
        await().until(() -> "error".equals(api.status("dc")));
        String lastError = view().getString("lastError");
        assertTrue(lastError.contains(String.valueOf(code)), lastError);
        int calls = world.discord.restRequests(DiscordWorld.TOKEN);
        // about 30 backoff periods (RECONNECT_BACKOFF_BASE_MS=50) of silence: no retry loop
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() ->
                world.discord.restRequests(DiscordWorld.TOKEN) == calls && bot.identifies().size() == 1);
        assertTrue(bot.resumes().isEmpty());
    }

    @Test
    void aPrivilegedIntentThatIsNotSwitchedOnSaysWhichOne() {
        world.discord.settings().privilegedIntentsEnabled(Intents.MESSAGE_CONTENT);
        connect0(new JsonObject().put("eventFilter", new JsonArray().add("guildMemberAdd")));
        await().until(() -> "error".equals(api.status("dc")));
        String lastError = view().getString("lastError");
        assertTrue(lastError.contains("Server Members Intent") && lastError.contains("Developer Portal"), lastError);
    }

    @Test
    void aBadTokenIsReportedAndNotRetried() {
        Api.Response created = DiscordWorld.connect(api, "dc", new JsonObject().put("discordBotToken", "not-a-known-token"));
        assertEquals(201, created.status());
        await().until(() -> "error".equals(api.status("dc")));
        assertTrue(view().getString("lastError").contains("token"), view().encode());
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> world.discord.restRequests("not-a-known-token") == 1);
    }

    @Test
    void opNineFalseIdentifiesAnewAfterAShortWait() {
        connect(new JsonObject());
        bot.sendInvalidSession(false);
        await().until(() -> bot.identifies().size() == 2 && bot.openSockets() == 1);
        bot.pushMessage("C1", "G1", "7", "fresh");
        await().until(() -> deliveredTexts().contains("fresh"));
    }

    @Test
    void opNineTrueResumes() {
        connect(new JsonObject());
        bot.sendInvalidSession(true);
        await().until(() -> bot.resumes().size() == 1 && bot.openSockets() == 1);
        assertEquals(1, bot.identifies().size());
    }

    @Test
    void aSessionDiscordForgotIsReplacedByAnIdentify() {
        connect(new JsonObject());
        bot.expireSession();
        bot.dropTcp();
        await().until(() -> bot.identifies().size() == 2 && bot.openSockets() == 1);
        assertEquals(1, bot.resumes().size(), "the resume was tried first");
    }

    @Test
    void connectionsSharingATokenIdentifyOneWindowApart() {
        connect(new JsonObject());
        Api.Response second = DiscordWorld.connect(api, "dc2", new JsonObject());
        assertEquals(201, second.status());
        await().until(() -> "connected".equals(api.status("dc2")));
        // the mock answers an identify within 300 ms of the previous one with op 9: none was refused
        assertEquals(2, bot.identifies().size());
    }

    @Test
    void aSpentIdentifyBudgetWaitsForTheResetInsteadOfIdentifying() {
        world.discord.settings().sessionStartRemaining(0);
        connect0(new JsonObject());
        await().until(() -> view().getString("lastError") != null);
        assertTrue(view().getString("lastError").contains("identify budget"), view().encode());
        assertEquals("disconnected", api.status("dc"));
        assertTrue(bot.identifies().isEmpty());
    }

    @Test
    void deletingTheConnectionClosesWith1000() {
        connect(new JsonObject());
        assertEquals(204, api.delete("/connections/dc").status());
        await().until(() -> bot.clientCloseCodes().contains(1000));
        assertEquals(0, bot.openSockets());
    }

    @Test
    void eventsOutsideTheGuildAndTheBotsOwnMessagesStayOut() {
        connect(new JsonObject().put("discordGuildId", "100"));
        bot.pushMessage("C9", "999", "7", "other guild");
        bot.pushMessage("C1", "100", bot.userId(), "myself");
        bot.pushMessage("C1", "100", "7", "mine");
        await().until(() -> agent.events().size() == 1);
        await().during(Duration.ofMillis(300)).until(() -> agent.events().size() == 1);
        assertEquals(List.of("mine"), deliveredTexts());
    }

    @Test
    void membersAndReactionsArriveUnderTheirSpecNames() {
        connect(new JsonObject().put("discordIntents", Intents.DEFAULT | Intents.GUILD_MEMBERS));
        bot.pushMemberAdd("100", "7");
        bot.pushMemberRemove("100", "7");
        JsonObject message = bot.pushMessage("C1", "100", "7", "react to me");
        bot.pushReaction("C1", "100", message.getString("id"), "7", "👍");
        await().until(() -> agent.events().size() == 4);
        // delivered concurrently, so in any order
        Map<String, JsonObject> byType = agent.events().stream()
                .collect(Collectors.toMap(e -> e.getString("type"), e -> e));
        assertEquals(Set.of("guildMemberAdd", "guildMemberRemove", "messageCreate", "messageReactionAdd"), byType.keySet());
        assertEquals(message.getString("id"), byType.get("messageReactionAdd").getString("replyToken"));
        assertEquals("👍", byType.get("messageReactionAdd").getString("text"));
        assertTrue(byType.values().stream().allMatch(e -> "discord".equals(e.getString("platform"))));
        assertTrue(byType.values().stream().map(e -> e.getJsonObject("user").getString("id")).allMatch("7"::equals));
    }

    @Test
    void unknownDispatchesAreTolerated() {
        connect(new JsonObject());
        bot.dispatch("SOMETHING_NEW", new JsonObject().put("x", 1));
        bot.dispatch("GUILD_CREATE", new JsonObject().put("id", "100"));
        bot.pushMessage("C1", "100", "7", "still here");
        await().until(() -> deliveredTexts().contains("still here"));
        // READY 1, the two unknown 2 and 3, the message 4: the stored sequence moved past all of them
        await().until(() -> bot.heartbeats().contains(4L));
    }

    void connect0(JsonObject extra) {
        assertEquals(201, DiscordWorld.connect(api, "dc", extra).status());
    }
}
