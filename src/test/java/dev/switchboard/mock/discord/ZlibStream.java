package dev.switchboard.mock.discord;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * Discord's {@code compress=zlib-stream} transport compression: one zlib context for the whole connection, each
 * payload flushed with Z_SYNC_FLUSH so it ends in {@code 00 00 ff ff} and can be inflated on arrival.
 */
final class ZlibStream {

    private final Deflater deflater = new Deflater();
    private final byte[] chunk = new byte[8192];

    Buffer compress(String payload) {
        deflater.setInput(payload.getBytes(StandardCharsets.UTF_8));
        Buffer out = Buffer.buffer();
        int n;
        do {
            // a full chunk means the deflater may hold more output for this flush
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.appendBytes(chunk, 0, n);
        } while (n == chunk.length);
        return out;
    }

    /** Frees the native zlib memory; the connection is gone. */
    void end() {
        deflater.end();
    }
}
