package dev.switchboard.hub;

import dev.switchboard.core.Conversation;
import dev.switchboard.core.Event;
import dev.switchboard.core.Ids;
import dev.switchboard.core.Message;
import dev.switchboard.core.Platform;
import dev.switchboard.core.Reply;
import dev.switchboard.delivery.LiveRoute;
import dev.switchboard.delivery.Replies;
import dev.switchboard.store.ConversationStore;
import dev.switchboard.store.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;

/**
 * Platform chats for agents on the hub: a platform event for an agent connected right now becomes a
 * {@code message:new} in its chat's conversation, on the agent's own sockets; what the agent answers
 * in that conversation goes back to the platform as a reply to the chat's latest event.
 */
public final class PlatformChats implements LiveRoute, AgentAnswers {
    private final ConversationStore conversations;
    private final Rooms rooms;
    private final Outbox outbox;
    private final Replies replies;
    private final Clock clock;

    public PlatformChats(ConversationStore conversations, Rooms rooms, Outbox outbox, Replies replies, Clock clock) {
        this.conversations = conversations;
        this.rooms = rooms;
        this.outbox = outbox;
        this.replies = replies;
        this.clock = clock;
    }

    /**
     * Taken once written to at least one of the agent's sockets. An agent that left meanwhile takes
     * nothing, and the event goes to its webhook instead; the message stays in the chat's history.
     */
    @Override
    public Future<Boolean> take(Event event) {
        if (event.platform() == Platform.HUB || event.conversationId() == null || !rooms.agentOnline(event.agentId())) {
            return Future.succeededFuture(false);
        }
        Conversation chat = Conversation.platformChat(event.conversationId(), event.agentId(), title(event),
                clock.instant());
        return conversations.appendPlatform(chat, message(event), replyTarget(event))
                .compose(message -> rooms.deliverToAgent(event.agentId(), chat.id(), message.json()))
                .map(writtenTo -> writtenTo > 0);
    }

    /**
     * An agent's message in one of its conversations: an assistant message in a platform chat goes
     * out as a reply to the chat's latest event; tool and system messages stay in the hub.
     */
    @Override
    public Future<Void> answered(Message message) {
        if (!message.role().equals("assistant")) {
            return Future.succeededFuture();
        }
        return conversations.replyTarget(message.conversationId()).compose(target -> {
            if (target.isEmpty()) {
                return Future.succeededFuture();
            }
            JsonObject event = target.get();
            String integrationId = event.getString("integrationId");
            Reply reply = new Reply(Ids.next("msg"), integrationId, event.getString("respondTo"),
                    event.getString("replyToken"), message.content(), event.getString("type"), event.getString("id"));
            return outbox.enqueue(integrationId, reply, clock.instant())
                    .onSuccess(v -> replies.submit(integrationId, reply));
        });
    }

    /**
     * The event as a user message in the AIWM shape, with the whole event (SPEC §3.1) under {@code
     * event}: what a webhook agent would have received. Its id follows from the event's, so a
     * redelivered event is stored once.
     */
    static Message message(Event event) {
        String sender = event.user() != null && event.user().id() != null
                ? event.platform().wireName() + ":" + event.user().id() : event.platform().wireName();
        JsonObject extra = new JsonObject().put("type", event.text() != null ? "text" : event.type());
        Message message = Message.create(event.conversationId(), sender, "user",
                event.text() != null ? event.text() : "", extra, event.timestamp());
        message.json().put("_id", "msg_" + event.id()).put("event", event.toJson());
        return message;
    }

    private static JsonObject replyTarget(Event event) {
        return new JsonObject().put("id", event.id()).put("type", event.type())
                .put("integrationId", event.integrationId()).put("respondTo", event.respondTo())
                .put("replyToken", event.replyToken());
    }

    private static String title(Event event) {
        String platform = event.platform().wireName();
        return Character.toUpperCase(platform.charAt(0)) + platform.substring(1) + " chat " + event.respondTo();
    }
}
