package dev.switchboard.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops asking a provider that keeps failing: after {@code threshold} failures in a row, every
 * request fails at once for {@code cooldown}; then one request is let through, and its outcome
 * closes the breaker or opens it again. People get a clear "paused" answer instead of each waiting
 * for a timeout, and the provider gets room to recover. Thread-safe.
 */
public final class CircuitBreaker {
    private final int threshold;
    private final Duration cooldown;
    private final Clock clock;
    private int failures;
    private Instant openUntil = Instant.MIN;
    private boolean trialInFlight;

    public CircuitBreaker(int threshold, Duration cooldown, Clock clock) {
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.clock = clock;
    }

    /** Whether a request may go now; while open, how long until it may. */
    synchronized Duration waitBeforeAsking() {
        if (failures < threshold) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        if (now.isBefore(openUntil)) {
            return Duration.between(now, openUntil);
        }
        if (trialInFlight) {
            // half-open: only the trial request goes until it has told us how the provider is
            return cooldown;
        }
        trialInFlight = true;
        return Duration.ZERO;
    }

    synchronized void succeeded() {
        failures = 0;
        trialInFlight = false;
    }

    synchronized void failed() {
        failures++;
        trialInFlight = false;
        if (failures >= threshold) {
            openUntil = clock.instant().plus(cooldown);
        }
    }
}
