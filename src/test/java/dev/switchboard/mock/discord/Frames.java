package dev.switchboard.mock.discord;

import io.vertx.core.json.JsonObject;

/**
 * Gateway payloads as sent on the wire: {@code {"t","s","op","d"}}, with {@code t} and {@code s} null except on
 * dispatches. The constant ones are encoded once, since heartbeat acks go out thousands of times a second in
 * benchmarks.
 */
final class Frames {

    static final int DISPATCH = 0;
    static final int HEARTBEAT = 1;
    static final int IDENTIFY = 2;
    static final int PRESENCE_UPDATE = 3;
    static final int VOICE_STATE_UPDATE = 4;
    static final int RESUME = 6;
    static final int RECONNECT = 7;
    static final int REQUEST_GUILD_MEMBERS = 8;
    static final int INVALID_SESSION = 9;
    static final int HELLO = 10;
    static final int HEARTBEAT_ACK = 11;

    static final String HEARTBEAT_ACK_FRAME = envelope(HEARTBEAT_ACK, null);
    static final String HEARTBEAT_REQUEST_FRAME = envelope(HEARTBEAT, null);
    static final String RECONNECT_FRAME = envelope(RECONNECT, null);
    private static final String INVALID_SESSION_RESUMABLE = envelope(INVALID_SESSION, true);
    private static final String INVALID_SESSION_FINAL = envelope(INVALID_SESSION, false);

    private Frames() {
    }

    static String hello(long heartbeatIntervalMs) {
        return envelope(HELLO, new JsonObject()
                .put("heartbeat_interval", heartbeatIntervalMs)
                .put("_trace", Entities.trace()));
    }

    static String invalidSession(boolean resumable) {
        return resumable ? INVALID_SESSION_RESUMABLE : INVALID_SESSION_FINAL;
    }

    static String dispatch(String type, long seq, JsonObject d) {
        return new JsonObject().put("t", type).put("s", seq).put("op", DISPATCH).put("d", d).encode();
    }

    private static String envelope(int op, Object d) {
        return new JsonObject().put("t", null).put("s", null).put("op", op).put("d", d).encode();
    }
}
