package dev.switchboard.platform;

import java.time.Duration;
import java.util.Optional;

/**
 * A platform said no, or could not be reached. The kind decides what happens next, so adapters
 * classify once, where they understand the platform's answer, and the supervisor and the reply
 * queue act on the kind alone.
 */
public final class PlatformException extends RuntimeException {
    public enum Kind {
        /** The connection cannot work until an operator acts (bad token, disabled app): stop retrying. */
        FATAL,
        /** This one request will never succeed as it is (chat not found): give it up, keep the connection. */
        REJECTED,
        /** Try again later with backoff (network error, 5xx, duplicate poller). */
        TRANSIENT,
        /** Try again after the platform's own delay. */
        RATE_LIMITED
    }

    private final Kind kind;
    private final Duration retryAfter;

    private PlatformException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public static PlatformException fatal(String message) {
        return new PlatformException(Kind.FATAL, message, null, null);
    }

    public static PlatformException rejected(String message) {
        return new PlatformException(Kind.REJECTED, message, null, null);
    }

    public static PlatformException transientFailure(String message, Throwable cause) {
        return new PlatformException(Kind.TRANSIENT, message, null, cause);
    }

    public static PlatformException transientFailure(String message, Duration minimumDelay) {
        return new PlatformException(Kind.TRANSIENT, message, minimumDelay, null);
    }

    public static PlatformException rateLimited(String message, Duration retryAfter) {
        return new PlatformException(Kind.RATE_LIMITED, message, retryAfter, null);
    }

    /** Any other failure (I/O, timeout, a bug) is worth another try. */
    public static PlatformException classify(Throwable failure) {
        if (failure instanceof PlatformException p) {
            return p;
        }
        String message = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        return transientFailure(message, failure);
    }

    public Kind kind() {
        return kind;
    }

    /** The least time to wait before trying again, when the platform or the adapter knows one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
