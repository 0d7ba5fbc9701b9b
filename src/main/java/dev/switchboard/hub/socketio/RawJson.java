package dev.switchboard.hub.socketio;

/**
 * An event argument that is JSON text already (a stored message's): it goes into the packet as it
 * is, rather than being parsed or encoded again. It holds no binary.
 */
record RawJson(String text) {
}
