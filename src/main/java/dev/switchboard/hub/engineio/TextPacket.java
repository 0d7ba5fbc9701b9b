package dev.switchboard.hub.engineio;

import java.nio.charset.StandardCharsets;

/**
 * A text message packet for one session or for many (a broadcast): its Engine.IO text and its
 * WebSocket frame are each made once, however many sessions it goes to; each WebSocket then takes
 * the frame's bytes as they are.
 */
public final class TextPacket {
    private final String text;
    private final byte[] frame;

    private TextPacket(String text) {
        this.text = text;
        this.frame = frame(text);
    }

    /** The message packet ({@code 4}) carrying {@code data}. */
    public static TextPacket message(String data) {
        return new TextPacket(EnginePacket.MESSAGE + data);
    }

    /** The packet as Engine.IO text: its type digit and its data. */
    String text() {
        return text;
    }

    /** The packet as one final, unmasked WebSocket text frame (RFC 6455 §5.2), header included. */
    byte[] frame() {
        return frame;
    }

    private static byte[] frame(String text) {
        // String.getBytes is an intrinsic; a frame encoder would walk the string a char at a time
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) 0x81;
        if (header == 2) {
            frame[1] = (byte) length;
        } else if (header == 4) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return frame;
    }
}
