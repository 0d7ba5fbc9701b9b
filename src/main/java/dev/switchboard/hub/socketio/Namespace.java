package dev.switchboard.hub.socketio;

import io.vertx.core.Future;

import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/** A Socket.IO namespace ("/", "/chat"): who may connect, what happens when they do, and broadcasting. */
public interface Namespace {
    String name();

    /**
     * Runs on every CONNECT before the socket exists: complete with any attachment (e.g. the
     * authenticated principal, see {@link Socket#attachment()}), or fail with {@link ConnectRefused}
     * to send CONNECT_ERROR {message, data}. May complete on any thread.
     */
    void authorize(Function<Handshake, Future<Object>> authorizer);

    /** Called for every connected socket, on its event loop, after the client got its CONNECT answer. */
    void onConnection(Consumer<Socket> handler);

    /** To every socket of the namespace. */
    void emit(String event, Object... args);

    /** To every socket in the room (a room named after a socket id holds that socket). */
    void emitTo(String room, String event, Object... args);

    /** To every socket in the room but {@code except} (null: to all). */
    void emitTo(String room, Socket except, String event, Object... args);

    /**
     * To every socket in the room and in {@code tracked}, encoded once; for the tracked ones (JSON
     * arguments only), word of when it left: it completes with how many of them it was written to,
     * the others having gone first. For senders that must not lose what a vanishing client never
     * got, from clients that would not acknowledge it.
     */
    Future<Integer> emitTracking(String room, Set<Socket> tracked, String event, Object... args);

    /** The sockets in the room right now. */
    Set<Socket> socketsIn(String room);

    /** How many sockets are connected to the namespace. */
    int size();
}
