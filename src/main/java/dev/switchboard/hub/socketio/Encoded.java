package dev.switchboard.hub.socketio;

import dev.switchboard.hub.engineio.TextPacket;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * A packet ready for the wire: its text and the binary attachments that follow it. Encoded once,
 * it goes unchanged to every socket of a broadcast, as one Engine.IO message packet.
 */
record Encoded(String text, List<Buffer> attachments, TextPacket message) {
    Encoded(String text, List<Buffer> attachments) {
        this(text, attachments, TextPacket.message(text));
    }
}
