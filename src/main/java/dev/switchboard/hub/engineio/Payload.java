package dev.switchboard.hub.engineio;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The HTTP long-polling body: packets joined by the record separator {@code \x1e}, binary ones as
 * {@code b} + base64 (protocol v4 always uses base64 on polling, whatever the client supports).
 */
public final class Payload {
    public static final char SEPARATOR = '\u001e';

    private Payload() {
    }

    /**
     * Encodes queued packets: each a {@link String} (type digit + data), a {@link TextPacket}, a
     * {@link Tracked} one, or a {@link Buffer} (binary message).
     */
    public static String encode(Collection<?> packets) {
        StringBuilder body = new StringBuilder();
        for (Object packet : packets) {
            if (!body.isEmpty()) {
                body.append(SEPARATOR);
            }
            if (packet instanceof TextPacket text) {
                body.append(text.text());
            } else if (packet instanceof Tracked tracked) {
                body.append(tracked.packet().text());
            } else if (packet instanceof Buffer bytes) {
                body.append('b').append(Base64.getEncoder().encodeToString(bytes.getBytes()));
            } else {
                body.append((String) packet);
            }
        }
        return body.toString();
    }

    /** Decodes a POST body; any malformed packet makes the whole payload malformed. */
    public static List<EnginePacket> decode(String body) {
        List<EnginePacket> packets = new ArrayList<>(1);
        int start = 0;
        while (true) {
            int end = body.indexOf(SEPARATOR, start);
            packets.add(EnginePacket.parsePolling(end < 0 ? body.substring(start) : body.substring(start, end)));
            if (end < 0) {
                return packets;
            }
            start = end + 1;
        }
    }
}
