package dev.switchboard.hub;

import dev.switchboard.core.Message;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The transport's side of the hub: every member in a conversation, right now. */
public interface Rooms {
    /** To every member in the conversation but {@code except} (null: to all of them). */
    void broadcast(String conversationId, String event, JsonObject payload, Member except);

    List<Member> membersIn(String conversationId);

    /**
     * A platform chat's {@code message:new} for an agent: its live connections enter the
     * conversation (it does not become their current one) and get the message, as does everyone
     * else in it. Completes with how many of the agent's connections it was written to.
     */
    default Future<Integer> deliverToAgent(String agentId, Message message) {
        // a transport agents do not connect to: the room's people see it, and none of the agent's sockets took it
        broadcast(message.conversationId(), "message:new", message.json(), null);
        return Future.succeededFuture(0);
    }

    /** A piece of an answer being written, for transports whose protocol shows answers as they grow. */
    void streamed(String conversationId, String delta);

    /** Whether the agent has a live connection anywhere in the hub. */
    boolean agentOnline(String agentId);
}
