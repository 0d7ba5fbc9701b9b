package dev.switchboard.mock.discord;

import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;

/**
 * One bot's identify budget: the daily session starts ({@code session_start_limit} of GET /gateway/bot) and the
 * {@code max_concurrency} identifies per window. Confined to the server's event loop.
 */
final class SessionStartLimit {

    private final MockDiscordSettings settings;
    private final ArrayDeque<Long> recentIdentifies = new ArrayDeque<>();
    private int remaining;
    private long periodStartMs;
    /** Set when an identify found the budget used up, so tests can assert a client never got there. */
    private boolean exhausted;

    SessionStartLimit(MockDiscordSettings settings) {
        this.settings = settings;
        reset();
    }

    /** Back to the configured remaining, with a fresh reset_after period. */
    void reset() {
        remaining = settings.sessionStartRemaining;
        periodStartMs = System.currentTimeMillis();
    }

    /** Whether another identify fits in the concurrency window now. */
    boolean concurrencyAllows(long nowMs) {
        while (!recentIdentifies.isEmpty() && recentIdentifies.peekFirst() <= nowMs - settings.identifyWindowMs) {
            recentIdentifies.removeFirst();
        }
        return recentIdentifies.size() < settings.maxConcurrency;
    }

    /** Uses one session start; false (and exhausted from then on) when none is left. */
    boolean take(long nowMs) {
        refill(nowMs);
        if (remaining <= 0) {
            exhausted = true;
            return false;
        }
        remaining--;
        recentIdentifies.addLast(nowMs);
        return true;
    }

    int remaining(long nowMs) {
        refill(nowMs);
        return remaining;
    }

    boolean exhausted() {
        return exhausted;
    }

    JsonObject toJson(long nowMs) {
        refill(nowMs);
        return new JsonObject()
                .put("total", settings.sessionStartTotal)
                .put("remaining", remaining)
                .put("reset_after", Math.max(0, periodStartMs + settings.sessionStartResetAfterMs - nowMs))
                .put("max_concurrency", settings.maxConcurrency);
    }

    /** Discord refills the budget to the total once reset_after has run out. */
    private void refill(long nowMs) {
        if (nowMs - periodStartMs >= settings.sessionStartResetAfterMs) {
            remaining = settings.sessionStartTotal;
            periodStartMs = nowMs;
        }
    }
}
