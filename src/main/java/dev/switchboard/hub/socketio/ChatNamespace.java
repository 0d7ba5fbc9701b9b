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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The AIWM agent chat protocol on namespace {@code /chat} (SPEC §4.1): each event of a client
 * becomes a {@link ChatHub} call, each answer goes back on the acknowledgement when the client
 * asked for one, and a refusal also comes as {@code message:error}. Conversations are Socket.IO
 * rooms; each agent's sockets also share a room, which tells whether the agent is online.
 */
public final class ChatNamespace implements Rooms {
    public static final String NAME = "/chat";
    private static final Logger log = LoggerFactory.getLogger(ChatNamespace.class);
    /** Each agent's sockets share a room, which tells whether the agent is online. */
    static final String AGENT_ROOM = "agent:";

    private final Namespace namespace;
    private final Clock clock;
    private final Map<String, SocketMember> members = new ConcurrentHashMap<>();
    private ChatHub hub;

    /** {@code /chat} on {@code server}, taking connections once {@link #serve} gave it the chat rules. */
    public ChatNamespace(SocketIoServer server, AccessTokens tokens, AgentStore agents, Clock clock) {
        this.namespace = server.namespace(NAME);
        this.clock = clock;
        namespace.authorize(new HubAccess(tokens, agents)::authorize);
    }

    /** The rules are built over every transport's rooms, this one's included, so they come after it. */
    public void serve(ChatHub rules) {
        this.hub = rules;
        namespace.onConnection(this::connected);
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
}
