package dev.switchboard.mock.slack;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark latencies across all apps of one server. Confined to the server's event loop.
 *
 * <ul>
 *   <li>Push to reply: when a message event is first pushed its time is remembered under the event's {@code ts}
 *       and its text. The first chat.postMessage that answers it, either in its thread ({@code thread_ts} = the
 *       event's ts) or with the text {@code echo: <text>} (what the bench agent sends; texts are unique there),
 *       records the difference.</li>
 *   <li>Ack: from writing an envelope to its ack.</li>
 * </ul>
 */
final class LatencyTracker {

    static final String ECHO_PREFIX = "echo: ";
    /** Bounds memory when a benchmark pushes messages that never get a reply. */
    private static final int MAX_AWAITING = 1_000_000;

    private final Map<String, Pushed> byTs = bounded();
    private final Map<String, Pushed> byText = bounded();
    private final Samples replies = new Samples();
    private final Samples acks = new Samples();

    void pushed(String ts, String text, long nanos) {
        Pushed p = new Pushed(ts, text, nanos);
        if (ts != null) {
            byTs.put(ts, p);
        }
        if (text != null) {
            byText.put(text, p);
        }
    }

    void posted(String threadTs, String text, long nowNanos) {
        Pushed p = threadTs == null ? null : byTs.get(threadTs);
        if (p == null && text != null && text.startsWith(ECHO_PREFIX)) {
            p = byText.get(text.substring(ECHO_PREFIX.length()));
        }
        if (p == null) {
            return;
        }
        if (p.ts != null) {
            byTs.remove(p.ts);
        }
        if (p.text != null) {
            byText.remove(p.text, p);
        }
        replies.add((nowNanos - p.nanos) / 1_000);
    }

    void acked(long latencyMicros) {
        acks.add(latencyMicros);
    }

    List<Long> replyMicros() {
        return replies.list();
    }

    void reset() {
        replies.clear();
        acks.clear();
    }

    /** {@code {count, p50Micros, p90Micros, p99Micros, maxMicros, meanMicros, ackCount, ackP50Micros, ackP99Micros, ackMaxMicros}}. */
    JsonObject summary() {
        long[] r = replies.sorted();
        long[] a = acks.sorted();
        return new JsonObject()
                .put("count", r.length)
                .put("p50Micros", percentile(r, 50))
                .put("p90Micros", percentile(r, 90))
                .put("p99Micros", percentile(r, 99))
                .put("maxMicros", r.length == 0 ? 0 : r[r.length - 1])
                .put("meanMicros", mean(r))
                .put("ackCount", a.length)
                .put("ackP50Micros", percentile(a, 50))
                .put("ackP99Micros", percentile(a, 99))
                .put("ackMaxMicros", a.length == 0 ? 0 : a[a.length - 1]);
    }

    /** Nearest-rank percentile; 0 when nothing was measured. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static long mean(long[] values) {
        long sum = 0;
        for (long v : values) {
            sum += v;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }

    private static Map<String, Pushed> bounded() {
        return new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Pushed> eldest) {
                return size() > MAX_AWAITING;
            }
        };
    }

    private record Pushed(String ts, String text, long nanos) {
    }

    /** A growable array of longs: benchmarks record hundreds of thousands of samples. */
    static final class Samples {
        private long[] values = new long[1024];
        private int count;

        void add(long v) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = v;
        }

        void clear() {
            values = new long[1024];
            count = 0;
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(values, count);
            Arrays.sort(copy);
            return copy;
        }

        List<Long> list() {
            List<Long> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                list.add(values[i]);
            }
            return list;
        }
    }
}
