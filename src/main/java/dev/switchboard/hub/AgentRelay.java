package dev.switchboard.hub;

import dev.switchboard.core.Message;

/** Takes a message to a conversation's agent when the agent has no live connection: webhook or built-in model. */
public interface AgentRelay {
    void relay(String agentId, Message message);
}
