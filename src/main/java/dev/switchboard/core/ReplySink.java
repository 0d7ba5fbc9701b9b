package dev.switchboard.core;

import io.vertx.core.Future;

/** Where a stored reply goes out: a platform adapter, or a hub conversation. */
@FunctionalInterface
public interface ReplySink {
    /** Sends one reply; fails with a {@code PlatformException} that says whether to retry. */
    Future<Void> send(Connection connection, Reply reply);
}
