package dev.switchboard.hub.socketio;

import dev.switchboard.core.Message;
import dev.switchboard.hub.ChatHub;
import dev.switchboard.hub.HubError;
import dev.switchboard.hub.Member;
import dev.switchboard.hub.Rooms;
import dev.switchboard.identity.AccessTokens;
import dev.switchboard.store.AgentStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The AIWM agent chat protocol on namespace {@code /chat} (SPEC §4.1): each event of a client
 * becomes a {@link ChatHub} call, each answer goes back on the acknowledgement when the client
 * asked for one, and a refusal also comes as {@code message:error}. Conversations are Socket.IO
 * rooms.
 */
public final class ChatNamespace implements Rooms {
    public static final String NAME = "/chat";
    private static final Logger log = LoggerFactory.getLogger(ChatNamespace.class);

    private final HubMembers sockets;
    private final Clock clock;

    /** {@code /chat} on {@code server}, taking connections once {@link #serve} gave it the chat rules. */
    public ChatNamespace(SocketIoServer server, AccessTokens tokens, AgentStore agents, Clock clock) {
        this.sockets = new HubMembers(server, NAME, tokens, agents);
        this.clock = clock;
    }

    /** The rules are built over every transport's rooms, this one's included, so they come after it. */
    public void serve(ChatHub hub) {
        // one table for the namespace, one dispatching handler per socket: six handlers and a map per
        // socket cost some 450 bytes of every idle connection
        Map<String, BiFunction<Member, JsonObject, Future<JsonObject>>> calls = Map.of(
                "message:send", hub::send,
                "message:typing", hub::typing,
                "message:read", hub::read,
                "conversation:join", hub::join,
                "conversation:leave", hub::leave,
                "conversation:online", hub::online);
        sockets.serve(hub, (socket, member) -> socket.onAny((event, args, ack, handled) -> {
            BiFunction<Member, JsonObject, Future<JsonObject>> call = calls.get(event);
            if (call != null) {
                handle(socket, member, event, call, args, ack);
            }
        }));
    }

    /**
     * Answers one client event with a hub call. The answer goes on the acknowledgement (a stored
     * message also as {@code message:sent}); a refusal on the acknowledgement and as {@code
     * message:error}.
     */
    private void handle(Socket socket, SocketMember member, String event,
                        BiFunction<Member, JsonObject, Future<JsonObject>> call, JsonArray args, Ack ack) {
        Object first = args.isEmpty() ? null : args.getValue(0);
        Future<JsonObject> answer = first instanceof JsonObject request ? call.apply(member, request)
                : Future.failedFuture(new HubError(event + " takes one object argument"));
        answer.onComplete(result -> {
            if (result.succeeded()) {
                // encoded once for both packets it may go in
                RawJson encoded = new RawJson(result.result().encode());
                if (event.equals("message:send")) {
                    socket.emit("message:sent", encoded);
                }
                if (ack != null) {
                    ack.send(encoded);
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
        sockets.namespace().emitTo(conversationId, except instanceof SocketMember m ? m.socket : null, event, payload);
    }

    @Override
    public List<Member> membersIn(String conversationId) {
        return sockets.membersIn(conversationId);
    }

    /** The agent's sockets get the message tracked, to tell whether it reached one; the others plainly. */
    @Override
    public Future<Integer> deliverToAgent(String agentId, Message message) {
        Set<Socket> agent = new HashSet<>();
        for (SocketMember member : sockets.agent(agentId)) {
            member.admit(message.conversationId(), agentId);
            agent.add(member.socket);
        }
        return sockets.namespace().emitTracking(message.conversationId(), agent, "message:new",
                new RawJson(message.encoded()));
    }

    /** The AIWM protocol has no partial messages: its clients see the agent typing, then the whole answer. */
    @Override
    public void streamed(String conversationId, String delta) {
    }

    @Override
    public boolean agentOnline(String agentId) {
        return sockets.agentOnline(agentId);
    }
}
