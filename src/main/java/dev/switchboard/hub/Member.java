package dev.switchboard.hub;

import dev.switchboard.core.Conversation;
import dev.switchboard.identity.Principal;

/**
 * One live connection to the hub, whatever its transport: who it is, the conversations it is in,
 * and a way to send it one event. The transport keeps its room membership in step with
 * {@link #enter} and {@link #exit}.
 */
public interface Member {
    Principal principal();

    /** In the conversation, which becomes its current one. */
    void enter(Conversation conversation);

    void exit(String conversationId);

    boolean isIn(String conversationId);

    /** The agent of a conversation it is in (null when it is not in it): known since it entered. */
    String agentOf(String conversationId);

    /** The conversation a message without {@code conversationId} goes to: the last one entered. */
    String current();
}
