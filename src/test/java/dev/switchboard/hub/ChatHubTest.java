package dev.switchboard.hub;

import dev.switchboard.config.DatabaseUrl;
import dev.switchboard.core.Conversation;
import dev.switchboard.core.Message;
import dev.switchboard.identity.Principal;
import dev.switchboard.store.ConversationStore;
import dev.switchboard.store.Database;
import dev.switchboard.testing.TestStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat rules without a transport: members and rooms are plain objects here. */
class ChatHubTest {
    @TempDir
    Path dataDir;

    Vertx vertx;
    Database db;
    ConversationStore store;
    final List<FakeMember> connected = new CopyOnWriteArrayList<>();
    final List<Message> relayed = new CopyOnWriteArrayList<>();
    final List<Message> answered = new CopyOnWriteArrayList<>();
    ChatHub hub;

    record Sent(String event, JsonObject payload) {
    }

    final class FakeMember implements Member {
        final Principal principal;
        final Map<String, String> in = new LinkedHashMap<>();
        final List<Sent> received = new CopyOnWriteArrayList<>();
        String current;

        FakeMember(Principal principal) {
            this.principal = principal;
            connected.add(this);
        }

        @Override
        public Principal principal() {
            return principal;
        }

        @Override
        public void enter(Conversation conversation) {
            in.put(conversation.id(), conversation.agentId());
            current = conversation.id();
        }

        @Override
        public void exit(String conversationId) {
            in.remove(conversationId);
        }

        @Override
        public boolean isIn(String conversationId) {
            return in.containsKey(conversationId);
        }

        @Override
        public String agentOf(String conversationId) {
            return in.get(conversationId);
        }

        @Override
        public String current() {
            return current;
        }

        void send(String event, JsonObject payload) {
            received.add(new Sent(event, payload));
        }

        List<String> events() {
            return received.stream().map(Sent::event).toList();
        }

        JsonObject last(String event) {
            return received.stream().filter(s -> s.event().equals(event)).reduce((a, b) -> b).orElseThrow().payload();
        }
    }

    final Rooms rooms = new Rooms() {
        @Override
        public void broadcast(String conversationId, String event, JsonObject payload, Member except) {
            connected.stream().filter(m -> m.isIn(conversationId) && m != except).forEach(m -> m.send(event, payload));
        }

        @Override
        public List<Member> membersIn(String conversationId) {
            return new ArrayList<>(connected.stream().filter(m -> m.isIn(conversationId)).toList());
        }

        @Override
        public Future<Integer> deliverToAgent(String agentId, Message message) {
            List<FakeMember> agent = connected.stream().filter(m -> m.principal().id().equals(agentId)).toList();
            agent.forEach(m -> m.in.putIfAbsent(message.conversationId(), agentId));
            broadcast(message.conversationId(), "message:new", message.json(), null);
            return Future.succeededFuture(agent.size());
        }

        @Override
        public void streamed(String conversationId, String delta) {
        }

        @Override
        public boolean agentOnline(String agentId) {
            return connected.stream().anyMatch(m -> m.principal().isAgent() && m.principal().id().equals(agentId));
        }
    };

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        db = Database.open(vertx, DatabaseUrl.parse(TestStore.SQLITE.newDatabaseUrl(dataDir)));
        store = new ConversationStore(db);
        hub = new ChatHub(store, rooms, (conversation, message) -> relayed.add(message), message -> {
            answered.add(message);
            return Future.succeededFuture();
        }, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
        vertx.close().await();
    }

    static Principal user(String id, String... agents) {
        return new Principal(id, Principal.Kind.USER, null, Set.of(agents));
    }

    static <T> T await(Future<T> future) {
        return future.await();
    }

    static String error(Future<?> future) {
        HubError error = assertThrows(HubError.class, future::await);
        return error.getMessage();
    }

    @Test
    void anAgentEntersItsMainConversationAndIsAnnouncedOnline() {
        FakeMember agent = new FakeMember(Principal.agent("a1"));
        Conversation main = await(hub.agentConnected(agent));
        assertEquals(main.id(), agent.current());
        JsonObject presence = agent.last("presence:update");
        assertEquals(new JsonObject().put("type", "agent").put("agentId", "a1").put("status", "online")
                .put("conversationId", main.id()), presence);
        FakeMember again = new FakeMember(Principal.agent("a1"));
        assertEquals(main.id(), await(hub.agentConnected(again)).id(), "the same conversation on every connect");
    }

