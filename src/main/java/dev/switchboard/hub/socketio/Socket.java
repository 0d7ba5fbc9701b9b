package dev.switchboard.hub.socketio;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One client's connection to one namespace. Its handlers run on one event loop (its Engine.IO
 * session's), one at a time; the sending methods may be called from any thread.
 */
public interface Socket {
    /** The socket id (not the Engine.IO session id), also the name of a room holding only this socket. */
    String id();

    Namespace namespace();

    Handshake handshake();

    /** What the namespace's authorizer completed with (e.g. the principal), or null. */
    <T> T attachment();

    /** Registers the handler of an event, replacing any earlier one. */
    void on(String event, EventHandler handler);

    /** Registers a handler that sees every event (see {@link AnyEventHandler}). */
    void onAny(AnyEventHandler handler);

    /** Sends an event; args may be JsonObject, JsonArray, String, Number, Boolean, null, Buffer or byte[]. */
    void emit(String event, Object... args);

    /**
     * Sends an event and waits for the client's acknowledgement: completes with its arguments, or
     * fails with {@link AckTimeoutException} after {@code timeout} or when the socket disconnects first.
     */
    Future<JsonArray> emitWithAck(String event, Duration timeout, Object... args);

    void join(String room);

    void leave(String room);

    /** The rooms this socket is in, its own id-room included. */
    Set<String> rooms();

    /** Called once when the socket disconnects, with a {@link DisconnectReason}. */
    void onDisconnect(Consumer<String> reasonHandler);

    boolean connected();

    /** Disconnects from this namespace ("server namespace disconnect"); the client does not reconnect on its own. */
    void disconnect();
}
