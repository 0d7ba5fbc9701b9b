package dev.switchboard.delivery;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Reply;
import dev.switchboard.core.ReplySink;
import dev.switchboard.metrics.Stats;
import dev.switchboard.platform.Backoff;
import dev.switchboard.platform.PlatformException;
import dev.switchboard.store.Outbox;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sends stored replies to their platforms, one at a time per channel so a conversation reads in
 * order. A rate limit pauses only its channel for the platform's {@code Retry-After}; a network
 * failure retries with backoff; a refusal is recorded and the channel moves on. Runs on one
 * context, so the queues need no locks.
 */
public final class Replies {
    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    /** What sending needs to know about a connection: its settings, and what sends to it. */
    public record Target(Connection connection, ReplySink sink) {
    }

    private final Context context;
    private final Outbox outbox;
    private final Function<String, Optional<Target>> targets;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Stats stats;
    private final Clock clock;
    private final Map<String, Channel> channels = new HashMap<>();
    private boolean stopped;

    /** A reply with the time it joined the queue. */
    private record Queued(Reply reply, Instant since) {
    }

    private static final class Channel {
        final String connectionId;
        final Deque<Queued> queue = new ArrayDeque<>();
        boolean busy;
        int failures;

        Channel(String connectionId) {
            this.connectionId = connectionId;
        }
    }

    public Replies(Context context, Outbox outbox, Function<String, Optional<Target>> targets, Backoff backoff,
                   int maxAttempts, Stats stats, Clock clock) {
        this.context = context;
        this.outbox = outbox;
        this.targets = targets;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.stats = stats;
        this.clock = clock;
    }

    /** A reply already in the outbox: queue it behind its channel's earlier replies. */
    public void submit(String connectionId, Reply reply) {
        context.runOnContext(v -> {
            if (stopped) {
                return;
            }
            String key = connectionId + '\u0000' + Outbox.channelOf(reply);
            Channel channel = channels.computeIfAbsent(key, k -> new Channel(connectionId));
            channel.queue.add(new Queued(reply, clock.instant()));
            sendNext(key, channel);
        });
    }

    /** Replies an earlier run left unsent ({@link Outbox#pending}, read before any connection opened), in their stored order. */
    public void resume(List<Reply> unsent) {
        unsent.forEach(r -> submit(r.integrationId(), r));
    }

    public void stop() {
        context.runOnContext(v -> {
            stopped = true;
            channels.clear();
        });
    }

    private void sendNext(String key, Channel channel) {
        if (channel.busy || stopped) {
            return;
        }
        Queued next = channel.queue.peek();
        if (next == null) {
            channels.remove(key);
            return;
        }
        Optional<Target> target = targets.apply(channel.connectionId);
        if (target.isEmpty()) {
            // the connection was deleted: its unsent replies were forgotten with it
            channels.remove(key);
            return;
        }
        channel.busy = true;
        Reply reply = next.reply();
        target.get().sink().send(target.get().connection(), reply)
                .transform(result -> result.succeeded() ? sent(target.get(), channel, next)
                        : failed(target.get(), channel, reply, PlatformException.classify(result.cause())))
                .onComplete(delay -> {
                    // the channel stays busy through the wait, so a reply queued meanwhile cannot jump it
                    Duration wait = delay.succeeded() ? delay.result() : Duration.ofSeconds(5);
                    if (wait.isZero()) {
                        channel.busy = false;
                        sendNext(key, channel);
                    } else {
                        context.owner().setTimer(wait.toMillis(), id -> {
                            channel.busy = false;
                            sendNext(key, channel);
                        });
                    }
                });
    }

    /** @return how long the channel waits before its next send */
    private Future<Duration> sent(Target target, Channel channel, Queued sent) {
        stats.replySent(target.connection().platform(), Duration.between(sent.since(), clock.instant()));
        return outbox.sent(sent.reply().id(), clock.instant()).map(v -> {
            dequeue(channel);
            return Duration.ZERO;
        });
    }

    private Future<Duration> failed(Target target, Channel channel, Reply reply, PlatformException failure) {
        switch (failure.kind()) {
            case RATE_LIMITED -> {
                log.info("reply {} rate limited, channel waits {} ms", reply.id(), failure.retryAfter().orElseThrow().toMillis());
                return Future.succeededFuture(failure.retryAfter().orElseThrow());
            }
            case TRANSIENT -> {
                channel.failures++;
                if (channel.failures < maxAttempts) {
                    return outbox.attempted(reply.id(), failure.getMessage()).map(v -> backoff.delay(channel.failures - 1));
                }
            }
            default -> {
            }
        }
        log.warn("reply {} to {} failed: {}", reply.id(), target.connection().id(), failure.getMessage());
        stats.replyFailed(target.connection().platform());
        return outbox.failed(reply.id(), failure.getMessage(), clock.instant()).map(v -> {
            dequeue(channel);
            return Duration.ZERO;
        });
    }

    private static void dequeue(Channel channel) {
        channel.queue.poll();
        channel.failures = 0;
    }
}