    @Test
    void aUserJoinsAnAllowedAgentAndTheyTalk() {
        FakeMember agent = new FakeMember(Principal.agent("a1"));
        String conversationId = await(hub.agentConnected(agent)).id();
        FakeMember user = new FakeMember(user("u1", "a1"));
        JsonObject joined = await(hub.join(user, new JsonObject().put("agentId", "a1")));
        assertEquals(conversationId, joined.getString("conversationId"));
        assertEquals(new JsonObject().put("type", "user").put("userId", "u1").put("conversationId", conversationId),
                agent.last("user:joined"));

        JsonObject sent = await(hub.send(user, new JsonObject().put("role", "user").put("content", "hi")));
        assertEquals(true, sent.getBoolean("success"));
        JsonObject seenByAgent = agent.last("message:new");
        assertEquals("hi", seenByAgent.getString("content"));
        assertEquals("u1", seenByAgent.getString("participantId"));
        assertEquals(sent.getString("messageId"), user.last("message:new").getString("_id"), "the sender sees it too");
        assertTrue(relayed.isEmpty(), "the agent is connected: no webhook");

        await(hub.send(agent, new JsonObject().put("role", "assistant").put("content", "hello")
                .put("thinking", "be nice").put("usage", new JsonObject().put("tokens", 3))));
        JsonObject answer = user.last("message:new");
        assertEquals("assistant", answer.getString("role"));
        assertEquals("be nice", answer.getString("thinking"));
        assertEquals(2, store.messages(conversationId, null, 10).await().size());
        assertEquals(List.of("hello"), answered.stream().map(Message::content).toList(),
                "only the agent's message may have to go on to a platform");
    }

    @Test
    void aUserMessageToAnAbsentAgentIsRelayed() {
        FakeMember user = new FakeMember(user("u1", "*"));
        await(hub.join(user, new JsonObject().put("agentId", "sleepy")));
        await(hub.send(user, new JsonObject().put("role", "user").put("content", "wake up")));
        assertEquals(List.of("wake up"), relayed.stream().map(Message::content).toList());
    }

    @Test
    void accessRulesAndBadMessagesAreRefusedWithAReason() {
        FakeMember agent = new FakeMember(Principal.agent("a1"));
        String a1 = await(hub.agentConnected(agent)).id();
        FakeMember stranger = new FakeMember(user("u2", "a2"));
        assertEquals("this token may not talk to agent a1", error(hub.join(stranger, new JsonObject().put("agentId", "a1"))));
        assertEquals("this token may not join conversation " + a1,
                error(hub.join(stranger, new JsonObject().put("conversationId", a1))));
        FakeMember otherAgent = new FakeMember(Principal.agent("a2"));
        assertEquals("this token may not join conversation " + a1,
                error(hub.join(otherAgent, new JsonObject().put("conversationId", a1))));

        FakeMember user = new FakeMember(user("u1", "a1"));
        assertEquals("join a conversation first (conversation:join), or name conversationId",
                error(hub.send(user, new JsonObject().put("role", "user").put("content", "x"))));
        await(hub.join(user, new JsonObject().put("conversationId", a1)));
        assertEquals("a user sends user messages",
                error(hub.send(user, new JsonObject().put("role", "assistant").put("content", "x"))));
        assertEquals("an agent sends assistant, tool or system messages",
                error(hub.send(agent, new JsonObject().put("role", "user").put("content", "x"))));
        assertEquals("role must be user, assistant, system or tool",
                error(hub.send(user, new JsonObject().put("role", "boss").put("content", "x"))));
        assertEquals("content is required", error(hub.send(user, new JsonObject().put("role", "user"))));
        assertEquals("not in conversation elsewhere: join it first", error(hub.send(user,
                new JsonObject().put("role", "user").put("content", "x").put("conversationId", "elsewhere"))));
        assertEquals("no conversation nope", error(hub.join(user, new JsonObject().put("conversationId", "nope"))));
        assertEquals(0, store.messages(a1, null, 10).await().size(), "nothing refused was stored");
    }

    @Test
    void typingReadReceiptsPresenceAndLeaving() {
        FakeMember agent = new FakeMember(Principal.agent("a1"));
        String id = await(hub.agentConnected(agent)).id();
        FakeMember user = new FakeMember(user("u1", "a1"));
        await(hub.join(user, new JsonObject().put("agentId", "a1")));

        await(hub.typing(user, new JsonObject().put("isTyping", true)));
        assertEquals(new JsonObject().put("type", "user").put("userId", "u1").put("conversationId", id)
                .put("isTyping", true), agent.last("user:typing"));
        assertTrue(user.events().stream().noneMatch("user:typing"::equals), "not echoed to the typist");

        String messageId = await(hub.send(agent, new JsonObject().put("role", "assistant").put("content", "x")))
                .getString("messageId");
        await(hub.read(user, new JsonObject().put("messageId", messageId)));
        assertEquals(messageId, agent.last("message:read").getString("messageId"));
        assertEquals(new JsonObject().put("u1", messageId), store.readReceipts(id).await());
        assertEquals("no message bogus in conversation " + id, error(hub.read(user, new JsonObject().put("messageId", "bogus"))));

        JsonObject online = await(hub.online(user, new JsonObject().put("conversationId", id)));
        assertEquals(2, online.getJsonArray("onlineUsers").size());

        await(hub.leave(user, new JsonObject().put("conversationId", id)));
        assertEquals("u1", agent.last("user:left").getString("userId"));
        assertEquals("offline", agent.last("presence:update").getString("status"));

        await(hub.join(user, new JsonObject().put("conversationId", id)));
        connected.remove(agent);
        hub.disconnected(agent, Set.of(id));
        assertEquals(new JsonObject().put("type", "agent").put("agentId", "a1").put("status", "offline")
                .put("conversationId", id), user.last("presence:update"));
    }
}
