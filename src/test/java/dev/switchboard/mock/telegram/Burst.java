package dev.switchboard.mock.telegram;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.List;

/**
 * Pushes {@code count} text messages round-robin over a set of bots at a steady rate, for benchmarks.
 * Paced from a short periodic timer on the server's event loop: each tick pushes however many messages are due
 * by then, so the average rate holds even when ticks run late.
 */
final class Burst {

    /** Burst chats are private chats with these ids (the sender is the chat's user). */
    static final long FIRST_CHAT_ID = 5_000_001L;
    private static final long TICK_MS = 2;

    private final Vertx vertx;
    private final List<MockBot> bots;
    private final int count;
    private final double ratePerSecond;
    private final int chatsPerBot;
    private int pushed;
    private long startNanos;
    private long timer = -1;

    Burst(Vertx vertx, Collection<MockBot> bots, int count, double ratePerSecond, int chatsPerBot) {
        if (bots.isEmpty()) {
            throw new IllegalArgumentException("no bots registered");
        }
        if (count < 0 || ratePerSecond <= 0 || chatsPerBot < 1) {
            throw new IllegalArgumentException("need count >= 0, ratePerSecond > 0 and chats >= 1");
        }
        this.vertx = vertx;
        this.bots = List.copyOf(bots);
        this.count = count;
        this.ratePerSecond = ratePerSecond;
        this.chatsPerBot = chatsPerBot;
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
        MockBot bot = bots.get(index % bots.size());
        int round = index / bots.size();
        long chatId = FIRST_CHAT_ID + round % chatsPerBot;
        bot.pushMessage(chatId, "private", chatId, "burst message " + (index + 1));
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
