package dev.switchboard.llm;

import java.time.Duration;
import java.util.Optional;

/**
 * Why the model gave no answer, in words fit for the person waiting for it (no key, no stack trace).
 * {@link #countsAgainstProvider} tells the circuit breaker whether the provider is at fault.
 */
public final class ModelException extends RuntimeException {
    public enum Kind {
        /** The provider refused the request as made (bad model name, bad key): asking again will not help. */
        REFUSED(false),
        RATE_LIMITED(true),
        UNAVAILABLE(true),
        TIMEOUT(true),
        /** The circuit breaker is open: not even asked. */
        PAUSED(false);

        private final boolean providerFault;

        Kind(boolean providerFault) {
            this.providerFault = providerFault;
        }
    }

    private final Kind kind;
    private final Optional<Duration> retryAfter;

    public ModelException(Kind kind, String message, Optional<Duration> retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public ModelException(Kind kind, String message) {
        this(kind, message, Optional.empty());
    }

    public Kind kind() {
        return kind;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    boolean countsAgainstProvider() {
        return kind.providerFault;
    }
}
