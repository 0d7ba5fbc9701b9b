package dev.switchboard.platform.discord;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Platform;
import dev.switchboard.testing.ManualClock;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscordConnectorTest {
    @Test
    void longAnswersAreSplitAtTheLimitPreferringALineBreak() {
        String first = "a".repeat(1500);
        String second = "b".repeat(1500);
        assertEquals(List.of(first, second), DiscordConnector.split(first + "\n" + second));
        List<String> unbroken = DiscordConnector.split("c".repeat(4500));
        assertEquals(List.of(2000, 2000, 500), unbroken.stream().map(String::length).toList());
        assertEquals(List.of("short"), DiscordConnector.split("short"));
    }

    @Test
    void aNonceIsStablePerReplyPartAndFitsDiscordsLimit() {
        String nonce = DiscordConnector.nonce("rpl_mabcdefgh0123456789abcdef", 0);
        assertTrue(nonce.length() <= 25, nonce);
        assertEquals(nonce, DiscordConnector.nonce("rpl_mabcdefgh0123456789abcdef", 0));
        assertNotEquals(nonce, DiscordConnector.nonce("rpl_mabcdefgh0123456789abcdef", 1));
    }

    @Test
    void badSettingsAreNamed() {
        DiscordConnector connector = new DiscordConnector(null, null, null, null,
                new DiscordConnector.Timing(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)),
                new ManualClock(), new Random());
        Map<String, String> problems = connector.validate(connection(new JsonObject().put("discordBotToken", "Bot abc")
                .put("discordGuildId", 12).put("discordIntents", -1)));
        assertEquals(List.of("config.discordBotToken", "config.discordGuildId", "config.discordIntents"),
                List.copyOf(problems.keySet()));
        assertTrue(connector.validate(connection(new JsonObject())).get("config.discordBotToken").contains("required"));
        assertTrue(connector.validate(connection(new JsonObject().put("discordBotToken", "abc.def.ghi")
                .put("discordGuildId", "123").put("discordIntents", 513))).isEmpty());
    }

    @Test
    void givenIntentsWinOverTheFilter() {
        assertEquals(513, DiscordConnector.intentsOf(connection(new JsonObject().put("discordIntents", 513))));
        assertEquals(Intents.forEvents(List.of("guildMemberAdd")), DiscordConnector.intentsOf(
                connection(new JsonObject().put("eventFilter", new io.vertx.core.json.JsonArray().add("guildMemberAdd")))));
    }

    @Test
    void theGatewayUrlGetsVersionAndEncoding() {
        assertEquals("wss://gateway.discord.gg/?v=10&encoding=json", GatewayLink.withQuery("wss://gateway.discord.gg"));
        assertEquals("ws://127.0.0.1:9/resume?v=10&encoding=json", GatewayLink.withQuery("ws://127.0.0.1:9/resume"));
    }

    static Connection connection(JsonObject config) {
        return new Connection("dc", "agent-1", Platform.DISCORD, "dc", config.put("platform", "discord"), Instant.EPOCH);
    }
}
