package dev.switchboard.mock.slack;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.List;

/**
 * Pushes {@code count} message events round-robin over a set of apps at a steady rate, for benchmarks. App i
 * (in registration order) gets channel {@code CBURST<i>}, user {@code UBURST}, and texts unique across bursts
 * ({@code burst <b>-<n>}) so push-to-reply latency can match replies by text.
 *
 * <p>Paced from a short periodic timer on the server's event loop: each tick pushes however many messages are due
 * by then, so the average rate holds even when ticks run late.
 */
final class Burst {

    static final String USER = "UBURST";
    private static final long TICK_MS = 2;
    private static int burstSequence;

    private final Vertx vertx;
    private final List<MockSlackApp> apps;
    private final int count;
    private final double ratePerSecond;
    private final int number = ++burstSequence;
    private int pushed;
    private long startNanos;
    private long timer = -1;

    Burst(Vertx vertx, Collection<MockSlackApp> apps, int count, double ratePerSecond) {
        if (apps.isEmpty()) {
            throw new IllegalArgumentException("no apps registered");
        }
        if (count < 0 || ratePerSecond <= 0) {
            throw new IllegalArgumentException("need count >= 0 and ratePerSecond > 0");
        }
        this.vertx = vertx;
        this.apps = List.copyOf(apps);
        this.count = count;
        this.ratePerSecond = ratePerSecond;
    }

    static String channel(int appIndex) {
        return "CBURST" + (appIndex + 1);
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
            pushOne(pushed++);
        }
        if (isDone()) {
            stop();
        }
    }

    private void pushOne(int index) {
        int appIndex = index % apps.size();
        MockSlackApp app = apps.get(appIndex);
        String text = "burst " + number + "-" + (index + 1);
        app.pushOnLoop(app.envelopes().message(channel(appIndex), USER, text), null, true);
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
