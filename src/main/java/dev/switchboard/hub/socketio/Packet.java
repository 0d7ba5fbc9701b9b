package dev.switchboard.hub.socketio;

/**
 * One Socket.IO packet. {@code data} is what the JSON part held (a JsonArray for events and acks,
 * a JsonObject or null for CONNECT), with binary placeholders already replaced by Buffers;
 * {@code id} is the acknowledgement id or -1; {@code attachments} counts the binary frames that
 * follow a BINARY_EVENT or BINARY_ACK.
 */
record Packet(int type, String namespace, int id, Object data, int attachments) {
    static final int CONNECT = 0;
    static final int DISCONNECT = 1;
    static final int EVENT = 2;
    static final int ACK = 3;
    static final int CONNECT_ERROR = 4;
    static final int BINARY_EVENT = 5;
    static final int BINARY_ACK = 6;

    static final String MAIN = "/";

    Packet withData(Object filled) {
        return new Packet(type, namespace, id, filled, attachments);
    }
}
