package dev.switchboard.mock.slack;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Message timestamps and ids for one mock server. Thread-safe, so envelopes can be built on a test thread before
 * they are pushed.
 *
 * <p>Slack's {@code ts} is both a time and a message id, unique per channel; here it is unique across the whole mock
 * (strictly increasing microseconds), which makes it safe to use as a lookup key and keeps ordering assertions simple.
 */
final class Ids {

    private final AtomicLong lastTsMicros = new AtomicLong();
    private final AtomicLong eventSequence = new AtomicLong();
    private final AtomicLong triggerSequence = new AtomicLong();

    /** The next {@code ts}, e.g. {@code "1700000000.000100"}: wall-clock microseconds, bumped to stay increasing. */
    String nextTs() {
        long now = System.currentTimeMillis() * 1000;
        long micros = lastTsMicros.updateAndGet(last -> Math.max(now, last + 1));
        return formatTs(micros);
    }

    static String formatTs(long micros) {
        String fraction = Long.toString(micros % 1_000_000);
        return micros / 1_000_000 + "." + "000000".substring(fraction.length()) + fraction;
    }

    /** {@code Ev} plus ten upper-case characters, like Slack's event ids. */
    String nextEventId() {
        String n = Long.toString(eventSequence.incrementAndGet(), 36).toUpperCase();
        return "Ev" + "0000000000".substring(Math.min(10, n.length())) + n;
    }

    String nextTriggerId() {
        return triggerSequence.incrementAndGet() + "." + System.currentTimeMillis() + ".mocktrigger";
    }

    /**
     * A random version-4 UUID from a non-blocking source: SecureRandom would be needlessly slow for thousands of
     * envelopes a second, and nothing here needs unpredictability.
     */
    static String uuid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    static long epochSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
