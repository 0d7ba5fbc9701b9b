package dev.switchboard.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * The two outcomes every {@link PlatformSession} reports, each settled once: connected (or not),
 * then ended by a failure or by a close. Sessions extend it and call the three transitions.
 */
public abstract class SessionState implements PlatformSession {
    private final Promise<Void> connected = Promise.promise();
    private final Promise<Void> ended = Promise.promise();

    protected void markConnected() {
        connected.tryComplete();
    }

    /** The session ended by itself; {@code reason} says whether to retry. */
    protected void markFailed(PlatformException reason) {
        connected.tryFail(reason);
        ended.tryFail(reason);
    }

    /** The session was closed on purpose: not a failure. */
    protected void markClosed() {
        connected.tryFail("closed");
        ended.tryComplete();
    }

    @Override
    public final Future<Void> connected() {
        return connected.future();
    }

    @Override
    public final Future<Void> ended() {
        return ended.future();
    }
}
