package dev.switchboard.mock.discord;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark latency across all bots of one server, from a MESSAGE_CREATE being pushed to the first accepted
 * POST /channels/{id}/messages whose {@code message_reference.message_id} names it. Confined to the server's loop.
 */
final class LatencyTracker {

    /** Bounds memory when a benchmark pushes messages that never get a reply. */
    private static final int MAX_AWAITING = 1_000_000;

    private final Map<String, Long> pushedNanos = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_AWAITING;
        }
    };
    private long[] samples = new long[1024];
    private int count;

    void pushed(String messageId, long nanos) {
        pushedNanos.put(messageId, nanos);
    }

    void replied(String referencedMessageId, long nowNanos) {
        Long pushed = pushedNanos.remove(referencedMessageId);
        if (pushed == null) {
            return;
        }
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = (nowNanos - pushed) / 1_000;
    }

    void reset() {
        samples = new long[1024];
        count = 0;
    }

    List<Long> micros() {
        List<Long> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(samples[i]);
        }
        return list;
    }

    /** {@code {count, p50Micros, p90Micros, p99Micros, maxMicros, meanMicros}}. */
    JsonObject summary() {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        long sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new JsonObject()
                .put("count", sorted.length)
                .put("p50Micros", percentile(sorted, 50))
                .put("p90Micros", percentile(sorted, 90))
                .put("p99Micros", percentile(sorted, 99))
                .put("maxMicros", sorted.length == 0 ? 0 : sorted[sorted.length - 1])
                .put("meanMicros", sorted.length == 0 ? 0 : sum / sorted.length);
    }

    /** Nearest-rank percentile; 0 when nothing was measured. */
    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
