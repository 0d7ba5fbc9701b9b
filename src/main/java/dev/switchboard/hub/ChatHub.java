package dev.switchboard.hub;

import dev.switchboard.core.Conversation;
import dev.switchboard.core.Message;
import dev.switchboard.identity.Principal;
import dev.switchboard.store.ConversationStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.Set;
import java.util.function.Function;

/**
 * The AIWM chat rules (SPEC §4.1), whatever the transport: who may enter which conversation, what
 * a message must look like, who hears about it, and where a user's message goes when its agent is
 * not connected. Every refusal is a {@link HubError} naming the problem; nothing is stored then.
 */
public final class ChatHub {
    private static final Set<String> AGENT_ROLES = Set.of("assistant", "tool", "system");
    /** A message's content may be long (a model's answer) but not unbounded. */
    static final int MAX_CONTENT = 100_000;

    private final ConversationStore conversations;
    private final Rooms rooms;
    private final AgentRelay relay;
    private final AgentAnswers answers;
    private final Clock clock;

    public ChatHub(ConversationStore conversations, Rooms rooms, AgentRelay relay, AgentAnswers answers, Clock clock) {
        this.conversations = conversations;
        this.rooms = rooms;
        this.relay = relay;
        this.answers = answers;
        this.clock = clock;
    }

    /** An agent's connection enters its main conversation, which is created on its first connect. */
    public Future<Conversation> agentConnected(Member member) {
        String agentId = member.principal().id();
        return conversations.mainOf(agentId, clock.instant()).onSuccess(main -> {
            member.enter(main);
            rooms.broadcast(main.id(), "presence:update", who(member.principal()).put("status", "online")
                    .put("conversationId", main.id()), null);
        });
    }

    /** {@code {conversationId}}, or {@code {agentId}} for that agent's main conversation. */
    public Future<JsonObject> join(Member member, JsonObject request) {
        Principal principal = member.principal();
        String agentId = text(request, "agentId");
        String conversationId = text(request, "conversationId");
        Future<Conversation> target;
        if (conversationId != null) {
            target = conversations.find(conversationId).map(found -> found.orElseThrow(
                    () -> new HubError("no conversation " + conversationId)));
        } else if (agentId != null) {
            if (!principal.mayReach(agentId)) {
                return Future.failedFuture(new HubError("this token may not talk to agent " + agentId));
            }
            target = conversations.mainOf(agentId, clock.instant());
        } else {
            return Future.failedFuture(new HubError("conversation:join needs conversationId or agentId"));
        }
        return target.compose(conversation -> {
            if (!principal.mayReach(conversation.agentId())) {
                throw new HubError("this token may not join conversation " + conversation.id());
            }
            return conversations.join(conversation.id(), principal.id(), principal.kind().claim(), clock.instant())
                    .map(conversation);
        }).map(conversation -> {
            member.enter(conversation);
            JsonObject joined = who(principal).put("conversationId", conversation.id());
            rooms.broadcast(conversation.id(), "user:joined", joined, member);
            rooms.broadcast(conversation.id(), "presence:update", joined.copy().put("status", "online"), member);
            return new JsonObject().put("success", true).put("conversationId", conversation.id())
                    .put("conversation", conversation.toJson());
        });
    }

    /** A room as ElizaOS clients name it: a conversation id, or else an agent id for that agent's main conversation. */
    public Future<JsonObject> joinRoom(Member member, String roomId) {
        return conversations.find(roomId).compose(found -> join(member, new JsonObject()
                .put(found.isPresent() ? "conversationId" : "agentId", roomId)));
    }

    public Future<JsonObject> leave(Member member, JsonObject request) {
        return inConversation(member, request, conversationId -> {
            member.exit(conversationId);
            JsonObject left = who(member.principal()).put("conversationId", conversationId);
            rooms.broadcast(conversationId, "user:left", left, null);
            rooms.broadcast(conversationId, "presence:update", left.copy().put("status", "offline"), null);
            return Future.succeededFuture(new JsonObject().put("success", true).put("conversationId", conversationId));
        });
    }

    /** Who is in the conversation right now, each once however many connections it has. */
    public Future<JsonObject> online(Member member, JsonObject request) {
        return inConversation(member, request, conversationId -> {
            JsonArray online = new JsonArray();
            rooms.membersIn(conversationId).stream().map(Member::principal).distinct()
                    .forEach(p -> online.add(who(p)));
            return Future.succeededFuture(new JsonObject().put("conversationId", conversationId)
                    .put("onlineUsers", online));
        });
    }

