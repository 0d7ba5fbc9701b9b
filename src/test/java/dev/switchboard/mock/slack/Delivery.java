package dev.switchboard.mock.slack;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * At-least-once delivery of one app's envelopes over its sockets. Confined to the server's event loop.
 *
 * <ul>
 *   <li>Each envelope goes to one socket that said hello and was not told to leave, round-robin (or random). With
 *       none available it waits in a queue for the next hello, so nothing is lost while sockets are refreshed.</li>
 *   <li>Until acked it is outstanding. An {@code events_api} envelope not acked within the deadline is sent again,
 *       preferably on another socket, with {@code retry_attempt + 1} and {@code retry_reason}, up to the attempt
 *       limit; then it expires. Slash commands and interactions are not retried on timeout (Slack shows the user an
 *       error instead), they just expire.</li>
 *   <li>Any envelope still unacked when its socket closes is sent again at once (it may never have arrived).</li>
 * </ul>
 *
 * <p>A redelivered envelope keeps its {@code envelope_id}, so a late ack of an earlier copy still counts.
 */
final class Delivery {

    private final Vertx vertx;
    private final List<Link> live;
    private final LatencyTracker latency;
    private final Map<String, Pending> outstanding = new LinkedHashMap<>();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final ArrayDeque<JsonObject> acks = new ArrayDeque<>();
    private final LatencyTracker.Samples ackLatencies = new LatencyTracker.Samples();
    private final ArrayDeque<JsonObject> expired = new ArrayDeque<>();
    private long ackCount;
    private long ackDeadlineMs = 3_000;
    private int maxAttempts = 3;
    private String retryReason = "timeout";
    private boolean random;
    private int cursor = -1;

    /** {@code live} is the app's list of sockets that said hello and are not closed, kept current by SocketMode. */
    Delivery(Vertx vertx, List<Link> live, LatencyTracker latency) {
        this.vertx = vertx;
        this.live = live;
        this.latency = latency;
    }

    // ---------------------------------------------------------------- settings

    void ackDeadline(long millis) {
        ackDeadlineMs = millis;
    }

    void maxAttempts(int attempts) {
        maxAttempts = Math.max(1, attempts);
    }

    void retryReason(String reason) {
        retryReason = reason;
    }

