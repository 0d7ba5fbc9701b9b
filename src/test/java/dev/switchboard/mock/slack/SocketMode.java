package dev.switchboard.mock.slack;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One app's Socket Mode side: its WebSockets, the hello/disconnect protocol, the socket cap, pings, and the
 * scripted and timed refreshes. Envelopes themselves are {@link Delivery}'s job. Confined to the server's event loop.
 */
final class SocketMode {

    static final String HOST = "applink-mock";
    static final short NORMAL_CLOSURE = 1000;
    /** What {@code debug_reconnects=true} shortens the connection time to, as Slack documents. */
    static final int DEBUG_RECONNECTS_SECONDS = 360;

    private final String appId;
    private final Vertx vertx;
    private final Faults faults;
    /** Every socket ever accepted, by index. */
    private final List<Link> all = new ArrayList<>();
    /** Said hello and not closed, in order of opening; Delivery picks from these. */
    private final List<Link> live = new ArrayList<>();
    final Delivery delivery;
    private final List<Integer> clientCloseCodes = new ArrayList<>();
    private int helloCount;
    private long pongs;
    private long pingSequence;
    private long pingTimer = -1;
    private int maxSockets = 10;
    private int approximateConnectionTime = 18_060;
    private boolean autoRefresh;
    private Duration warningLead = Duration.ofSeconds(10);

    SocketMode(String appId, Vertx vertx, Faults faults, LatencyTracker latency) {
        this.appId = appId;
        this.vertx = vertx;
        this.faults = faults;
        this.delivery = new Delivery(vertx, live, latency);
    }

    // ---------------------------------------------------------------- connection lifecycle

    /** A socket passed the ticket check and was upgraded. */
    void opened(ServerWebSocket ws, boolean debugReconnects) {
        Link link = new Link(all.size(), ws, vertx);
        all.add(link);
        ws.textMessageHandler(text -> received(link, text));
        ws.binaryMessageHandler(buffer -> { }); // Slack only speaks text; ignore anything else
        ws.pongHandler(payload -> pongs++);
        ws.exceptionHandler(t -> { }); // resets are expected here; the close handler does the bookkeeping
        ws.closeHandler(v -> closed(link));

        if (live.size() >= maxSockets) {
            // Slack's answer to the 11th socket: say why, then close it
            link.disconnect("too_many_websockets");
            link.close(NORMAL_CLOSURE);
            return;
        }
        link.hello = true;
        link.connectionTime = debugReconnects ? DEBUG_RECONNECTS_SECONDS : approximateConnectionTime;
        live.add(link);
        helloCount++;
        link.send(hello(live.size(), link.connectionTime));
        if (autoRefresh) {
            scheduleLifetime(link);
        }
        delivery.flushQueue();
    }

    private void received(Link link, String text) {
        if (link.closed || text.isEmpty() || text.charAt(0) != '{') {
            return; // Slack's SDKs ignore non-JSON text; so does the mock
        }
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (DecodeException e) {
            return;
        }
        if (frame.getValue("envelope_id") != null) {
            delivery.ack(link, frame);
        }
    }

    private void closed(Link link) {
        if (link.closed) {
            return;
        }
        Integer code = link.markClosed();
        live.remove(link);
        if (code != null) {
            clientCloseCodes.add(code);
        }
        delivery.linkClosed(link);
    }

    // ---------------------------------------------------------------- scripts

    /**
     * Slack's routine refresh: {@code warning}, then after {@code lead} {@code refresh_requested} and a close with
     * 1000. Without a lead (null or zero) only {@code refresh_requested} and the close.
     */
    void refresh(Link link, Duration lead) {
        if (link.closed) {
            return;
        }
        if (lead != null && !lead.isZero() && !lead.isNegative()) {
            link.disconnect("warning");
            link.setTimer(lead.toMillis(), () -> refreshNow(link));
        } else {
            refreshNow(link);
        }
    }

    private void refreshNow(Link link) {
        link.disconnect("refresh_requested");
        link.close(NORMAL_CLOSURE);
    }

