package dev.switchboard.hub;

import io.vertx.core.json.JsonObject;

import java.util.List;

/** The transport's side of the hub: every member in a conversation, right now. */
public interface Rooms {
    /** To every member in the conversation but {@code except} (null: to all of them). */
    void broadcast(String conversationId, String event, JsonObject payload, Member except);

    List<Member> membersIn(String conversationId);

    /** Whether the agent has a live connection anywhere in the hub. */
    boolean agentOnline(String agentId);
}
