package dev.switchboard.hub;

import dev.switchboard.core.Message;
import io.vertx.core.Future;

/** Where an agent's message in one of its conversations goes beyond the hub: out to a platform chat. */
public interface AgentAnswers {
    Future<Void> answered(Message message);
}
