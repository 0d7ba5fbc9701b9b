package dev.switchboard.mock.slack;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-channel token buckets for chat.postMessage (Slack's "about 1 per second per channel, short bursts allowed").
 * Off until configured. Confined to the server's event loop.
 */
final class ChannelRateLimiter {

    private static final double NANOS_PER_SECOND = 1e9;

    private double perSecond;
    private int burst;
    private final Map<String, Bucket> buckets = new HashMap<>();

    /** {@code perSecond <= 0} turns limiting off; the burst is the bucket size (at least 1). */
    void configure(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        buckets.clear();
    }

    /**
     * Takes a token from the channel's bucket.
     *
     * @return 0 when the message may go out, else the whole seconds (at least 1) to put in Retry-After
     */
    int acquire(String channel, long nowNanos) {
        if (perSecond <= 0) {
            return 0;
        }
        Bucket bucket = buckets.computeIfAbsent(channel, c -> new Bucket(burst, perSecond, nowNanos));
        long waitNanos = bucket.nanosUntilToken(nowNanos);
        if (waitNanos > 0) {
            return (int) Math.max(1, Math.ceil(waitNanos / NANOS_PER_SECOND));
        }
        bucket.tokens -= 1;
        return 0;
    }

    private static final class Bucket {
        private final double capacity;
        private final double tokensPerNano;
        private double tokens;
        private long refilledAt;

        Bucket(double capacity, double tokensPerSecond, long now) {
            this.capacity = capacity;
            this.tokensPerNano = tokensPerSecond / NANOS_PER_SECOND;
            this.tokens = capacity;
            this.refilledAt = now;
        }

        long nanosUntilToken(long now) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
            refilledAt = now;
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
        }
    }
}
