package dev.switchboard.mock.discord;

import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One bot's REST limits: the global requests per second, a scripted run of global 429s, and the per-channel
 * buckets of POST /channels/{id}/messages. Buckets are fixed windows starting at their first request, the way
 * Discord's reset clocks behave. Confined to the server's event loop.
 */
final class RestRateLimits {

    /** The message route's bucket id: stable, opaque and hash-like, as clients must not parse it. */
    static final String MESSAGES_BUCKET = UUID.nameUUIDFromBytes(
            "POST /channels/{channel.id}/messages".getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    private static final long GLOBAL_WINDOW_MS = 1_000;
    /** A retry_after of 0 would invite an immediate retry; Discord never says less than a millisecond. */
    private static final double MIN_RETRY_AFTER = 0.001;

    private final MockDiscordSettings settings;
    private final ArrayDeque<Long> recentCalls = new ArrayDeque<>();
    private final Map<String, Window> channelWindows = new HashMap<>();
    private final Map<String, Limit> channelOverrides = new HashMap<>();
    private int forcedGlobal;
    private double forcedRetryAfter;

    RestRateLimits(MockDiscordSettings settings) {
        this.settings = settings;
    }

    /** The next {@code requests} bot-authenticated calls get a global 429 saying {@code retryAfterSeconds}. */
    void forceGlobal(int requests, double retryAfterSeconds) {
        forcedGlobal = Math.max(0, requests);
        forcedRetryAfter = retryAfterSeconds;
    }

    /** A channel's own limit; its current window starts over so the new limit applies at once. */
    void overrideChannel(String channelId, int limit, long windowMs) {
        channelOverrides.put(channelId, new Limit(limit, windowMs));
        channelWindows.remove(channelId);
    }

    /**
     * Counts one call against the global limit.
     *
     * @return 0 when it may proceed, else the seconds to put in the global 429 (the call is not counted)
     */
    double takeGlobal(long nowMs) {
        if (forcedGlobal > 0) {
            forcedGlobal--;
            return Math.max(MIN_RETRY_AFTER, forcedRetryAfter);
        }
        while (!recentCalls.isEmpty() && recentCalls.peekFirst() <= nowMs - GLOBAL_WINDOW_MS) {
            recentCalls.removeFirst();
        }
        if (recentCalls.size() >= settings.restGlobalPerSecond) {
            return Math.max(MIN_RETRY_AFTER, (recentCalls.peekFirst() + GLOBAL_WINDOW_MS - nowMs) / 1000.0);
        }
        recentCalls.addLast(nowMs);
        return 0;
    }

    /** Takes one request from the channel's bucket, or reports it empty. */
    Bucket takeChannel(String channelId, long nowMs) {
        Limit override = channelOverrides.get(channelId);
        int limit = override != null ? override.limit : settings.restChannelLimit;
        long windowMs = override != null ? override.windowMs : settings.restChannelWindowMs;
        Window window = channelWindows.get(channelId);
        if (window == null || nowMs >= window.resetAtMs) {
            window = new Window(nowMs + windowMs);
            channelWindows.put(channelId, window);
        }
        boolean limited = window.used >= limit;
        if (!limited) {
            window.used++;
        }
        return new Bucket(limit, Math.max(0, limit - window.used), window.resetAtMs, nowMs, limited);
    }

    /** One bucket's state as a response reports it. */
    record Bucket(int limit, int remaining, long resetAtMs, long nowMs, boolean limited) {

        double resetAfterSeconds() {
            return Math.max(MIN_RETRY_AFTER, (resetAtMs - nowMs) / 1000.0);
        }

        void writeHeaders(HttpServerResponse response) {
            response.putHeader("X-RateLimit-Limit", Integer.toString(limit))
                    .putHeader("X-RateLimit-Remaining", Integer.toString(remaining))
                    .putHeader("X-RateLimit-Reset", seconds(resetAtMs / 1000.0))
                    .putHeader("X-RateLimit-Reset-After", seconds(resetAfterSeconds()))
                    .putHeader("X-RateLimit-Bucket", MESSAGES_BUCKET);
        }
    }

    static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private record Limit(int limit, long windowMs) {
    }

    private static final class Window {
        final long resetAtMs;
        int used;

        Window(long resetAtMs) {
            this.resetAtMs = resetAtMs;
        }
    }
}
