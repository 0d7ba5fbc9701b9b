package dev.switchboard.platform;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: attempt n waits a uniform random time in
 * [0, min(max, base · 2ⁿ)]. Full jitter spreads a thousand connections that failed together
 * over the whole window instead of bunching them into synchronized retry waves.
 */
public final class Backoff {
    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration base, Duration max, RandomGenerator random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /** The ceiling for attempt {@code attempt} (0-based), before jitter. */
    public Duration ceiling(int attempt) {
        long baseMillis = base.toMillis();
        // past this many doublings base · 2ⁿ no longer fits in a positive long
        if (attempt >= Long.numberOfLeadingZeros(baseMillis) - 1) {
            return max;
        }
        return Duration.ofMillis(Math.min(max.toMillis(), baseMillis << attempt));
    }

    public Duration delay(int attempt) {
        long ceiling = ceiling(attempt).toMillis();
        return Duration.ofMillis(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
    }

    /** The jittered delay, but never shorter than what the other side asked for (a {@code Retry-After}). */
    public Duration delay(int attempt, Optional<Duration> atLeast) {
        Duration delay = delay(attempt);
        return atLeast.filter(floor -> floor.compareTo(delay) > 0).orElse(delay);
    }
}
