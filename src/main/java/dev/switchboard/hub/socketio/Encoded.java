package dev.switchboard.hub.socketio;

import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * A packet ready for the wire: its text and the binary attachments that follow it. Encoded once,
 * it goes unchanged to every socket of a broadcast.
 */
record Encoded(String text, List<Buffer> attachments) {
}
