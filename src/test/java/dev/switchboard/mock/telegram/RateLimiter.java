package dev.switchboard.mock.telegram;

import java.util.HashMap;
import java.util.Map;

/** Token buckets enforcing one bot's {@link RateLimits} on sendMessage. Confined to the server's event loop. */
final class RateLimiter {

    private static final double NANOS_PER_SECOND = 1e9;

    private RateLimits limits = RateLimits.OFF;
    private final Map<Long, Bucket> chatBuckets = new HashMap<>();
    private Bucket global;

    void configure(RateLimits newLimits) {
        limits = newLimits;
        chatBuckets.clear();
        global = newLimits.globalPerSecond() > 0
                ? new Bucket(Math.max(capacity(newLimits), newLimits.globalPerSecond()), newLimits.globalPerSecond())
                : null;
    }

    RateLimits limits() {
        return limits;
    }

    /**
     * Takes one token from the chat's bucket and the global one, or none of them.
     *
     * @return 0 when the message may go out, else the whole seconds (at least 1) the caller must wait
     */
    int acquire(long chatId, boolean privateChat, long nowNanos) {
        if (!limits.enabled()) {
            return 0;
        }
        Bucket chat = chatBucket(chatId, privateChat);
        long waitNanos = 0;
        if (chat != null) {
            waitNanos = chat.nanosUntilToken(nowNanos);
        }
        if (global != null) {
            waitNanos = Math.max(waitNanos, global.nanosUntilToken(nowNanos));
        }
        if (waitNanos > 0) {
            return (int) Math.max(1, Math.ceil(waitNanos / NANOS_PER_SECOND));
        }
        if (chat != null) {
            chat.take();
        }
        if (global != null) {
            global.take();
        }
        return 0;
    }

    private Bucket chatBucket(long chatId, boolean privateChat) {
        double perSecond = privateChat ? limits.perPrivateChatPerSecond() : limits.perGroupPerMinute() / 60.0;
        if (perSecond <= 0) {
            return null;
        }
        return chatBuckets.computeIfAbsent(chatId, id -> new Bucket(capacity(limits), perSecond));
    }

    private static int capacity(RateLimits l) {
        return Math.max(1, l.burst());
    }

    private static final class Bucket {
        private final double capacity;
        private final double tokensPerNano;
        private double tokens;
        private long refilledAt = -1;

        Bucket(double capacity, double tokensPerSecond) {
            this.capacity = capacity;
            this.tokensPerNano = tokensPerSecond / NANOS_PER_SECOND;
            this.tokens = capacity;
        }

        long nanosUntilToken(long now) {
            if (refilledAt >= 0) {
                tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
            }
            refilledAt = now;
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
        }

        void take() {
            tokens -= 1;
        }
    }
}
