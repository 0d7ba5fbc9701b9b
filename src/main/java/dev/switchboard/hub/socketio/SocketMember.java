package dev.switchboard.hub.socketio;

import dev.switchboard.core.Conversation;
import dev.switchboard.hub.Member;
import dev.switchboard.identity.Principal;

import java.util.HashMap;
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
    /**
     * Conversation id to its agent. Kept here as well as in the rooms: at disconnect the rooms are
     * already gone, and a user's message needs its agent without a trip to the store. Replaced whole
     * on change, under the member's lock: it holds one or two, and an immutable map of those costs a
     * sixth of a concurrent one.
     */
    private volatile Map<String, String> conversations = Map.of();
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
    public void enter(Conversation conversation) {
        admit(conversation.id(), conversation.agentId());
        current = conversation.id();
    }

    /** In the conversation, to hear it, without making it the one its messages go to. */
    void admit(String conversationId, String agentId) {
        socket.join(conversationId);
        synchronized (this) {
            if (!agentId.equals(conversations.get(conversationId))) {
                Map<String, String> copy = new HashMap<>(conversations);
                copy.put(conversationId, agentId);
                conversations = Map.copyOf(copy);
            }
        }
    }

    @Override
    public void exit(String conversationId) {
        socket.leave(conversationId);
        synchronized (this) {
            if (conversations.containsKey(conversationId)) {
                Map<String, String> copy = new HashMap<>(conversations);
                copy.remove(conversationId);
                conversations = Map.copyOf(copy);
            }
        }
        if (conversationId.equals(current)) {
            current = null;
        }
    }

    @Override
    public boolean isIn(String conversationId) {
        return conversations.containsKey(conversationId);
    }

    @Override
    public String agentOf(String conversationId) {
        return conversations.get(conversationId);
    }

    @Override
    public String current() {
        return current;
    }

    Set<String> conversations() {
        return Set.copyOf(conversations.keySet());
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
