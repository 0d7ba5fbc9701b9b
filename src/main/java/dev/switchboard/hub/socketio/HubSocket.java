package dev.switchboard.hub.socketio;

import dev.switchboard.hub.engineio.SessionIds;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A client's connection to one namespace. Everything that is not needed while idle (handlers,
 * rooms, pending acknowledgements) is allocated on first use.
 */
final class HubSocket implements Socket {
    private static final Logger log = LoggerFactory.getLogger(HubSocket.class);

    private final String id = SessionIds.next();
    private final HubNamespace namespace;
    private final Client client;
    private final Handshake handshake;
    private final Object attachment;
    private volatile Map<String, EventHandler> handlers;
    private volatile AnyEventHandler anyHandler;
    private volatile Consumer<String> disconnectHandlers;
    /**
     * The rooms it joined besides its own, replaced whole on change under the socket's lock: a socket
     * is in one or two, and an immutable set of those costs a tenth of a concurrent one.
     */
    private volatile Set<String> rooms = Set.of();
    /** Acknowledgements the client still owes; on the socket's loop only. */
    private Map<Integer, PendingAck> acks;
    private int nextAckId;
    private volatile boolean connected = true;

    HubSocket(HubNamespace namespace, Client client, Handshake handshake, Object attachment) {
        this.namespace = namespace;
        this.client = client;
        this.handshake = handshake;
        this.attachment = attachment;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Namespace namespace() {
        return namespace;
    }

    String namespaceName() {
        return namespace.name();
    }

    @Override
    public Handshake handshake() {
        return handshake;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    @Override
    public boolean connected() {
        return connected;
    }

    // ---- handlers

    @Override
    public void on(String event, EventHandler handler) {
        synchronized (this) {
            Map<String, EventHandler> copy = handlers == null ? new HashMap<>(4) : new HashMap<>(handlers);
            copy.put(event, handler);
            // replaced whole so the loop reads it without a lock
            handlers = copy;
        }
    }

    @Override
    public void onAny(AnyEventHandler handler) {
        anyHandler = handler;
    }

    @Override
    public void onDisconnect(Consumer<String> reasonHandler) {
        synchronized (this) {
            Consumer<String> earlier = disconnectHandlers;
            disconnectHandlers = earlier == null ? reasonHandler : earlier.andThen(reasonHandler);
        }
    }

    // ---- from the client

    void receive(Packet packet) {
        switch (packet.type()) {
            case Packet.EVENT, Packet.BINARY_EVENT -> event(packet);
            case Packet.ACK, Packet.BINARY_ACK -> acknowledged(packet);
            case Packet.DISCONNECT -> {
                client.remove(this);
                closed(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
            }
            default -> {
                // CONNECT is the client's business, CONNECT_ERROR is never sent by clients
            }
        }
    }

    private void event(Packet packet) {
        List<Object> data = ((JsonArray) packet.data()).getList();
        String event = String.valueOf(data.getFirst());
        JsonArray args = new JsonArray(new ArrayList<>(data.subList(1, data.size())));
        Ack ack = packet.id() < 0 ? null : new ClientAck(packet.id());
        Map<String, EventHandler> current = handlers;
        EventHandler handler = current == null ? null : current.get(event);
        try {
            if (anyHandler != null) {
                anyHandler.handle(event, args, ack, handler != null);
            }
            if (handler != null) {
                handler.handle(args, ack);
            }
        } catch (RuntimeException e) {
            log.error("socket {} on {}: the handler of '{}' failed", id, namespace.name(), event, e);
        }
    }

    private void acknowledged(Packet packet) {
        PendingAck pending = acks == null ? null : acks.remove(packet.id());
        if (pending != null) {
            pending.timeout.cancel(false);
            pending.promise.tryComplete((JsonArray) packet.data());
        }
    }

    // ---- to the client

    @Override
    public void emit(String event, Object... args) {
        if (connected) {
            client.send(PacketCodec.event(namespace.name(), -1, event, args));
        }
    }

    /** A broadcast packet, and word of when it left (see {@link Namespace#emitTracking}). */
    Future<Void> sendTracked(Encoded packet) {
        if (!connected) {
            return Future.failedFuture("the socket is disconnected");
        }
        if (!packet.attachments().isEmpty()) {
            throw new IllegalArgumentException("a tracked event carries JSON only");
        }
        return client.session.sendTracked(packet.message());
    }

    /** The event loop of the socket's session, where sending to it takes no hop. */
    ContextInternal loop() {
        return (ContextInternal) client.session.context();
    }

    /** A broadcast packet, encoded once for all its sockets. */
    void send(Encoded packet) {
        if (connected) {
            client.send(packet);
        }
    }

    @Override
    public Future<JsonArray> emitWithAck(String event, Duration timeout, Object... args) {
        Promise<JsonArray> promise = Promise.promise();
        client.session.execute(() -> {
            if (!connected) {
                promise.tryFail(new AckTimeoutException("the socket is disconnected"));
                return;
            }
            int ackId = nextAckId;
            nextAckId = nextAckId == Integer.MAX_VALUE ? 0 : nextAckId + 1;
            if (acks == null) {
                acks = new HashMap<>(4);
            }
            ScheduledFuture<?> timer = client.session.schedule(() -> {
                if (acks != null && acks.remove(ackId) != null) {
                    promise.tryFail(new AckTimeoutException("operation has timed out"));
                }
            }, Math.max(1, timeout.toMillis()));
            acks.put(ackId, new PendingAck(promise, timer));
            client.send(PacketCodec.event(namespace.name(), ackId, event, args));
        });
        return promise.future();
    }

    /** The acknowledgement of one client event: sent at most once. */
    private final class ClientAck implements Ack {
        private final int ackId;
        private boolean sent;

        ClientAck(int ackId) {
            this.ackId = ackId;
        }

        @Override
        public void send(Object... args) {
            client.session.execute(() -> {
                if (sent || !connected) {
                    return;
                }
                sent = true;
                client.send(PacketCodec.encode(Packet.ACK, namespace.name(), ackId, JsonArray.of(args)));
            });
        }
    }

    // ---- rooms

    @Override
    public void join(String room) {
        synchronized (this) {
            if (connected && !rooms.contains(room)) {
                rooms = with(rooms, room);
                namespace.join(this, room);
            }
        }
    }

    @Override
    public void leave(String room) {
        synchronized (this) {
            if (rooms.contains(room)) {
                rooms = without(rooms, room);
                namespace.leave(this, room);
            }
        }
    }

    private static Set<String> with(Set<String> set, String element) {
        Set<String> copy = new HashSet<>(set);
        copy.add(element);
        return Set.copyOf(copy);
    }

    private static Set<String> without(Set<String> set, String element) {
        Set<String> copy = new HashSet<>(set);
        copy.remove(element);
        return Set.copyOf(copy);
    }

    @Override
    public Set<String> rooms() {
        return with(rooms, id);
    }

    // ---- the end

    @Override
    public void disconnect() {
        client.session.execute(() -> {
            if (connected) {
                client.send(PacketCodec.encode(Packet.DISCONNECT, namespace.name(), -1, null));
                client.remove(this);
                closed(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
            }
        });
    }

    /** Leaves the namespace and its rooms, fails what waits for the client, then tells the handlers. */
    void closed(String reason) {
        if (!connected) {
            return;
        }
        synchronized (this) {
            // under the lock: a join racing with the close either comes first and is undone here, or sees it closed
            connected = false;
            for (String room : rooms) {
                namespace.leave(this, room);
            }
        }
        namespace.remove(this);
        if (acks != null) {
            Map<Integer, PendingAck> waiting = acks;
            acks = null;
            for (PendingAck pending : waiting.values()) {
                pending.timeout.cancel(false);
                pending.promise.tryFail(new AckTimeoutException("the socket disconnected: " + reason));
            }
        }
        Consumer<String> handler = disconnectHandlers;
        if (handler != null) {
            try {
                handler.accept(reason);
            } catch (RuntimeException e) {
                log.error("socket {} on {}: the disconnect handler failed", id, namespace.name(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "Socket[" + id + " on " + namespace.name() + "]";
    }

    private record PendingAck(Promise<JsonArray> promise, ScheduledFuture<?> timeout) {
    }
}
