package dev.switchboard.platform.discord;

import io.vertx.core.Vertx;

/**
 * The heartbeat of one gateway link (PLATFORMS.md §2.5): the first beat after a random share of
 * the interval, so a thousand links that met Hello together do not beat together, then one beat
 * per interval. A beat that finds the previous one unacknowledged means the link is a zombie: the
 * socket looks open but nothing comes back, and only closing it and resuming helps.
 */
final class Heartbeat {
    private final Vertx vertx;
    private final Runnable beat;
    private final Runnable zombie;
    private long timer = -1;
    private boolean awaitingAck;
    private boolean stopped;

    Heartbeat(Vertx vertx, Runnable beat, Runnable zombie) {
        this.vertx = vertx;
        this.beat = beat;
        this.zombie = zombie;
    }

    /** {@code jitter} in [0, 1) places the first beat. */
    void start(long intervalMillis, double jitter) {
        timer = vertx.setTimer(Math.max(1, (long) (intervalMillis * jitter)), first -> {
            tick();
            if (!stopped) {
                timer = vertx.setPeriodic(intervalMillis, id -> tick());
            }
        });
    }

    private void tick() {
        if (stopped) {
            return;
        }
        if (awaitingAck) {
            stop();
            zombie.run();
            return;
        }
        awaitingAck = true;
        beat.run();
    }

    void acked() {
        awaitingAck = false;
    }

    void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
