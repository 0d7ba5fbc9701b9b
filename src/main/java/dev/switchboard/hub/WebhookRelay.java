package dev.switchboard.hub;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Event;
import dev.switchboard.core.Ids;
import dev.switchboard.core.Message;
import dev.switchboard.core.Platform;
import dev.switchboard.platform.Inlet;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Takes a user's message to an agent that is not connected the way platform events go (SPEC
 * §3.1): stored as a {@code hub} event, then wake and webhook with retries and the delivery log.
 * The agent's answer comes back as a reply to the conversation ({@link ConversationReplies}).
 */
public final class WebhookRelay implements AgentRelay {
    private static final Logger log = LoggerFactory.getLogger(WebhookRelay.class);
    /** The integration id hub events and their answers travel under. */
    public static final String INTEGRATION = "hub";
    /** The hub as the connection its events and answers belong to. */
    public static final Connection CONNECTION = new Connection(INTEGRATION, null, Platform.HUB, "hub",
            new JsonObject(), Instant.EPOCH);

    private final Inlet inlet;
    private final Clock clock;

    public WebhookRelay(Inlet inlet, Clock clock) {
        this.inlet = inlet;
        this.clock = clock;
    }

    @Override
    public void relay(String agentId, Message message) {
        String sender = message.json().getString("participantId");
        String conversationId = message.conversationId();
        Event event = new Event(Ids.next("evt"), "message", Platform.HUB, INTEGRATION, agentId, clock.instant(),
                message.json(), conversationId, message.id(), conversationId, message.content(),
                new Event.User(sender, null), "hub:" + message.id());
        inlet.accept(List.of(event), null).onFailure(e -> log.error("message {} in conversation {} could not be"
                + " queued for agent {}", message.id(), conversationId, agentId, e));
    }
}
