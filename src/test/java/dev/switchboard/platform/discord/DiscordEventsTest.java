package dev.switchboard.platform.discord;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Event;
import dev.switchboard.core.Platform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscordEventsTest {
    static final String BOT = "900";
    final Connection connection = connection(new JsonObject());
    final DiscordEvents.Origin origin = new DiscordEvents.Origin("sess-1", 42, BOT, Instant.parse("2026-01-01T00:00:00Z"));

    static Connection connection(JsonObject extra) {
        return new Connection("dc", "agent-1", Platform.DISCORD, "dc", new JsonObject()
                .put("platform", "discord").put("discordBotToken", "t").mergeIn(extra), Instant.EPOCH);
    }

    static JsonObject message(String id, String authorId, String guildId) {
        JsonObject m = new JsonObject().put("id", id).put("channel_id", "C1").put("content", "hello")
                .put("author", new JsonObject().put("id", authorId).put("username", "ann").put("global_name", null));
        return guildId == null ? m : m.put("guild_id", guildId);
    }

    Optional<Event> normalize(String type, JsonObject d) {
        return DiscordEvents.normalize(type, d, connection, origin);
    }

    @Test
    void aMessageBecomesMessageCreateAnsweredInItsChannelAsAReplyToIt() {
        JsonObject d = message("111", "7", "G1");
        Event event = normalize("MESSAGE_CREATE", d).orElseThrow();
        assertEquals("messageCreate", event.type());
        assertEquals("C1", event.respondTo());
        assertEquals("111", event.replyToken());
        assertEquals("hello", event.text());
        assertEquals("7", event.user().id());
        assertEquals("ann", event.user().name(), "no global name: the username");
        assertEquals("discord:dc:C1", event.conversationId());
        assertEquals("m:111", event.dedupKey(), "a replayed message is the same event");
        assertEquals(d, event.payload(), "the payload is Discord's own dispatch data");
    }

    @Test
    void theBotsOwnMessagesOtherBotsAndWebhooksAreNotForwarded() {
        assertTrue(normalize("MESSAGE_CREATE", message("1", BOT, "G1")).isEmpty());
        JsonObject otherBot = message("2", "8", "G1");
        otherBot.getJsonObject("author").put("bot", true);
        assertTrue(normalize("MESSAGE_CREATE", otherBot).isEmpty());
        assertTrue(normalize("MESSAGE_CREATE", message("3", "8", "G1").put("webhook_id", "W1")).isEmpty());
    }

    @Test
    void aGuildRestrictionLetsOnlyThatGuildThroughAndNoDirectMessages() {
        Connection restricted = connection(new JsonObject().put("discordGuildId", "G1"));
        assertTrue(DiscordEvents.normalize("MESSAGE_CREATE", message("1", "7", "G1"), restricted, origin).isPresent());
        assertTrue(DiscordEvents.normalize("MESSAGE_CREATE", message("2", "7", "G2"), restricted, origin).isEmpty());
        assertTrue(DiscordEvents.normalize("MESSAGE_CREATE", message("3", "7", null), restricted, origin).isEmpty());
        assertTrue(normalize("MESSAGE_CREATE", message("4", "7", null)).isPresent(), "unrestricted: DMs pass");
    }

    @Test
    void aSlashCommandReadsAsTheUserTypedIt() {
        JsonObject d = new JsonObject().put("id", "555").put("type", 2).put("token", "tok").put("channel_id", "C1")
                .put("guild_id", "G1").put("member", new JsonObject().put("user", new JsonObject().put("id", "7")
                        .put("username", "ann").put("global_name", "Ann")))
                .put("data", new JsonObject().put("name", "ask").put("options", new JsonArray()
                        .add(new JsonObject().put("name", "question").put("type", 3).put("value", "why?"))));
        Event event = normalize("INTERACTION_CREATE", d).orElseThrow();
        assertEquals("interactionCreate", event.type());
        assertEquals("/ask question:why?", event.text());
        assertEquals("C1", event.respondTo());
        assertEquals("555", event.replyToken(), "the interaction id: answers go through its callback");
        assertEquals("Ann", event.user().name());
        assertEquals("i:555", event.dedupKey());
    }

    @Test
    void subcommandsAndComponentsReadAsText() {
        assertEquals("/config set key:a", DiscordEvents.interactionText(new JsonObject().put("name", "config")
                .put("options", new JsonArray().add(new JsonObject().put("name", "set").put("type", 1)
                        .put("options", new JsonArray().add(new JsonObject().put("name", "key").put("value", "a")))))));
        assertEquals("pick a,b", DiscordEvents.interactionText(new JsonObject().put("custom_id", "pick")
                .put("values", new JsonArray().add("a").add("b"))));
        assertEquals("ok", DiscordEvents.interactionText(new JsonObject().put("custom_id", "ok")));
    }

    @Test
    void aDirectMessageInteractionNamesItsUser() {
        JsonObject d = new JsonObject().put("id", "556").put("type", 3).put("token", "tok").put("channel_id", "D1")
                .put("user", new JsonObject().put("id", "7").put("username", "ann"))
                .put("data", new JsonObject().put("custom_id", "yes"));
        assertEquals("7", normalize("INTERACTION_CREATE", d).orElseThrow().user().id());
    }

    @Test
    void autocompleteIsNotForwarded() {
        assertTrue(normalize("INTERACTION_CREATE", new JsonObject().put("id", "1").put("type", 4)
                .put("data", new JsonObject().put("name", "ask"))).isEmpty());
    }

    @Test
    void memberEventsAreKeyedBySessionAndSequenceSoAReplayIsRecognised() {
        JsonObject joined = new JsonObject().put("guild_id", "G1").put("user", new JsonObject().put("id", "7").put("username", "ann"));
        Event add = normalize("GUILD_MEMBER_ADD", joined).orElseThrow();
        assertEquals("guildMemberAdd", add.type());
        assertEquals("s:sess-1:42", add.dedupKey());
        Event again = DiscordEvents.normalize("GUILD_MEMBER_ADD", joined, connection,
                new DiscordEvents.Origin("sess-1", 43, BOT, Instant.EPOCH)).orElseThrow();
        assertNotEquals(add.dedupKey(), again.dedupKey(), "a second join is a second event");
        assertEquals("guildMemberRemove", normalize("GUILD_MEMBER_REMOVE", joined).orElseThrow().type());
        assertTrue(normalize("GUILD_MEMBER_ADD", new JsonObject().put("guild_id", "G1")
                .put("user", new JsonObject().put("id", BOT))).isEmpty(), "the bot joining is not news to it");
    }

    @Test
    void aReactionIsAnsweredOnItsMessageAndTheBotsOwnAreDropped() {
        JsonObject d = new JsonObject().put("user_id", "7").put("channel_id", "C1").put("message_id", "111")
                .put("guild_id", "G1").put("emoji", new JsonObject().put("id", (String) null).put("name", "👍"));
        Event event = normalize("MESSAGE_REACTION_ADD", d).orElseThrow();
        assertEquals("messageReactionAdd", event.type());
        assertEquals("111", event.replyToken());
        assertEquals("👍", event.text());
        assertTrue(normalize("MESSAGE_REACTION_ADD", d.copy().put("user_id", BOT)).isEmpty());
    }

    @Test
    void otherDispatchesAreNotEvents() {
        assertTrue(normalize("GUILD_CREATE", new JsonObject().put("id", "G1")).isEmpty());
        assertTrue(normalize("SOMETHING_NEW", new JsonObject()).isEmpty());
    }
}
