package dev.switchboard.hub.engineio;

import io.vertx.core.buffer.Buffer;

import java.util.Base64;

/**
 * One decoded Engine.IO packet from a client: a type and either text or, for a binary message,
 * bytes. What the server sends is encoded straight to text ({@code "4hello"}) or a {@link Buffer},
 * so it never takes this form.
 */
public record EnginePacket(char type, String text, Buffer binary) {
    public static final char OPEN = '0';
    public static final char CLOSE = '1';
    public static final char PING = '2';
    public static final char PONG = '3';
    public static final char MESSAGE = '4';
    public static final char UPGRADE = '5';
    public static final char NOOP = '6';

    /** The text form of one packet: a type digit and its data. */
    public static EnginePacket parseText(String packet) {
        if (packet.isEmpty()) {
            throw new MalformedPacketException("empty packet");
        }
        char type = packet.charAt(0);
        if (type < OPEN || type > NOOP) {
            throw new MalformedPacketException("unknown packet type");
        }
        return new EnginePacket(type, packet.substring(1), null);
    }

    /** One packet of a polling payload: text, or {@code b} and base64 bytes. */
    static EnginePacket parsePolling(String packet) {
        if (!packet.isEmpty() && packet.charAt(0) == 'b') {
            try {
                return binary(Buffer.buffer(Base64.getDecoder().decode(packet.substring(1))));
            } catch (IllegalArgumentException e) {
                throw new MalformedPacketException("bad base64");
            }
        }
        return parseText(packet);
    }

    public static EnginePacket binary(Buffer bytes) {
        return new EnginePacket(MESSAGE, null, bytes);
    }

    public boolean isBinary() {
        return binary != null;
    }
}
