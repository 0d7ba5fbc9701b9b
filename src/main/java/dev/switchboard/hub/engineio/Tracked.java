package dev.switchboard.hub.engineio;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Collection;

/**
 * A text packet whose sender wants to know that it left: {@code written} completes once the packet
 * is written to the client's connection, and fails if the session ends before that. What happens
 * after (the client reading it) no server can tell without an acknowledgement.
 */
record Tracked(TextPacket packet, Promise<Void> written) {

    void completeWith(Future<Void> write) {
        write.onComplete(written);
    }

    static void fail(Object packet) {
        if (packet instanceof Tracked tracked) {
            tracked.written.tryFail("the session ended before the packet was written");
        }
    }

    static void failAll(Collection<?> packets) {
        if (packets != null) {
            packets.forEach(Tracked::fail);
        }
    }
}
