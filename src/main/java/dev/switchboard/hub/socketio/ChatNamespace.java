package dev.switchboard.hub.socketio;

import dev.switchboard.hub.ChatHub;
import dev.switchboard.hub.HubError;
import dev.switchboard.hub.Member;
import dev.switchboard.hub.Rooms;
import dev.switchboard.identity.AccessTokens;
import dev.switchboard.identity.Principal;
import dev.switchboard.store.AgentStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The AIWM agent chat protocol on namespace {@code /chat} (SPEC §4.1): each event of a client
 * becomes a {@link ChatHub} call, each answer goes back on the acknowledgement when the client
 * asked for one, and a refusal also comes as {@code message:error}. Conversations are Socket.IO
 * rooms; each agent's sockets also share a room, which tells whether the agent is online.
 */
public final class ChatNamespace implements Rooms {
    public static final String NAME = "/chat";
    private static final Logger log = LoggerFactory.getLogger(ChatNamespace.class);
    private static final String AGENT_ROOM = "agent:";

    private final Namespace namespace;
    private final Clock clock;
    private final Map<String, SocketMember> members = new ConcurrentHashMap<>();
    private ChatHub hub;

    private ChatNamespace(Namespace namespace, Clock clock) {
        this.namespace = namespace;
        this.clock = clock;
    }

    /** Serves {@code /chat} on {@code server}; {@code hubFor} builds the chat rules over this namespace's rooms. */
    public static ChatNamespace mount(SocketIoServer server, AccessTokens tokens, AgentStore agents,
                                      Function<Rooms, ChatHub> hubFor, Clock clock) {
        ChatNamespace chat = new ChatNamespace(server.namespace(NAME), clock);
        chat.hub = hubFor.apply(chat);
        chat.namespace.authorize(new HubAccess(tokens, agents)::authorize);
        chat.namespace.onConnection(chat::connected);
        return chat;
    }

    /** The chat rules this namespace serves. */
    public ChatHub hub() {
        return hub;
    }

    private void connected(Socket socket) {
        Principal principal = socket.attachment();
        SocketMember member = new SocketMember(socket, principal);
        members.put(socket.id(), member);
        on(socket, member, "message:send", hub::send);
        on(socket, member, "message:typing", hub::typing);
        on(socket, member, "message:read", hub::read);
        on(socket, member, "conversation:join", hub::join);
        on(socket, member, "conversation:leave", hub::leave);
        on(socket, member, "conversation:online", hub::online);
        socket.onDisconnect(reason -> {
            members.remove(socket.id());
            hub.disconnected(member, member.conversations());
        });
        if (principal.isAgent()) {
            socket.join(AGENT_ROOM + principal.id());
            hub.agentConnected(member).onFailure(e -> {
                log.warn("agent {} connected but its conversation could not be opened", principal.id(), e);
                socket.disconnect();
            });
        }
    }

    /**
     * Binds one client event to a hub call. The answer goes on the acknowledgement (a stored
     * message also as {@code message:sent}); a refusal on the acknowledgement and as {@code
     * message:error}.
     */
    private void on(Socket socket, SocketMember member, String event,
                    BiFunction<Member, JsonObject, Future<JsonObject>> call) {
        socket.on(event, (args, ack) -> {
            Object first = args.isEmpty() ? null : args.getValue(0);
            Future<JsonObject> answer = first instanceof JsonObject request ? call.apply(member, request)
                    : Future.failedFuture(new HubError(event + " takes one object argument"));
            answer.onComplete(result -> {
                if (result.succeeded()) {
                    if (event.equals("message:send")) {
                        socket.emit("message:sent", result.result());
                    }
                    if (ack != null) {
                        ack.send(result.result());
                    }
                    return;
                }
                JsonObject error = new JsonObject().put("success", false).put("error", reason(event, result.cause()))
                        .put("timestamp", clock.instant().toString());
                socket.emit("message:error", error);
                if (ack != null) {
                    ack.send(error);
                }
            });
        });
    }

    private static String reason(String event, Throwable failure) {
        if (failure instanceof HubError) {
            return failure.getMessage();
        }
        log.error("{} failed", event, failure);
        return "internal error";
    }

    @Override
    public void broadcast(String conversationId, String event, JsonObject payload, Member except) {
        namespace.emitTo(conversationId, except instanceof SocketMember m ? m.socket : null, event, payload);
    }

    @Override
    public List<Member> membersIn(String conversationId) {
        return namespace.socketsIn(conversationId).stream().map(s -> (Member) members.get(s.id()))
                .filter(Objects::nonNull).toList();
    }

    @Override
    public boolean agentOnline(String agentId) {
        return !namespace.socketsIn(AGENT_ROOM + agentId).isEmpty();
    }

    /** A /chat socket as a hub member: each conversation it entered is a room it is in. */
    private static final class SocketMember implements Member {
        private final Socket socket;
        private final Principal principal;
        /** Kept here as well as in the rooms: at disconnect the rooms are already gone. */
        private final Set<String> conversations = ConcurrentHashMap.newKeySet(2);
        private volatile String current;

        SocketMember(Socket socket, Principal principal) {
            this.socket = socket;
            this.principal = principal;
        }

        @Override
        public Principal principal() {
            return principal;
        }

        @Override
        public void enter(String conversationId) {
            socket.join(conversationId);
            conversations.add(conversationId);
            current = conversationId;
        }

        @Override
        public void exit(String conversationId) {
            socket.leave(conversationId);
            conversations.remove(conversationId);
            if (conversationId.equals(current)) {
                current = null;
            }
        }

        @Override
        public boolean isIn(String conversationId) {
            return conversations.contains(conversationId);
        }

        @Override
        public String current() {
            return current;
        }

        @Override
        public void send(String event, JsonObject payload) {
            socket.emit(event, payload);
        }

        Set<String> conversations() {
            return Set.copyOf(conversations);
        }
    }
}
