package dev.switchboard.hub;

import dev.switchboard.core.Agent;
import dev.switchboard.core.Conversation;
import dev.switchboard.core.Event;
import dev.switchboard.core.Ids;
import dev.switchboard.core.Message;
import dev.switchboard.core.Platform;
import dev.switchboard.core.Reply;
import dev.switchboard.delivery.BuiltInAnswers;
import dev.switchboard.delivery.LiveRoute;
import dev.switchboard.delivery.Replies;
import dev.switchboard.llm.BuiltInAgent;
import dev.switchboard.store.ConversationStore;
import dev.switchboard.store.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.Optional;

/**
 * Platform chats as conversations. A platform event for an agent connected right now becomes a
 * {@code message:new} in its chat's conversation, on the agent's own sockets, and what the agent
 * answers in that conversation goes back to the platform as a reply to the chat's latest event. An
 * agent with an {@code llm} block is answered by the built-in agent from the chat's history.
 */
public final class PlatformChats implements LiveRoute, AgentAnswers, BuiltInAnswers {
    private final ConversationStore conversations;
    private final Rooms rooms;
    private final Outbox outbox;
    private final Replies replies;
    private final BuiltInAgent builtIn;
    private final AnswerPoster answers;
    private final Clock clock;

    public PlatformChats(ConversationStore conversations, Rooms rooms, Outbox outbox, Replies replies,
                         BuiltInAgent builtIn, AnswerPoster answers, Clock clock) {
        this.conversations = conversations;
        this.rooms = rooms;
        this.outbox = outbox;
        this.replies = replies;
        this.builtIn = builtIn;
        this.answers = answers;
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
        return record(event).compose(message -> rooms.deliverToAgent(event.agentId(), message)).map(writtenTo -> writtenTo > 0);
    }

    /**
     * Events with text in a chat get an answer from the chat's history, which keeps both; a model
     * failure is answered with its reason. Reactions, member events and the like get none.
     */
    @Override
    public Future<Optional<String>> answer(Agent agent, Event event) {
        if (event.conversationId() == null || event.text() == null || event.text().isBlank()) {
            return Future.succeededFuture(Optional.empty());
        }
        return record(event).compose(stored -> builtIn.answer(agent.llm(), event.conversationId(), delta -> { })
                .compose(text -> answers.post(event.conversationId(), agent.id(), text, "text"))
                .recover(failure -> answers.post(event.conversationId(), agent.id(), BuiltInAgent.apology(failure),
                        BuiltInAgent.ERROR)))
                .map(answer -> Optional.of(answer.content()));
    }

    private Future<Message> record(Event event) {
        Conversation chat = Conversation.platformChat(event.conversationId(), event.agentId(), title(event),
                clock.instant());
        return conversations.appendPlatform(chat, message(event), replyTarget(event));
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
