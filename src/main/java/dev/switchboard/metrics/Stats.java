package dev.switchboard.metrics;

import dev.switchboard.core.Platform;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The gateway's counters, kept once in Micrometer: {@code /metrics} renders them for Prometheus,
 * {@code /stats} as JSON for people.
 */
public final class Stats {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Platform, PlatformCounters> platforms = new EnumMap<>(Platform.class);
    private final Timer deliveryLatency;
    private final Timer replyLatency;

    private record PlatformCounters(Counter received, Counter filtered, Counter delivered, Counter failed,
                                    Counter repliesSent, Counter repliesFailed) {
    }

    public Stats() {
        for (Platform p : Platform.values()) {
            String tag = p.wireName();
            platforms.put(p, new PlatformCounters(
                    counter("switchboard.events.received", "platform events accepted from the platform", tag),
                    counter("switchboard.events.filtered", "events dropped by the connection's eventFilter", tag),
                    counter("switchboard.events.delivered", "events an agent accepted", tag),
                    counter("switchboard.events.failed", "events given up after retries or a permanent error", tag),
                    counter("switchboard.replies.sent", "replies the platform accepted", tag),
                    counter("switchboard.replies.failed", "replies the platform refused for good", tag)));
        }
        deliveryLatency = Timer.builder("switchboard.delivery.latency")
                .description("from storing an event to storing the agent's accepting answer")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        replyLatency = Timer.builder("switchboard.reply.latency")
                .description("from queueing a reply to the platform's accepting it")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    private Counter counter(String name, String description, String platform) {
        return Counter.builder(name).description(description).tag("platform", platform).register(registry);
    }

    public void received(Platform p, int n) {
        platforms.get(p).received.increment(n);
    }

    public void filtered(Platform p, int n) {
        platforms.get(p).filtered.increment(n);
    }

    public void delivered(Platform p, Duration sinceReceived) {
        platforms.get(p).delivered.increment();
        deliveryLatency.record(sinceReceived);
    }

    public void failed(Platform p) {
        platforms.get(p).failed.increment();
    }

    public void replySent(Platform p, Duration sinceQueued) {
        platforms.get(p).repliesSent.increment();
        replyLatency.record(sinceQueued);
    }

    public void replyFailed(Platform p) {
        platforms.get(p).repliesFailed.increment();
    }

    public String prometheus() {
        return registry.scrape();
    }

    /** Counters per platform, in the shape of {@code GET /stats}. */
    public JsonObject platformCounters() {
        JsonObject events = new JsonObject();
        platforms.forEach((p, c) -> events.put(p.wireName(), new JsonObject()
                .put("received", (long) c.received.count())
                .put("filtered", (long) c.filtered.count())
                .put("delivered", (long) c.delivered.count())
                .put("failed", (long) c.failed.count())
                .put("repliesSent", (long) c.repliesSent.count())
                .put("repliesFailed", (long) c.repliesFailed.count())));
        return events;
    }
}
