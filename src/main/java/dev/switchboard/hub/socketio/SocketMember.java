package dev.switchboard.hub.socketio;

import dev.switchboard.hub.Member;
import dev.switchboard.identity.Principal;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A hub socket as a member: each conversation it entered is a room it is in. A client may know a
 * conversation by another name (an ElizaOS client by the agent id it joined with): that name is
 * kept to speak to it in its own terms.
 */
final class SocketMember implements Member {
    final Socket socket;
    private final Principal principal;
    /** Kept here as well as in the rooms: at disconnect the rooms are already gone. */
    private final Set<String> conversations = ConcurrentHashMap.newKeySet(2);
    private volatile Map<String, String> nameOf = Map.of();
    private volatile String current;

    SocketMember(Socket socket, Principal principal) {
        this.socket = socket;
        this.principal = principal;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public void enter(String conversationId) {
        socket.join(conversationId);
        conversations.add(conversationId);
        current = conversationId;
    }

    /** In the conversation, to hear it, without making it the one its messages go to. */
    void admit(String conversationId) {
        socket.join(conversationId);
        conversations.add(conversationId);
    }

    @Override
    public void exit(String conversationId) {
        socket.leave(conversationId);
        conversations.remove(conversationId);
        if (conversationId.equals(current)) {
            current = null;
        }
    }

    @Override
    public boolean isIn(String conversationId) {
        return conversations.contains(conversationId);
    }

    @Override
    public String current() {
        return current;
    }

    @Override
    public void send(String event, JsonObject payload) {
        socket.emit(event, payload);
    }

    Set<String> conversations() {
        return Set.copyOf(conversations);
    }

    /** Remembers that this client calls {@code conversationId} {@code name}. */
    synchronized void callConversation(String conversationId, String name) {
        Map<String, String> names = new ConcurrentHashMap<>(nameOf);
        names.put(conversationId, name);
        nameOf = names;
    }

    /** The client's name for the conversation: the one it joined with, else the conversation id. */
    String nameFor(String conversationId) {
        return nameOf.getOrDefault(conversationId, conversationId);
    }

    /** The conversation a client's name stands for. */
    String conversationCalled(String name) {
        return nameOf.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                .findFirst().orElse(name);
    }
}
