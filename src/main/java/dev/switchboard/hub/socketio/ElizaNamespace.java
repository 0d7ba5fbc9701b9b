package dev.switchboard.hub.socketio;

import dev.switchboard.hub.ChatHub;
import dev.switchboard.hub.HubError;
import dev.switchboard.hub.Member;
import dev.switchboard.hub.Rooms;
import dev.switchboard.identity.AccessTokens;
import dev.switchboard.identity.Principal;
import dev.switchboard.store.AgentStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * The ElizaOS socket messaging protocol on namespace {@code /} (SPEC §4.1), over the same chat
 * rules as {@code /chat}: {@code room_joining {roomId}} enters a conversation (a conversation id,
 * or an agent id for that agent's main conversation), {@code send_message {roomId,text}} stores
 * and broadcasts {@code message {id,userId,text,timestamp,roomId}} and answers {@code ack}; the
 * room sees {@code thinking} while the agent works on a user's message.
 */
public final class ElizaNamespace implements Rooms {
    public static final String NAME = "/";
    private static final Logger log = LoggerFactory.getLogger(ElizaNamespace.class);

    private final HubMembers sockets;

    public ElizaNamespace(SocketIoServer server, AccessTokens tokens, AgentStore agents) {
        this.sockets = new HubMembers(server, NAME, tokens, agents);
    }

    /** The rules are built over every transport's rooms, this one's included, so they come after it. */
    public void serve(ChatHub hub) {
        sockets.serve(hub, (socket, member) -> {
            socket.on("room_joining", (args, ack) -> request(args.isEmpty() ? null : args.getValue(0), "roomId")
                    .compose(roomId -> join(hub, member, roomId))
                    .onComplete(result -> answer(socket, ack, result, false)));
            socket.on("send_message", (args, ack) -> {
                Object payload = args.isEmpty() ? null : args.getValue(0);
                request(payload, "roomId").compose(roomId -> send(hub, member, roomId, (JsonObject) payload))
                        .onComplete(result -> answer(socket, ack, result, true));
            });
        });
    }

    private static Future<String> request(Object payload, String field) {
        if (payload instanceof JsonObject json && json.getValue(field) instanceof String value && !value.isBlank()) {
            return Future.succeededFuture(value);
        }
        return Future.failedFuture(new HubError("expected an object with " + field));
    }

    /** The client keeps its own name for the conversation (an agent id, for that agent's main conversation). */
    private static Future<JsonObject> join(ChatHub hub, SocketMember member, String roomId) {
        return hub.joinRoom(member, roomId).map(joined -> {
            member.callConversation(joined.getString("conversationId"), roomId);
            return new JsonObject().put("success", true).put("roomId", roomId);
        });
    }

    private Future<JsonObject> send(ChatHub hub, SocketMember member, String roomId, JsonObject payload) {
        Principal principal = member.principal();
        String conversationId = member.conversationCalled(roomId);
        JsonObject message = new JsonObject().put("conversationId", conversationId)
                .put("role", principal.isAgent() ? "assistant" : "user").put("content", payload.getValue("text"));
        if (payload.getValue("metadata") instanceof JsonObject metadata) {
            message.put("attachments", metadata.getValue("attachments"));
        }
        return hub.send(member, message).map(sent -> {
            if (!principal.isAgent()) {
                broadcastThinking(conversationId);
            }
            return new JsonObject().put("success", true).put("messageId", sent.getString("messageId"));
        });
    }

    /**
     * On the callback when the client gave one, and for send_message also as the {@code ack} event;
     * a refusal says why.
     */
    private static void answer(Socket socket, Ack ack, AsyncResult<JsonObject> result, boolean ackEvent) {
        JsonObject answer = result.succeeded() ? result.result() : new JsonObject().put("success", false)
                .put("error", reason(result.cause()));
        if (ackEvent) {
            socket.emit("ack", answer);
        }
        if (ack != null) {
            ack.send(answer);
        }
    }

    private static String reason(Throwable failure) {
        if (failure instanceof HubError) {
            return failure.getMessage();
        }
        log.error("an ElizaOS request failed", failure);
        return "internal error";
    }

    private void broadcastThinking(String conversationId) {
        for (Socket socket : sockets.namespace().socketsIn(conversationId)) {
            SocketMember member = sockets.member(socket);
            if (member != null) {
                socket.emit("thinking", new JsonObject().put("roomId", member.nameFor(conversationId))
                        .put("thinking", true));
            }
        }
    }

    /** Only messages exist in this protocol: each reaches every socket in the room under its own name for it. */
    @Override
    public void broadcast(String conversationId, String event, JsonObject payload, Member except) {
        if (!event.equals("message:new")) {
            return;
        }
        for (Socket socket : sockets.namespace().socketsIn(conversationId)) {
            SocketMember member = sockets.member(socket);
            if (member == null || member == except) {
                continue;
            }
            socket.emit("message", new JsonObject()
                    .put("id", payload.getString("_id"))
                    .put("userId", payload.getString("participantId"))
                    .put("text", payload.getString("content"))
                    .put("timestamp", Instant.parse(payload.getString("createdAt")).toEpochMilli())
                    .put("roomId", member.nameFor(conversationId)));
        }
    }

    @Override
    public List<Member> membersIn(String conversationId) {
        return sockets.membersIn(conversationId);
    }

    /** ElizaOS clients see {@code thinking}, then the whole answer. */
    @Override
    public void streamed(String conversationId, String delta) {
    }

    @Override
    public boolean agentOnline(String agentId) {
        return sockets.agentOnline(agentId);
    }
}