    /**
     * Stores the message and shows it to everyone in the conversation; a user's message goes on to
     * an absent agent, an agent's message in a platform chat out to the platform.
     */
    public Future<JsonObject> send(Member member, JsonObject request) {
        Principal principal = member.principal();
        String role = text(request, "role");
        Object content = request.getValue("content");
        if (role == null || !Message.ROLES.contains(role)) {
            return Future.failedFuture(new HubError("role must be user, assistant, system or tool"));
        }
        if (principal.isAgent() != AGENT_ROLES.contains(role)) {
            return Future.failedFuture(new HubError(principal.isAgent()
                    ? "an agent sends assistant, tool or system messages" : "a user sends user messages"));
        }
        if (!(content instanceof String body) || body.isEmpty()) {
            return Future.failedFuture(new HubError("content is required"));
        }
        if (body.length() > MAX_CONTENT) {
            return Future.failedFuture(new HubError("content is longer than " + MAX_CONTENT + " characters"));
        }
        return inConversation(member, request, conversationId -> {
            Message message = Message.create(conversationId, principal.id(), role, body, request, clock.instant());
            return conversations.append(message).compose(stored -> {
                if (principal.isAgent()) {
                    rooms.broadcast(conversationId, "message:new", message.json(), null);
                    return answers.answered(message);
                }
                toAgent(member.agentOf(conversationId), message);
                return Future.<Void>succeededFuture();
            }).map(relayed -> new JsonObject().put("success", true).put("messageId", message.id())
                    .put("timestamp", message.json().getString("createdAt")));
        });
    }

    /**
     * A user's message reaches the conversation's agent wherever it is: on its sockets, which enter
     * the conversation if they were elsewhere, else through the relay; so does one that no socket of
     * the agent took after all. The sender is not kept waiting for the agent's transport.
     */
    private void toAgent(String agentId, Message message) {
        String conversationId = message.conversationId();
        if (!rooms.agentOnline(agentId)) {
            rooms.broadcast(conversationId, "message:new", message.json(), null);
            relay.relay(agentId, message);
            return;
        }
        rooms.deliverToAgent(agentId, message).onComplete(writtenTo -> {
            if (writtenTo.failed() || writtenTo.result() == 0) {
                relay.relay(agentId, message);
            }
        });
    }

    public Future<JsonObject> typing(Member member, JsonObject request) {
        return inConversation(member, request, conversationId -> {
            rooms.broadcast(conversationId, "user:typing", who(member.principal())
                    .put("conversationId", conversationId)
                    .put("isTyping", Boolean.TRUE.equals(request.getValue("isTyping"))), member);
            return Future.succeededFuture(new JsonObject().put("success", true));
        });
    }

    public Future<JsonObject> read(Member member, JsonObject request) {
        String messageId = text(request, "messageId");
        if (messageId == null) {
            return Future.failedFuture(new HubError("message:read needs messageId"));
        }
        return inConversation(member, request, conversationId -> conversations.hasMessage(conversationId, messageId)
                .compose(known -> {
                    if (!known) {
                        throw new HubError("no message " + messageId + " in conversation " + conversationId);
                    }
                    return conversations.markRead(conversationId, member.principal().id(), messageId, clock.instant());
                }).map(v -> {
                    rooms.broadcast(conversationId, "message:read", who(member.principal()).put("messageId", messageId)
                            .put("conversationId", conversationId), null);
                    return new JsonObject().put("success", true);
                }));
    }

    /** The connection is gone: the others in its conversations see it go offline. */
    public void disconnected(Member member, Set<String> wasIn) {
        for (String conversationId : wasIn) {
            rooms.broadcast(conversationId, "presence:update", who(member.principal()).put("status", "offline")
                    .put("conversationId", conversationId), member);
        }
    }

    /** Runs {@code action} on the conversation the request names, or the member's current one, once entered. */
    private static Future<JsonObject> inConversation(Member member, JsonObject request,
                                                     Function<String, Future<JsonObject>> action) {
        String named = text(request, "conversationId");
        String target = named != null ? named : member.current();
        if (target == null) {
            return Future.failedFuture(new HubError(
                    "join a conversation first (conversation:join), or name conversationId"));
        }
        if (!member.isIn(target)) {
            return Future.failedFuture(new HubError("not in conversation " + target + ": join it first"));
        }
        return action.apply(target);
    }

    /** {@code {type:"agent",agentId}} or {@code {type:"user",userId}}: how events name who did something. */
    static JsonObject who(Principal principal) {
        return new JsonObject().put("type", principal.kind().claim())
                .put(principal.isAgent() ? "agentId" : "userId", principal.id());
    }

    private static String text(JsonObject request, String field) {
        return request.getValue(field) instanceof String s && !s.isBlank() ? s : null;
    }
}
