package dev.switchboard.hub.socketio;

import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A namespace's sockets and rooms. Sockets of one namespace live on several event loops, so both
 * maps are concurrent; a socket is in the map of its own id without a room entry of its own.
 */
final class HubNamespace implements Namespace {
    private final String name;
    private final Map<String, HubSocket> sockets = new ConcurrentHashMap<>();
    private final Map<String, Set<HubSocket>> rooms = new ConcurrentHashMap<>();
    private volatile Function<Handshake, Future<Object>> authorizer;
    private volatile Consumer<Socket> connectionHandler = socket -> { };

    HubNamespace(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void authorize(Function<Handshake, Future<Object>> authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public void onConnection(Consumer<Socket> handler) {
        this.connectionHandler = handler;
    }

    Future<Object> admit(Handshake handshake) {
        Function<Handshake, Future<Object>> check = authorizer;
        if (check == null) {
            return Future.succeededFuture();
        }
        try {
            Future<Object> verdict = check.apply(handshake);
            return verdict == null ? Future.succeededFuture() : verdict;
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    void add(HubSocket socket) {
        sockets.put(socket.id(), socket);
    }

    void connected(HubSocket socket) {
        connectionHandler.accept(socket);
    }

    void remove(HubSocket socket) {
        sockets.remove(socket.id(), socket);
    }

    void join(HubSocket socket, String room) {
        rooms.compute(room, (key, members) -> {
            Set<HubSocket> set = members == null ? ConcurrentHashMap.newKeySet(4) : members;
            set.add(socket);
            return set;
        });
    }

    void leave(HubSocket socket, String room) {
        rooms.computeIfPresent(room, (key, members) -> {
            members.remove(socket);
            return members.isEmpty() ? null : members;
        });
    }

    @Override
    public void emit(String event, Object... args) {
        if (sockets.isEmpty()) {
            return;
        }
        sendAll(sockets.values(), Set.of(), PacketCodec.event(name, -1, event, args));
    }

    @Override
    public Future<Integer> emitTracking(String room, Set<Socket> tracked, String event, Object... args) {
        Encoded packet = PacketCodec.event(name, -1, event, args);
        sendToRoom(rooms.get(room), sockets.get(room), tracked, packet);
        List<Future<Void>> writes = tracked.stream().map(socket -> ((HubSocket) socket).sendTracked(packet)).toList();
        return Future.join(writes).transform(done -> Future.succeededFuture(
                (int) writes.stream().filter(Future::succeeded).count()));
    }

    @Override
    public void emitTo(String room, String event, Object... args) {
        emitTo(room, null, event, args);
    }

    @Override
    public void emitTo(String room, Socket except, String event, Object... args) {
        Set<HubSocket> members = rooms.get(room);
        HubSocket own = sockets.get(room);
        if (members == null && own == null) {
            return;
        }
        Set<Socket> skip = except == null ? Set.of() : Set.of(except);
        sendToRoom(members, own, skip, PacketCodec.event(name, -1, event, args));
    }

    /** To a room's members and the socket the room is named after (either may be null), each once, skipping some. */
    private static void sendToRoom(Set<HubSocket> members, HubSocket own, Set<? extends Socket> skip, Encoded packet) {
        if (members != null) {
            sendAll(members, skip, packet);
        }
        if (own != null && !skip.contains(own) && (members == null || !members.contains(own))) {
            own.send(packet);
        }
    }

    /**
     * Sends to each socket but the skipped from its own event loop: the sockets of this thread's loop
     * at once, those of every other loop in one task for that loop, rather than a task (and a
     * wake-up) per socket. There are only a few loops: a list finds a loop's group faster than a map.
     */
    private static void sendAll(Collection<HubSocket> sockets, Set<? extends Socket> skip, Encoded packet) {
        List<ContextInternal> loops = null;
        List<List<HubSocket>> groups = null;
        for (HubSocket socket : sockets) {
            if (skip.contains(socket)) {
                continue;
            }
            ContextInternal loop = socket.loop();
            if (loop.inThread()) {
                socket.send(packet);
                continue;
            }
            if (loops == null) {
                loops = new ArrayList<>(2);
                groups = new ArrayList<>(2);
            }
            int at = loops.indexOf(loop);
            if (at < 0) {
                loops.add(loop);
                groups.add(new ArrayList<>());
                at = loops.size() - 1;
            }
            groups.get(at).add(socket);
        }
        for (int i = 0; loops != null && i < loops.size(); i++) {
            List<HubSocket> group = groups.get(i);
            loops.get(i).execute(() -> group.forEach(socket -> socket.send(packet)));
        }
    }

    @Override
    public Set<Socket> socketsIn(String room) {
        Set<HubSocket> members = rooms.get(room);
        HubSocket own = sockets.get(room);
        if (own == null) {
            // the common case, a conversation or agent room: one copy
            return members == null ? Set.of() : Set.copyOf(members);
        }
        Set<Socket> found = new HashSet<>();
        if (members != null) {
            found.addAll(members);
        }
        found.add(own);
        return Set.copyOf(found);
    }

    @Override
    public int size() {
        return sockets.size();
    }
}
