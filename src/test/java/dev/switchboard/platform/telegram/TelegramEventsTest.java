package dev.switchboard.platform.telegram;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Event;
import dev.switchboard.core.Platform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelegramEventsTest {
    static final long BOT = 100L;
    final Connection connection = new Connection("tg", "agent", Platform.TELEGRAM, null,
            new JsonObject().put("telegramBotToken", "100:x"), Instant.EPOCH);

    static JsonObject message(long chat, long from, String text) {
        return new JsonObject().put("message_id", 17).put("date", 1_700_000_000L)
                .put("chat", new JsonObject().put("id", chat).put("type", "private"))
                .put("from", new JsonObject().put("id", from).put("first_name", "Ada").put("last_name", "L"))
                .put("text", text);
    }

    @Test
    void aMessageBecomesAnEventAnsweredInItsChat() {
        JsonObject update = new JsonObject().put("update_id", 9).put("message", message(-1001234567890L, 42, "hi"));
        Event event = TelegramEvents.normalize(update, connection, BOT, Instant.EPOCH).orElseThrow();
        assertEquals("message", event.type());
        assertEquals("-1001234567890", event.respondTo(), "chat ids beyond 32 bits survive");
        assertEquals("17", event.replyToken());
        assertEquals("hi", event.text());
        assertEquals(new Event.User("42", "Ada L"), event.user());
        assertEquals("100:9", event.dedupKey());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L), event.timestamp());
        assertEquals(update, event.payload());
        assertEquals("telegram:tg:-1001234567890", event.conversationId());
    }

    @Test
    void captionsStandInForTextAndChannelPostsHaveNoSender() {
        JsonObject post = message(-100, 0, null).put("caption", "photo caption");
        post.remove("from");
        post.getJsonObject("chat").put("type", "channel").put("title", "News");
        Event event = TelegramEvents.normalize(new JsonObject().put("update_id", 1).put("channel_post", post),
                connection, BOT, Instant.EPOCH).orElseThrow();
        assertEquals("channel_post", event.type());
        assertEquals("photo caption", event.text());
        assertEquals("News", event.user().name());
    }

    @Test
    void theBotsOwnMessagesAndUnknownKindsAreDropped() {
        assertTrue(TelegramEvents.normalize(new JsonObject().put("update_id", 1).put("message", message(5, BOT, "me")),
                connection, BOT, Instant.EPOCH).isEmpty());
        assertTrue(TelegramEvents.normalize(new JsonObject().put("update_id", 2).put("poll", new JsonObject()),
                connection, BOT, Instant.EPOCH).isEmpty());
    }

    @Test
    void theFilterDecidesWhichUpdatesTelegramIsAskedFor() {
        assertEquals(new JsonArray().add("message").add("edited_message").add("channel_post").add("callback_query")
                .add("inline_query"), TelegramEvents.allowedUpdates(connection));
        Connection filtered = new Connection("tg", "a", Platform.TELEGRAM, null, new JsonObject()
                .put("eventFilter", new JsonArray().add("callback_query")), Instant.EPOCH);
        assertEquals(new JsonArray().add("callback_query"), TelegramEvents.allowedUpdates(filtered));
    }

    @Property
    void anyUpdateIsEitherDroppedOrKeyedByItsUpdateId(@ForAll("updates") JsonObject update) {
        Optional<Event> event = TelegramEvents.normalize(update, connection, BOT, Instant.EPOCH);
        event.ifPresent(e -> {
            assertEquals(BOT + ":" + update.getLong("update_id"), e.dedupKey());
            assertTrue(Platform.TELEGRAM.eventTypes().contains(e.type()), e.type());
        });
    }

    @Provide
    Arbitrary<JsonObject> updates() {
        Arbitrary<String> kinds = Arbitraries.of("message", "edited_message", "channel_post", "callback_query",
                "inline_query", "my_chat_member", "poll");
        Arbitrary<String> texts = Arbitraries.strings().ofMaxLength(50).injectNull(0.3);
        Arbitrary<Long> ids = Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L);
        return net.jqwik.api.Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE / 2), kinds, texts, ids, ids)
                .as((updateId, kind, text, chat, from) -> {
                    JsonObject body = switch (kind) {
                        case "callback_query" -> new JsonObject().put("id", "cb" + updateId)
                                .put("from", new JsonObject().put("id", from)).put("data", text)
                                .put("message", message(chat, BOT, "menu"));
                        case "inline_query" -> new JsonObject().put("id", "iq" + updateId)
                                .put("from", new JsonObject().put("id", from)).put("query", text);
                        default -> message(chat, from, text);
                    };
                    return new JsonObject().put("update_id", updateId).put(kind, body);
                });
    }
}
