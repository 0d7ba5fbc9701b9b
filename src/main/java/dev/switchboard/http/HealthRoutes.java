package dev.switchboard.http;

import dev.switchboard.metrics.Stats;
import dev.switchboard.platform.Connections;
import dev.switchboard.hub.socketio.SocketIoServer;
import dev.switchboard.hub.ws.AgentWebSocket;
import dev.switchboard.store.ConversationStore;
import dev.switchboard.store.Inbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** {@code /health} (public), {@code /stats} and {@code /metrics}. */
final class HealthRoutes {
    private final Connections connections;
    private final Stats stats;
    private final Inbox inbox;
    private final ConversationStore conversations;
    private final SocketIoServer hub;
    private final AgentWebSocket webSockets;
    private final Clock clock;
    private final Instant startedAt;
    private final String nodeId;
    private final String version;

    HealthRoutes(Connections connections, Stats stats, Inbox inbox, ConversationStore conversations, SocketIoServer hub,
                 AgentWebSocket webSockets, Clock clock, String nodeId, String version) {
        this.connections = connections;
        this.conversations = conversations;
        this.hub = hub;
        this.webSockets = webSockets;
        this.stats = stats;
        this.inbox = inbox;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.nodeId = nodeId;
        this.version = version;
    }

    void mountPublic(Router router) {
        router.get("/health").handler(Http.route(ctx -> Future.succeededFuture(Http.Answer.ok(new JsonObject()
                .put("status", "ok")
                .put("uptime", Duration.between(startedAt, clock.instant()).toSeconds())
                .put("node", nodeId)
                .put("version", version)
                .put("connections", connections.health())))));
    }

    void mountMetrics(Router router) {
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(stats.prometheus()));
    }

    void mountStats(Router router) {
        router.get("/stats").handler(Http.route(ctx -> Future.all(inbox.counts(), conversations.messageCount())
                .map(both -> {
                    Inbox.Counts counts = both.resultAt(0);
                    return Http.Answer.ok(new JsonObject()
                            .put("events", stats.platformCounters())
                            .put("eventsPending", counts.pending())
                            .put("webhookRetriesPending", counts.retrying())
                            .put("eventsFailed", counts.failed())
                            .put("hub", new JsonObject().put("sockets", new JsonObject(Map.copyOf(hub.socketsByNamespace())))
                                    .put("webSocketSessions", webSockets.size()))
                            .put("messagesStored", both.<Long>resultAt(1)));
                })));
    }
}
