package dev.switchboard.hub.socketio;

/** Why a socket disconnected: the reference server's reason strings, passed to {@link Socket#onDisconnect}. */
public final class DisconnectReason {
    /** The client sent DISCONNECT for the namespace ({@code socket.disconnect()} on the client). */
    public static final String CLIENT_NAMESPACE_DISCONNECT = "client namespace disconnect";
    /** {@link Socket#disconnect()} on the server. */
    public static final String SERVER_NAMESPACE_DISCONNECT = "server namespace disconnect";
    /** The client closed its connection (or sent the Engine.IO close packet). */
    public static final String TRANSPORT_CLOSE = "transport close";
    /** The connection broke: a dropped poll, a too large payload, a protocol violation by the transport. */
    public static final String TRANSPORT_ERROR = "transport error";
    /** No pong within pingTimeout after a ping. */
    public static final String PING_TIMEOUT = "ping timeout";
    /** The client sent something that is no valid Engine.IO or Socket.IO packet. */
    public static final String PARSE_ERROR = "parse error";
    /** The server closed the whole connection. */
    public static final String FORCED_CLOSE = "forced close";
    /** {@link SocketIoServer#close()}. */
    public static final String SERVER_SHUTTING_DOWN = "server shutting down";

    private DisconnectReason() {
    }
}
