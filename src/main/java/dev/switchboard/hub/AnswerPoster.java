package dev.switchboard.hub;

import dev.switchboard.core.Conversation;
import dev.switchboard.core.Message;
import dev.switchboard.store.ConversationStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;

/**
 * An agent's answer that did not come from its own socket (its webhook's, or the built-in model's):
 * stored as the agent's {@code assistant} message and shown to everyone in the conversation.
 */
public final class AnswerPoster {
    private final ConversationStore conversations;
    private final Rooms rooms;
    private final Clock clock;

    public AnswerPoster(ConversationStore conversations, Rooms rooms, Clock clock) {
        this.conversations = conversations;
        this.rooms = rooms;
        this.clock = clock;
    }

    /** An answer from the conversation's agent, whoever that is (a webhook's answer names only the conversation). */
    public Future<Message> post(String conversationId, String text) {
        return conversations.find(conversationId).compose(found -> {
            Conversation conversation = found.orElseThrow(() -> new HubError("no conversation " + conversationId));
            return post(conversationId, conversation.agentId(), text, "text");
        });
    }

    /** {@code type}: {@code text}, or e.g. {@code error} for an answer that says why there is none. */
    public Future<Message> post(String conversationId, String agentId, String text, String type) {
        Message message = Message.create(conversationId, agentId, "assistant", text, new JsonObject().put("type", type),
                clock.instant());
        return conversations.append(message)
                .onSuccess(stored -> rooms.broadcast(conversationId, "message:new", message.json(), null));
    }
}
