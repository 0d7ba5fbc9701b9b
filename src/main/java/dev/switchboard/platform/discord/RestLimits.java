package dev.switchboard.platform.discord;

import dev.switchboard.net.HttpExchange;
import dev.switchboard.platform.TokenBucket;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Discord's REST rate limits for every bot (PLATFORMS.md §2.13): a bucket per route and top-level
 * resource, learned from the {@code X-RateLimit-*} headers and never hard-coded, plus the global
 * 50 requests a second. A request waits here for its bucket rather than spending a 429, because
 * 429s count toward Cloudflare's invalid-request ban.
 */
final class RestLimits {
    private static final double GLOBAL_PER_SECOND = 50;
    /** Beyond this many tracked buckets per bot, those already reset are dropped. */
    private static final int SWEEP_ABOVE = 4096;

    private final Clock clock;
    private final Map<String, BotLimits> byToken = new ConcurrentHashMap<>();

    RestLimits(Clock clock) {
        this.clock = clock;
    }

    /** The request about to be made: which route, which top-level resource, and whether the global limit applies. */
    record Route(String template, String major, boolean global) {
        String key(String bucket) {
            return (bucket != null ? bucket : template) + "|" + major;
        }
    }

    /** How long the request must wait before it may go; counts it against its buckets. */
    Duration admit(String token, Route route) {
        return limits(token).admit(route);
    }

    /** Learns from the answer: the bucket's remaining requests and reset, or a 429's pause. */
    void record(String token, Route route, HttpExchange.Response response, Duration retryAfter) {
        limits(token).record(route, response, retryAfter);
    }

    private BotLimits limits(String token) {
        return byToken.computeIfAbsent(token, t -> new BotLimits());
    }

    private static final class Bucket {
        int remaining;
        long resetAt;
    }

    private final class BotLimits {
        private final TokenBucket global = new TokenBucket(GLOBAL_PER_SECOND, GLOBAL_PER_SECOND, clock);
        private final Map<String, String> bucketOfRoute = new HashMap<>();
        private final Map<String, Bucket> buckets = new HashMap<>();
        private long globalPausedUntil;

        synchronized Duration admit(Route route) {
            long now = clock.millis();
            long wait = Math.max(0, globalPausedUntil - now);
            String key = route.key(bucketOfRoute.get(route.template()));
            Bucket bucket = buckets.get(key);
            if (bucket != null) {
                if (bucket.resetAt <= now) {
                    buckets.remove(key);
                } else if (bucket.remaining <= 0) {
                    wait = Math.max(wait, bucket.resetAt - now);
                } else {
                    bucket.remaining--;
                }
            }
            if (route.global()) {
                wait = Math.max(wait, global.reserve().toMillis());
            }
            return Duration.ofMillis(wait);
        }

        synchronized void record(Route route, HttpExchange.Response response, Duration retryAfter) {
            long now = clock.millis();
            if (response.status() == 429 && "true".equalsIgnoreCase(response.headers().get("X-RateLimit-Global"))) {
                globalPausedUntil = Math.max(globalPausedUntil, now + retryAfter.toMillis());
                return;
            }
            String bucketId = response.headers().get("X-RateLimit-Bucket");
            if (bucketId != null) {
                bucketOfRoute.put(route.template(), bucketId);
            }
            String key = route.key(bucketOfRoute.get(route.template()));
            Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket());
            if (response.status() == 429) {
                bucket.remaining = 0;
                bucket.resetAt = now + retryAfter.toMillis();
            } else {
                Integer remaining = integer(response.headers().get("X-RateLimit-Remaining"));
                Double resetAfter = decimal(response.headers().get("X-RateLimit-Reset-After"));
                if (remaining == null || resetAfter == null) {
                    buckets.remove(key);
                    return;
                }
                bucket.remaining = remaining;
                bucket.resetAt = now + (long) Math.ceil(resetAfter * 1000);
            }
            if (buckets.size() > SWEEP_ABOVE) {
                buckets.values().removeIf(b -> b.resetAt <= now);
            }
        }
    }

    private static Integer integer(String header) {
        try {
            return header == null ? null : Integer.parseInt(header.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Double decimal(String header) {
        try {
            return header == null ? null : Double.parseDouble(header.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
