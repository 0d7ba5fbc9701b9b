package dev.switchboard.platform;

import io.vertx.core.Future;

/** One attempt at holding a platform connection, from connecting until it ends or is closed. */
public interface PlatformSession {
    /** Completes once the platform accepted us (token checked, stream open); fails if it did not. */
    Future<Void> connected();

    /** Fails when the session ends by itself, with a {@link PlatformException} that says whether to retry. */
    Future<Void> ended();

    /**
     * Stops the session. {@code forget} means the connection is being deleted, so platform-side
     * state that would outlive it (a Telegram webhook) is removed too.
     */
    Future<Void> close(boolean forget);
}
