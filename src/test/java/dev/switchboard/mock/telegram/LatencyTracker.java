package dev.switchboard.mock.telegram;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures push-to-reply latency for benchmarks: when a message update is pushed its time is remembered, and the
 * first sendMessage replying to it (via reply_parameters) records the difference. Confined to the server's event
 * loop.
 */
final class LatencyTracker {

    /** Bounds memory when a benchmark pushes messages that never get a reply. */
    private static final int MAX_AWAITING = 1_000_000;

    private final Map<Key, Long> pushedAt = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
            return size() > MAX_AWAITING;
        }
    };
    private long[] latencies = new long[1024];
    private int count;

    void messagePushed(String token, long chatId, long messageId) {
        pushedAt.put(new Key(token, chatId, messageId), System.nanoTime());
    }

    void replied(String token, long chatId, long messageId) {
        Long start = pushedAt.remove(new Key(token, chatId, messageId));
        if (start == null) {
            return;
        }
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = (System.nanoTime() - start) / 1_000;
    }

    void forgetBot(String token) {
        pushedAt.keySet().removeIf(k -> k.token.equals(token));
    }

    List<Long> micros() {
        List<Long> copy = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            copy.add(latencies[i]);
        }
        return copy;
    }

    void reset() {
        latencies = new long[1024];
        count = 0;
    }

    JsonObject summary() {
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        long sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new JsonObject()
                .put("count", count)
                .put("p50Micros", percentile(sorted, 50))
                .put("p90Micros", percentile(sorted, 90))
                .put("p99Micros", percentile(sorted, 99))
                .put("maxMicros", count == 0 ? 0 : sorted[count - 1])
                .put("meanMicros", count == 0 ? 0 : sum / count);
    }

    /** Nearest-rank percentile; 0 when nothing was measured. */
    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private record Key(String token, long chatId, long messageId) {
    }
}
