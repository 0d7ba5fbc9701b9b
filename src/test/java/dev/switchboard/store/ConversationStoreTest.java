package dev.switchboard.store;

import dev.switchboard.config.DatabaseUrl;
import dev.switchboard.core.Conversation;
import dev.switchboard.core.Message;
import dev.switchboard.testing.TestStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conversations, participants, messages and receipts on both stores. */
@ParameterizedClass
@EnumSource(TestStore.class)
class ConversationStoreTest {
    @Parameter
    TestStore store;
    @TempDir
    Path dataDir;

    Vertx vertx;
    Database db;
    ConversationStore conversations;
    Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        db = Database.open(vertx, DatabaseUrl.parse(store.newDatabaseUrl(dataDir)));
        conversations = new ConversationStore(db);
    }

    @AfterEach
    void close() {
        db.close();
        vertx.close().await();
    }

    Message say(String conversationId, String who, String text) {
        now = now.plusSeconds(1);
        return conversations.append(Message.create(conversationId, who, "user", text, new JsonObject(), now)).await();
    }

    @Test
    void anAgentHasOneMainConversationEvenWhenTwoFirstConnectsRace() {
        List<Future<Conversation>> racing = IntStream.range(0, 8).mapToObj(i -> conversations.mainOf("a1", now)).toList();
        Future.all(racing).await();
        assertEquals(1, racing.stream().map(f -> f.result().id()).distinct().count());
        Conversation main = racing.get(0).result();
        assertEquals("Agent a1 - Auto Conversation", main.title());
        assertEquals("active", main.status());
        assertTrue(conversations.isParticipant(main.id(), "a1").await());
        assertEquals(1, conversations.list("a1", null, 50).await().size());
    }

    @Test
    void messagesPageNewestFirstBeforeAGivenMessage() {
        String id = conversations.mainOf("a1", now).await().id();
        List<Message> written = IntStream.range(0, 5).mapToObj(i -> say(id, "u1", "m" + i)).toList();
        List<Message> first = conversations.messages(id, null, 2).await();
        assertEquals(List.of("m4", "m3"), first.stream().map(Message::content).toList());
        List<Message> next = conversations.messages(id, first.get(1).id(), 2).await();
        assertEquals(List.of("m2", "m1"), next.stream().map(Message::content).toList());
        assertEquals(List.of("m3", "m4"), conversations.recent(id, 2).await().stream().map(Message::content).toList());
        assertEquals(written.get(0).json(), conversations.messages(id, written.get(1).id(), 10).await().get(0).json(),
                "the message comes back as it was written");
    }

    @Test
    void participantsSeeTheirConversationsAndNoOthers() {
        String a1 = conversations.mainOf("a1", now).await().id();
        String a2 = conversations.mainOf("a2", now).await().id();
        conversations.join(a1, "u1", "user", now).await();
        conversations.join(a1, "u1", "user", now).await();
        assertEquals(List.of(a1), conversations.list(null, "u1", 50).await().stream().map(Conversation::id).toList());
        assertFalse(conversations.isParticipant(a2, "u1").await());
        say(a2, "a2", "newer");
        assertEquals(a2, conversations.list(null, null, 50).await().get(0).id(), "latest activity first");
    }

    @Test
    void aConversationsLastActivityIsItsLatestMessage() {
        String a1 = conversations.mainOf("a1", now).await().id();
        String a2 = conversations.mainOf("a2", now).await().id();
        Instant opened = now;
        Message first = say(a1, "a1", "first");
        assertEquals(List.of(a1, a2), conversations.list(null, null, 50).await().stream().map(Conversation::id).toList());
        assertEquals(first.createdAt(), conversations.find(a1).await().orElseThrow().updatedAt());
        assertEquals(opened, conversations.find(a2).await().orElseThrow().updatedAt(), "no message: when it was opened");
        Message second = say(a2, "a2", "second");
        assertEquals(List.of(a2, a1), conversations.list(null, null, 50).await().stream().map(Conversation::id).toList());
        assertEquals(second.createdAt(), conversations.mainOf("a2", now).await().updatedAt());
    }

    @Test
    void aPlatformEventIsStoredOnceInItsChatWhichAnswersReplyTo() {
        Conversation chat = Conversation.platformChat("telegram:tg:5001", "a1", "Telegram chat 5001", now);
        Message first = Message.create(chat.id(), "telegram:42", "user", "hi", new JsonObject(), now);
        JsonObject target = new JsonObject().put("id", "evt_1").put("respondTo", "5001");
        conversations.appendPlatform(chat, first, target).await();
        conversations.appendPlatform(chat, first, target).await();
        conversations.appendPlatform(Conversation.platformChat(chat.id(), "a1", "again", now),
                Message.create(chat.id(), "telegram:42", "user", "more", new JsonObject(), now),
                target.copy().put("id", "evt_2")).await();

        Conversation stored = conversations.find(chat.id()).await().orElseThrow();
        assertEquals(Conversation.Kind.PLATFORM, stored.kind());
        assertEquals("Telegram chat 5001", stored.title(), "created once, on first use");
        assertEquals(List.of("hi", "more"), conversations.recent(chat.id(), 10).await().stream()
                .map(Message::content).toList(), "a redelivered event is stored once");
        assertTrue(conversations.isParticipant(chat.id(), "a1").await());
        assertEquals("evt_2", conversations.replyTarget(chat.id()).await().orElseThrow().getString("id"),
                "answers reply to the latest event");
        assertTrue(conversations.replyTarget(conversations.mainOf("a1", now).await().id()).await().isEmpty(),
                "a hub conversation has nothing to reply to");
    }

    @Test
    void aReadReceiptKeepsTheLatestMessageEachParticipantRead() {
        String id = conversations.mainOf("a1", now).await().id();
        Message one = say(id, "u1", "one");
        Message two = say(id, "u1", "two");
        conversations.markRead(id, "a1", one.id(), now).await();
        conversations.markRead(id, "a1", two.id(), now).await();
        assertEquals(new JsonObject().put("a1", two.id()), conversations.readReceipts(id).await());
        assertTrue(conversations.hasMessage(id, two.id()).await());
        assertFalse(conversations.hasMessage("other", two.id()).await());
    }
}