    void random(boolean on) {
        random = on;
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends an envelope to {@code target} (or, when null, a socket of the delivery's choosing). The envelope is
     * taken over, not copied: it is what later redeliveries update, so callers hand out copies of it only.
     */
    void push(JsonObject envelope, Link target) {
        Pending p = track(envelope);
        p.deliveries = retryAttempt(envelope);
        if (target != null && !target.closed) {
            send(p, target);
        } else {
            dispatch(p, null);
        }
    }

    /** Slack's own retry of an envelope (taken over as in push): the same one again with retry_attempt + 1, to any socket. */
    void redeliver(JsonObject envelope) {
        Pending p = track(envelope);
        p.deliveries = retryAttempt(envelope) + 1;
        dispatch(p, null);
    }

    /** Starts tracking, replacing any copy of the same envelope already outstanding. */
    private Pending track(JsonObject envelope) {
        Pending previous = outstanding.remove(envelope.getString("envelope_id"));
        if (previous != null) {
            forget(previous);
        }
        Pending p = new Pending(envelope);
        outstanding.put(p.id, p);
        return p;
    }

    private static int retryAttempt(JsonObject envelope) {
        return envelope.getValue("retry_attempt") instanceof Number n ? n.intValue() : 0;
    }

    /** Sends to a deliverable socket other than {@code avoid} if there is one, else queues until the next hello. */
    private void dispatch(Pending p, Link avoid) {
        Link link = choose(avoid);
        if (link == null) {
            p.queued = true;
            queue.addLast(p);
        } else {
            send(p, link);
        }
    }

    private Link choose(Link avoid) {
        int n = live.size();
        if (n == 0) {
            return null;
        }
        if (random) {
            List<Link> candidates = new ArrayList<>(n);
            for (Link l : live) {
                if (l.deliverable() && l != avoid) {
                    candidates.add(l);
                }
            }
            if (candidates.isEmpty()) {
                return avoid != null && avoid.deliverable() ? avoid : null;
            }
            return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
        }
        Link fallback = null;
        for (int i = 0; i < n; i++) {
            cursor = (cursor + 1) % n;
            Link l = live.get(cursor);
            if (l.deliverable()) {
                if (l != avoid) {
                    return l;
                }
                fallback = l;
            }
        }
        return fallback;
    }

    private void send(Pending p, Link link) {
        p.queued = false;
        if (isEventsApi(p.envelope)) {
            // the retry fields exist on events_api envelopes only
            p.envelope.put("retry_attempt", p.deliveries);
            p.envelope.put("retry_reason", p.deliveries == 0 ? "" : retryReason);
        }
        p.deliveries++;
        p.link = link;
        p.sentNanos = System.nanoTime();
        link.send(p.envelope);
        if (ackDeadlineMs > 0) {
            p.timer = vertx.setTimer(ackDeadlineMs, t -> {
                p.timer = -1;
                timedOut(p);
            });
        }
    }

    private void timedOut(Pending p) {
        if (outstanding.get(p.id) != p) {
            return;
        }
        if (isEventsApi(p.envelope) && p.deliveries < maxAttempts) {
            dispatch(p, p.link);
        } else {
            expire(p, "ack_timeout");
        }
    }

    /** Called when a socket has closed: what it still owed acks for goes out again at once. */
    void linkClosed(Link link) {
        List<Pending> stranded = new ArrayList<>();
        for (Pending p : outstanding.values()) {
            if (p.link == link && !p.queued) {
                stranded.add(p);
            }
        }
        for (Pending p : stranded) {
            cancelTimer(p);
            if (p.deliveries < maxAttempts) {
                dispatch(p, link);
            } else {
                expire(p, "socket_closed");
            }
        }
    }

    /** Called when a socket says hello: queued envelopes can go out now. */
    void flushQueue() {
        while (!queue.isEmpty()) {
            Link link = choose(null);
            if (link == null) {
                return;
            }
            send(queue.removeFirst(), link);
        }
    }

    private void expire(Pending p, String why) {
        outstanding.remove(p.id);
        forget(p);
        CallLog.appendBounded(expired, p.envelope.copy().put("_expired", why).put("_at", System.currentTimeMillis()));
    }

    private void forget(Pending p) {
        cancelTimer(p);
        if (p.queued) {
            queue.remove(p);
            p.queued = false;
        }
    }

    private void cancelTimer(Pending p) {
        if (p.timer != -1) {
            vertx.cancelTimer(p.timer);
            p.timer = -1;
        }
    }

    // ---------------------------------------------------------------- acks

    /** Records an ack frame {@code {"envelope_id":..., "payload"?:...}} received on {@code link}. */
    void ack(Link link, JsonObject frame) {
        long now = System.nanoTime();
        String id = String.valueOf(frame.getValue("envelope_id"));
        JsonObject record = new JsonObject().put("envelope_id", id);
        if (frame.containsKey("payload")) {
            record.put("payload", frame.getValue("payload"));
        }
        record.put("_at", System.currentTimeMillis()).put("_socket", link.index);
        Pending p = outstanding.remove(id);
        if (p != null) {
            forget(p);
            long micros = (now - p.sentNanos) / 1_000;
            record.put("_latencyMicros", micros);
            ackLatencies.add(micros);
            latency.acked(micros);
        } else {
            record.put("_unmatched", true); // already acked, expired, or never sent
        }
        ackCount++;
        CallLog.appendBounded(acks, record);
    }

    // ---------------------------------------------------------------- inspection

    List<JsonObject> acks() {
        return CallLog.copies(acks);
    }

    long ackCount() {
        return ackCount;
    }

    List<Long> ackLatenciesMicros() {
        return ackLatencies.list();
    }

    List<JsonObject> expired() {
        return CallLog.copies(expired);
    }

    int outstanding() {
        return outstanding.size();
    }

    int queued() {
        return queue.size();
    }

    /** The outstanding envelopes as last sent, oldest first. */
    List<JsonObject> outstandingEnvelopes() {
        List<JsonObject> list = new ArrayList<>(outstanding.size());
        for (Iterator<Pending> it = outstanding.values().iterator(); it.hasNext(); ) {
            list.add(it.next().envelope.copy());
        }
        return list;
    }

    /** Stops every timer; the server is going away. */
    void shutdown() {
        outstanding.values().forEach(this::cancelTimer);
    }

    private static boolean isEventsApi(JsonObject envelope) {
        return "events_api".equals(envelope.getString("type"));
    }

    private static final class Pending {
        final String id;
        final JsonObject envelope;
        /** Times sent so far; also the retry_attempt of the next send. */
        int deliveries;
        Link link;
        long sentNanos;
        long timer = -1;
        boolean queued;

        Pending(JsonObject envelope) {
            this.envelope = envelope;
            this.id = envelope.getString("envelope_id");
        }
    }
}