    /** Refreshes every socket that said hello and was not already told to leave. */
    int refreshAll(Duration lead) {
        int n = 0;
        for (Link link : List.copyOf(live)) {
            if (!link.closing) {
                refresh(link, lead);
                n++;
            }
        }
        return n;
    }

    /** Socket Mode was switched off: tell the socket, close it, and let apps.connections.open follow the setting. */
    void linkDisabled(Link link) {
        faults.linkDisabled = true;
        link.disconnect("link_disabled");
        link.close(NORMAL_CLOSURE);
    }

    private void scheduleLifetime(Link link) {
        long lifetimeMs = link.connectionTime * 1000L;
        long leadMs = warningLead == null ? 0 : warningLead.toMillis();
        long elapsed = System.currentTimeMillis() - link.openedAtMillis;
        link.lifetimeTimer = vertx.setTimer(Math.max(1, lifetimeMs - leadMs - elapsed), t -> {
            link.lifetimeTimer = -1;
            if (!link.closed && !link.closing && !link.halfOpen) {
                refresh(link, warningLead);
            }
        });
    }

    void autoRefresh(boolean on) {
        autoRefresh = on;
        for (Link link : live) {
            if (link.lifetimeTimer != -1) {
                vertx.cancelTimer(link.lifetimeTimer);
                link.lifetimeTimer = -1;
            }
            if (on && !link.closing) {
                scheduleLifetime(link);
            }
        }
    }

    void serverPings(Duration every) {
        if (pingTimer != -1) {
            vertx.cancelTimer(pingTimer);
            pingTimer = -1;
        }
        if (every != null && !every.isZero() && !every.isNegative()) {
            pingTimer = vertx.setPeriodic(every.toMillis(), t -> {
                String payload = "mock-ping-" + (++pingSequence);
                live.forEach(link -> link.ping(payload));
            });
        }
    }

    // ---------------------------------------------------------------- settings and lookup

    void maxSockets(int max) {
        maxSockets = max;
    }

    void approximateConnectionTime(int seconds) {
        approximateConnectionTime = seconds;
    }

    void warningLead(Duration lead) {
        warningLead = lead;
    }

    Duration warningLead() {
        return warningLead;
    }

    /** The socket with this index, which must exist and still be connected. */
    Link open(int index) {
        if (index < 0 || index >= all.size()) {
            throw new IllegalArgumentException("no socket " + index + " (" + all.size() + " opened so far)");
        }
        Link link = all.get(index);
        if (link.closed) {
            throw new IllegalStateException("socket " + index + " is already closed");
        }
        return link;
    }

    int openSockets() {
        return live.size();
    }

    int helloCount() {
        return helloCount;
    }

    int totalSocketsEver() {
        return all.size();
    }

    List<Integer> clientCloseCodes() {
        return List.copyOf(clientCloseCodes);
    }

    long pongs() {
        return pongs;
    }

    long pingsReceived() {
        long n = 0;
        for (Link link : all) {
            n += link.pingsReceived();
        }
        return n;
    }

    List<JsonObject> describeSockets() {
        List<JsonObject> list = new ArrayList<>(all.size());
        all.forEach(l -> list.add(l.describe()));
        return list;
    }

    /** Closes every socket at TCP level and stops all timers: the mock is shutting down. */
    void shutdown() {
        serverPings(null);
        delivery.shutdown();
        for (Link link : List.copyOf(live)) {
            link.cancelTimers();
            link.dropTcp();
        }
    }

    // ---------------------------------------------------------------- messages

    JsonObject hello(int numConnections, int connectionTime) {
        return new JsonObject()
                .put("type", "hello")
                .put("num_connections", numConnections)
                .put("debug_info", new JsonObject()
                        .put("host", HOST)
                        .put("build_number", 1)
                        .put("approximate_connection_time", connectionTime))
                .put("connection_info", new JsonObject().put("app_id", appId));
    }

    static JsonObject disconnect(String reason) {
        return new JsonObject()
                .put("type", "disconnect")
                .put("reason", reason)
                .put("debug_info", new JsonObject().put("host", HOST));
    }
}
