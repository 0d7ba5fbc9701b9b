package dev.switchboard.platform.slack;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Event;
import dev.switchboard.core.Platform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlackEventsTest {
    final Connection connection = new Connection("sl", "agent", Platform.SLACK, null, new JsonObject(), Instant.EPOCH);
    final SlackEvents.Identity self = new SlackEvents.Identity("U_BOT", "B_BOT");

    static JsonObject eventsApi(JsonObject event) {
        return new JsonObject().put("envelope_id", "env-1").put("type", "events_api")
                .put("payload", new JsonObject().put("type", "event_callback").put("event_id", "Ev1").put("event", event));
    }

    Optional<Event> normalize(JsonObject envelope) {
        return SlackEvents.normalize(envelope, connection, self, Instant.EPOCH);
    }

    @Test
    void messagesAreKeyedByEventIdAndAnsweredInTheirThread() {
        Event event = normalize(eventsApi(new JsonObject().put("type", "message").put("channel", "C1").put("user", "U2")
                .put("text", "hi").put("ts", "1.000200"))).orElseThrow();
        assertEquals("Ev1", event.dedupKey());
        assertEquals("C1", event.respondTo());
        assertEquals("1.000200", event.replyToken());
        assertEquals("slack:sl:C1:1.000200", event.conversationId());
        Event reply = normalize(eventsApi(new JsonObject().put("type", "message").put("channel", "C1").put("user", "U2")
                .put("text", "re").put("ts", "2.0").put("thread_ts", "1.000200"))).orElseThrow();
        assertEquals("1.000200", reply.replyToken(), "the parent's ts");
    }

    @Test
    void ownMessagesEditsAndJoinsAreNotForwarded() {
        assertTrue(normalize(eventsApi(new JsonObject().put("type", "message").put("channel", "C1").put("user", "U_BOT")
                .put("ts", "1"))).isEmpty());
        assertTrue(normalize(eventsApi(new JsonObject().put("type", "message").put("channel", "C1").put("bot_id", "B_BOT")
                .put("subtype", "bot_message").put("ts", "1"))).isEmpty());
        assertTrue(normalize(eventsApi(new JsonObject().put("type", "message").put("channel", "C1").put("user", "U2")
                .put("subtype", "message_changed").put("ts", "1"))).isEmpty());
        assertTrue(normalize(eventsApi(new JsonObject().put("type", "message").put("channel", "C1").put("user", "U2")
                .put("subtype", "file_share").put("text", "a file").put("ts", "1"))).isPresent());
        assertTrue(normalize(eventsApi(new JsonObject().put("type", "channel_created"))).isEmpty());
        assertTrue(normalize(new JsonObject().put("type", "hello")).isEmpty());
    }

    @Test
    void reactionsAnswerOnTheReactedMessage() {
        Event event = normalize(eventsApi(new JsonObject().put("type", "reaction_added").put("user", "U2")
                .put("reaction", "tada").put("item", new JsonObject().put("type", "message").put("channel", "C1")
                        .put("ts", "5.5")))).orElseThrow();
        assertEquals("reaction_added", event.type());
        assertEquals("tada", event.text());
        assertEquals("C1", event.respondTo());
        assertEquals("5.5", event.replyToken());
    }

    @Test
    void slashCommandsAndButtonsUseTheEnvelopeIdAsTheirKey() {
        Event slash = normalize(new JsonObject().put("envelope_id", "env-9").put("type", "slash_commands")
                .put("payload", new JsonObject().put("command", "/deploy").put("text", "prod").put("channel_id", "C1")
                        .put("user_id", "U2").put("user_name", "ada"))).orElseThrow();
        assertEquals("slash_command", slash.type());
        assertEquals("env-9", slash.dedupKey());
        assertEquals(new Event.User("U2", "ada"), slash.user());
        assertEquals(null, slash.replyToken());

        Event button = normalize(new JsonObject().put("envelope_id", "env-10").put("type", "interactive")
                .put("payload", new JsonObject().put("type", "block_actions")
                        .put("user", new JsonObject().put("id", "U2").put("username", "ada"))
                        .put("channel", new JsonObject().put("id", "C1"))
                        .put("container", new JsonObject().put("type", "message").put("message_ts", "7.7").put("channel_id", "C1"))
                        .put("actions", new JsonArray().add(new JsonObject().put("action_id", "approve").put("value", "yes")))))
                .orElseThrow();
        assertEquals("interactive", button.type());
        assertEquals("yes", button.text());
        assertEquals("7.7", button.replyToken());
        assertEquals("env-10", button.dedupKey());
    }
}
