package dev.switchboard.hub.socketio;

import dev.switchboard.hub.engineio.EngineSession;
import dev.switchboard.hub.engineio.MalformedPacketException;
import dev.switchboard.hub.engineio.SessionHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Socket.IO side of one Engine.IO session: decodes its packets (joining binary attachments to
 * their packet), connects it to namespaces and passes each packet to the socket of its namespace.
 * Runs on the session's event loop only. Anything malformed ends the whole connection with
 * "parse error"; other clients never notice.
 */
final class Client implements SessionHandler {
    private static final Logger log = LoggerFactory.getLogger(Client.class);
    private static final HubSocket[] NONE = new HubSocket[0];

    private final SocketIoServer server;
    final EngineSession session;
    /** Connected sockets, one per namespace; a client rarely joins more than one or two. */
    private HubSocket[] sockets = NONE;
    /** Namespaces whose CONNECT waits for the authorizer. */
    private List<String> connecting;
    /** A binary packet whose attachments are still arriving. */
    private Packet partial;
    private List<Buffer> received;
    private int receivedBytes;
    private ScheduledFuture<?> connectTimer;

    Client(SocketIoServer server, EngineSession session) {
        this.server = server;
        this.session = session;
        this.connectTimer = session.schedule(this::connectTimedOut, server.options().connectTimeout());
    }

    // ---- from the session

    @Override
    public void onMessage(String text) {
        Packet packet;
        try {
            if (partial != null) {
                throw new MalformedPacketException("text while waiting for binary attachments");
            }
            packet = PacketCodec.decode(text, server.options().maxAttachments());
        } catch (MalformedPacketException e) {
            parseError(e);
            return;
        }
        if (packet.attachments() > 0) {
            partial = packet;
            received = new ArrayList<>(packet.attachments());
            receivedBytes = text.length();
        } else {
            dispatch(packet);
        }
    }

    @Override
    public void onBinary(Buffer bytes) {
        if (partial == null) {
            parseError(new MalformedPacketException("binary data without a packet"));
            return;
        }
        received.add(bytes);
        receivedBytes += bytes.length();
        if (receivedBytes > server.options().engine().maxPayload()) {
            // each frame is within maxPayload, but ten of them would let one packet hold ten times that
            parseError(new MalformedPacketException("attachments larger than maxPayload in total"));
            return;
        }
        if (received.size() < partial.attachments()) {
            return;
        }
        Packet packet;
        try {
            packet = PacketCodec.fill(partial, received);
        } catch (MalformedPacketException e) {
            parseError(e);
            return;
        } finally {
            partial = null;
            received = null;
        }
        dispatch(packet);
    }

    @Override
    public void onClose(String reason) {
        cancelConnectTimer();
        HubSocket[] closing = sockets;
        sockets = NONE;
        for (HubSocket socket : closing) {
            socket.closed(reason);
        }
    }

    private void parseError(MalformedPacketException e) {
        log.debug("session {}: {}; closing it", session.id(), e.getMessage());
        partial = null;
        received = null;
        onClose(DisconnectReason.PARSE_ERROR);
        session.close();
    }

    private void dispatch(Packet packet) {
        if (packet.type() == Packet.CONNECT) {
            connect(packet.namespace(), (JsonObject) packet.data());
            return;
        }
        HubSocket socket = find(packet.namespace());
        if (socket != null) {
            socket.receive(packet);
        }
        // a packet for a namespace the client is not connected to is dropped, as the reference server does
    }

    // ---- namespaces

    private void connect(String name, JsonObject auth) {
        HubNamespace namespace = server.existing(name);
        if (namespace == null) {
            send(PacketCodec.encode(Packet.CONNECT_ERROR, name, -1, new JsonObject().put("message", "Invalid namespace")));
            return;
        }
        if (find(name) != null || (connecting != null && connecting.contains(name))) {
            return;
        }
        Handshake handshake = new Handshake(auth == null ? new JsonObject() : auth, session.query(), session.headers(),
                session.remoteAddress());
        if (connecting == null) {
            connecting = new ArrayList<>(1);
        }
        connecting.add(name);
        namespace.admit(handshake).onComplete(result -> session.execute(() -> {
            connecting.remove(name);
            if (connecting.isEmpty()) {
                // kept for the connection's life it would cost 40 bytes of every idle one
                connecting = null;
            }
            if (!session.isOpen()) {
                return;
            }
            if (result.succeeded()) {
                join(namespace, handshake, result.result());
            } else {
                refuse(name, result.cause());
            }
        }));
    }

    private void join(HubNamespace namespace, Handshake handshake, Object attachment) {
        cancelConnectTimer();
        HubSocket socket = new HubSocket(namespace, this, handshake, attachment);
        sockets = Arrays.copyOf(sockets, sockets.length + 1);
        sockets[sockets.length - 1] = socket;
        namespace.add(socket);
        send(PacketCodec.encode(Packet.CONNECT, namespace.name(), -1, new JsonObject().put("sid", socket.id())));
        namespace.connected(socket);
    }

    private void refuse(String name, Throwable cause) {
        JsonObject error;
        if (cause instanceof ConnectRefused refused) {
            error = new JsonObject().put("message", refused.getMessage());
            if (refused.data() != null) {
                error.put("data", refused.data());
            }
        } else {
            log.warn("namespace {}: the authorizer failed", name, cause);
            error = new JsonObject().put("message", "Internal server error");
        }
        send(PacketCodec.encode(Packet.CONNECT_ERROR, name, -1, error));
    }

    private HubSocket find(String namespace) {
        for (HubSocket socket : sockets) {
            if (socket.namespaceName().equals(namespace)) {
                return socket;
            }
        }
        return null;
    }

    /** The socket left its namespace; the connection stays for the others (and for a later CONNECT). */
    void remove(HubSocket socket) {
        int at = Arrays.asList(sockets).indexOf(socket);
        if (at < 0) {
            return;
        }
        HubSocket[] rest = new HubSocket[sockets.length - 1];
        System.arraycopy(sockets, 0, rest, 0, at);
        System.arraycopy(sockets, at + 1, rest, at, rest.length - at);
        sockets = rest;
    }

    private void connectTimedOut() {
        connectTimer = null;
        if (sockets.length == 0 && session.isOpen()) {
            session.close();
        }
    }

    private void cancelConnectTimer() {
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
    }

    // ---- to the client

    /** Sends a packet and its attachments together; from any thread (the frames of a packet never interleave with others). */
    void send(Encoded packet) {
        if (packet.attachments().isEmpty()) {
            session.send(packet.message());
        } else {
            session.execute(() -> {
                session.send(packet.message());
                for (Buffer attachment : packet.attachments()) {
                    session.send(attachment);
                }
            });
        }
    }
}
