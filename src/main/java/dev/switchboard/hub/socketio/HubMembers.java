package dev.switchboard.hub.socketio;

import dev.switchboard.hub.ChatHub;
import dev.switchboard.hub.Member;
import dev.switchboard.identity.AccessTokens;
import dev.switchboard.identity.Principal;
import dev.switchboard.store.AgentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * What every hub namespace does with its sockets, whatever protocol it speaks: admits them with an
 * access token, keeps each as a {@link SocketMember}, puts an agent in its main conversation and in
 * its agent room (which tells whether the agent is online), and tells the conversations when a
 * socket goes.
 */
final class HubMembers {
    private static final Logger log = LoggerFactory.getLogger(HubMembers.class);
    private static final String AGENT_ROOM = "agent:";

    private final Namespace namespace;
    private final Map<String, SocketMember> members = new ConcurrentHashMap<>();

    HubMembers(SocketIoServer server, String name, AccessTokens tokens, AgentStore agents) {
        this.namespace = server.namespace(name);
        namespace.authorize(new HubAccess(tokens, agents)::authorize);
    }

    Namespace namespace() {
        return namespace;
    }

    /** Starts taking connections; {@code protocol} binds the namespace's own events to the rules. */
    void serve(ChatHub hub, BiConsumer<Socket, SocketMember> protocol) {
        namespace.onConnection(socket -> {
            Principal principal = socket.attachment();
            SocketMember member = new SocketMember(socket, principal);
            members.put(socket.id(), member);
            protocol.accept(socket, member);
            socket.onDisconnect(reason -> {
                members.remove(socket.id());
                hub.disconnected(member, member.conversations());
            });
            if (principal.isAgent()) {
                socket.join(AGENT_ROOM + principal.id());
                hub.agentConnected(member).onFailure(e -> {
                    log.warn("agent {} connected but its conversation could not be opened", principal.id(), e);
                    socket.disconnect();
                });
            }
        });
    }

    /** The member of a socket of this namespace, or null once it is gone. */
    SocketMember member(Socket socket) {
        return members.get(socket.id());
    }

    List<Member> membersIn(String conversationId) {
        return namespace.socketsIn(conversationId).stream().map(s -> (Member) members.get(s.id()))
                .filter(Objects::nonNull).toList();
    }

    /** The agent's sockets in this namespace. */
    List<SocketMember> agent(String agentId) {
        return namespace.socketsIn(AGENT_ROOM + agentId).stream().map(s -> members.get(s.id()))
                .filter(Objects::nonNull).toList();
    }

    boolean agentOnline(String agentId) {
        return !namespace.socketsIn(AGENT_ROOM + agentId).isEmpty();
    }
}
