package dev.switchboard.mock.discord;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Pushes {@code count} MESSAGE_CREATE dispatches round-robin over the bots that had a live session when it started,
 * at a steady rate, for benchmarks. Each bot gets its own guild ({@link Snowflakes#burstGuildId}) and its channel, the
 * author is {@link #AUTHOR_ID} and the content {@code burst <n>}; replies are matched by message id.
 *
 * <p>Paced from a short periodic timer on the server's event loop: each tick pushes however many messages are due
 * by then, so the average rate holds even when ticks run late.
 */
final class Burst {

    static final String AUTHOR_ID = "1500000000000000001";
    private static final long TICK_MS = 2;

    private final Vertx vertx;
    private final List<MockDiscordBot> bots;
    private final int count;
    private final double ratePerSecond;
    private int pushed;
    private long startNanos;
    private long timer = -1;

    Burst(Vertx vertx, List<MockDiscordBot> bots, int count, double ratePerSecond) {
        if (bots.isEmpty()) {
            throw new IllegalStateException("no bot has a live gateway session");
        }
        if (count < 0 || ratePerSecond <= 0) {
            throw new IllegalArgumentException("need count >= 0 and ratePerSecond > 0");
        }
        this.vertx = vertx;
        this.bots = List.copyOf(bots);
        this.count = count;
        this.ratePerSecond = ratePerSecond;
    }

    void start() {
        startNanos = System.nanoTime();
        tick();
        if (!isDone()) {
            timer = vertx.setPeriodic(TICK_MS, id -> tick());
        }
    }

    private void tick() {
        double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
        long due = Math.min(count, (long) (elapsedSeconds * ratePerSecond) + 1);
        while (pushed < due) {
            MockDiscordBot bot = bots.get(pushed % bots.size());
            pushed++;
            bot.pushMessageOnLoop(Snowflakes.burstGuildId(bot.index), Snowflakes.burstGuildId(bot.index), AUTHOR_ID,
                    "burst " + pushed);
        }
        if (isDone()) {
            stop();
        }
    }

    boolean isDone() {
        return pushed >= count;
    }

    void stop() {
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    JsonObject status() {
        return new JsonObject().put("count", count).put("pushed", pushed).put("done", isDone());
    }
}
