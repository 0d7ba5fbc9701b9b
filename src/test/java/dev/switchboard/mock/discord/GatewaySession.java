package dev.switchboard.mock.discord;

import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;

/**
 * One resumable gateway session: its id, the last sequence number it handed out, and a ring buffer of the latest
 * dispatches so a resume can replay what the client missed. It outlives its socket by the expiry time unless the
 * client closed with 1000/1001 or the server invalidated it. Confined to the server's event loop.
 */
final class GatewaySession {

    final String id;
    final MockDiscordBot bot;
    private final MockDiscordSettings settings;
    private final ArrayDeque<Buffered> buffer = new ArrayDeque<>();
    private long seq;
    /** The socket it is live on, or null while the client is away. */
    GatewaySocket socket;
    /** Counts down while the socket is away; -1 otherwise. */
    long expiryTimer = -1;
    boolean invalid;

    GatewaySession(String id, MockDiscordBot bot, MockDiscordSettings settings) {
        this.id = id;
        this.bot = bot;
        this.settings = settings;
    }

    long seq() {
        return seq;
    }

    /** Assigns the next sequence number, keeps the dispatch for replay, and sends it if the socket is here. */
    long dispatch(String type, JsonObject d) {
        long s = ++seq;
        String frame = Frames.dispatch(type, s, d);
        buffer.addLast(new Buffered(s, frame));
        while (buffer.size() > settings.ringBufferSize) {
            buffer.removeFirst();
        }
        if (socket != null) {
            socket.send(frame);
        }
        return s;
    }

    /** Whether every dispatch after {@code clientSeq} is still in the buffer (trivially so when nothing was missed). */
    boolean canResumeFrom(long clientSeq) {
        if (clientSeq < 0 || clientSeq > seq) {
            return false;
        }
        return clientSeq == seq || (!buffer.isEmpty() && buffer.peekFirst().seq <= clientSeq + 1);
    }

    /** Sends, in order, every buffered dispatch after {@code clientSeq} to the session's socket. */
    void replayAfter(long clientSeq) {
        for (Buffered b : buffer) {
            if (b.seq > clientSeq) {
                socket.send(b.frame);
            }
        }
    }

    private record Buffered(long seq, String frame) {
    }
}
