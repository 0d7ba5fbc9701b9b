package dev.switchboard.platform;

import java.time.Clock;
import java.time.Duration;

/**
 * Paces requests to a platform's published rate, so a burst of replies waits its turn here
 * instead of earning a 429. Reservations may run ahead of the bucket: each caller learns how long
 * to wait for its own token, in the order it asked.
 */
public final class TokenBucket {
    private final double perSecond;
    private final double capacity;
    private final Clock clock;
    private double tokens;
    private long refilledAt;

    public TokenBucket(double perSecond, double capacity, Clock clock) {
        this.perSecond = perSecond;
        this.capacity = capacity;
        this.clock = clock;
        this.tokens = capacity;
        this.refilledAt = clock.millis();
    }

    /** Takes a token if one is there now; a caller told no is not charged. */
    public synchronized boolean tryTake() {
        refill();
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Takes a token and says how long to wait before using it. */
    public synchronized Duration reserve() {
        refill();
        tokens -= 1;
        return tokens >= 0 ? Duration.ZERO : Duration.ofMillis((long) Math.ceil(-tokens * 1000.0 / perSecond));
    }

    private void refill() {
        long now = clock.millis();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * perSecond / 1000.0);
        refilledAt = now;
    }
}
