package dev.switchboard.platform.discord;

import dev.switchboard.platform.PlatformException;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paces identifies per bot token, across every connection that uses the token (PLATFORMS.md
 * §2.6, §2.10): at most {@code max_concurrency} may start in each window, and none once the day's
 * budget is spent, because identifying past it gets the token reset by Discord. The budget is
 * Discord's own count from {@code GET /gateway/bot}, lowered here by every identify started since.
 */
final class IdentifyGate {
    /**
     * Discord counts identifies as they arrive: spacing them exactly one window apart as they are
     * sent would let a slow first one and a quick second one land inside one window.
     */
    private static final double MARGIN = 0.05;

    private final Clock clock;
    private final long spacingMillis;
    private final Map<String, Slots> byToken = new ConcurrentHashMap<>();

    IdentifyGate(Clock clock, Duration window) {
        this.clock = clock;
        this.spacingMillis = Math.round(window.toMillis() * (1 + MARGIN));
    }

    /** What {@code GET /gateway/bot} said about identifying. */
    record Limit(int remaining, Duration resetAfter, int maxConcurrency) {
    }

    /**
     * Reserves an identify for {@code token} and says how long to wait before sending it; fails
     * when the day's budget is spent, with the time until Discord resets it.
     */
    Duration reserve(String token, Limit limit) {
        return byToken.computeIfAbsent(token, t -> new Slots()).reserve(limit);
    }

    private final class Slots {
        /** Start times of the latest identifies, oldest first; as many as max_concurrency allows. */
        private long[] starts = new long[0];
        private int remaining = Integer.MAX_VALUE;
        private long budgetResetsAt;

        synchronized Duration reserve(Limit limit) {
            long now = clock.millis();
            if (now >= budgetResetsAt) {
                remaining = Integer.MAX_VALUE;
            }
            remaining = Math.min(remaining, limit.remaining());
            budgetResetsAt = now + limit.resetAfter().toMillis();
            if (remaining <= 0) {
                throw PlatformException.transientFailure("Discord's daily identify budget for this bot is used up;"
                        + " the next identify is possible in " + limit.resetAfter().toMinutes() + " min", limit.resetAfter());
            }
            int slots = Math.max(1, limit.maxConcurrency());
            if (starts.length != slots) {
                starts = new long[slots];
                Arrays.fill(starts, Long.MIN_VALUE);
            }
            // the slot used the longest ago: the window since its identify must have passed
            long at = starts[0] == Long.MIN_VALUE ? now : Math.max(now, starts[0] + spacingMillis);
            System.arraycopy(starts, 1, starts, 0, slots - 1);
            starts[slots - 1] = at;
            remaining--;
            return Duration.ofMillis(at - now);
        }
    }
}
