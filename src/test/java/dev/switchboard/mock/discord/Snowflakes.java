package dev.switchboard.mock.discord;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Discord-style ids for one mock server. Snowflakes carry the creation time in their top bits, as Discord's do, and
 * are strictly increasing across the whole mock, so they also work as lookup keys and sort in creation order.
 * Thread-safe: bots are created on test threads, messages on the server's loop.
 */
final class Snowflakes {

    static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;
    /** Worker 1, process 0: any fixed value does; the low 17 bits are the increment. */
    private static final long WORKER_BITS = 1L << 17;
    /** Fixed bases keep the ids of benchmark bots reproducible across runs and processes. */
    private static final long BENCH_USER_BASE = 1_100_000_000_000_000_000L;
    private static final long BENCH_APPLICATION_BASE = 1_200_000_000_000_000_000L;
    private static final long BURST_GUILD_BASE = 1_400_000_000_000_000_000L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] TOKEN_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private final AtomicLong last = new AtomicLong();

    String next() {
        long candidate = ((System.currentTimeMillis() - DISCORD_EPOCH_MS) << 22) | WORKER_BITS;
        return Long.toString(last.updateAndGet(previous -> Math.max(candidate, previous + 1)));
    }

    static String benchUserId(int botNumber) {
        return Long.toString(BENCH_USER_BASE + botNumber);
    }

    static String benchApplicationId(int botNumber) {
        return Long.toString(BENCH_APPLICATION_BASE + botNumber);
    }

    /**
     * The guild a burst uses for the bot registered {@code botIndex}-th (from 0); its one text channel has the
     * guild's id, as in {@link Entities#guildCreate}.
     */
    static String burstGuildId(int botIndex) {
        return Long.toString(BURST_GUILD_BASE + botIndex + 1);
    }

    /** A session id: 32 lower-case hex digits like Discord's. Not secret, so a fast random source is fine. */
    static String sessionId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[32];
        for (int i = 0; i < id.length; i++) {
            id[i] = HEX[random.nextInt(16)];
        }
        return new String(id);
    }

    /** An interaction token: long and URL-safe, so clients must put it in paths without re-encoding trouble. */
    static String interactionToken() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder token = new StringBuilder("aW50ZXJhY3Rpb246");
        for (int i = 0; i < 96; i++) {
            token.append(TOKEN_CHARS[random.nextInt(TOKEN_CHARS.length)]);
        }
        return token.toString();
    }
}
