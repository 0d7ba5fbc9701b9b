package dev.switchboard.hub;

import dev.switchboard.core.Message;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Every transport's rooms as one: a conversation's members may be on /chat, on / or both. */
public final class HubRooms implements Rooms {
    private final List<Rooms> transports;

    public HubRooms(List<Rooms> transports) {
        this.transports = List.copyOf(transports);
    }

    @Override
    public void broadcast(String conversationId, String event, JsonObject payload, Member except) {
        transports.forEach(t -> t.broadcast(conversationId, event, payload, except));
    }

    @Override
    public List<Member> membersIn(String conversationId) {
        List<Member> members = new ArrayList<>();
        transports.forEach(t -> members.addAll(t.membersIn(conversationId)));
        return members;
    }

    @Override
    public Future<Integer> deliverToAgent(String agentId, Message message) {
        List<Future<Integer>> each = transports.stream().map(t -> t.deliverToAgent(agentId, message))
                .toList();
        return Future.all(each).map(all -> each.stream().mapToInt(Future::result).sum());
    }

    @Override
    public void streamed(String conversationId, String delta) {
        transports.forEach(t -> t.streamed(conversationId, delta));
    }

    @Override
    public boolean agentOnline(String agentId) {
        return transports.stream().anyMatch(t -> t.agentOnline(agentId));
    }
}
