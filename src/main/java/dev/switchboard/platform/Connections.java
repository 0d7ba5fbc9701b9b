package dev.switchboard.platform;

import dev.switchboard.core.Connection;
import dev.switchboard.core.ConnectionStatus;
import dev.switchboard.core.Platform;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

/** The live connections of this process: one supervisor each, opened, replaced and closed here. */
public final class Connections {
    private final Vertx vertx;
    private final Map<Platform, Connector> connectors = new EnumMap<>(Platform.class);
    private final Function<Connection, Inlet> inlets;
    private final Backoff backoff;
    private final Clock clock;
    private final Map<String, ConnectionSupervisor> supervisors = new ConcurrentHashMap<>();
    /**
     * One context per event loop, shared round-robin: a context of its own per connection would
     * cost some 6 KB of task queues each, a third of a connection's whole footprint.
     */
    private final List<Context> contexts;
    private final AtomicInteger nextContext = new AtomicInteger();

    public Connections(Vertx vertx, int eventLoops, List<Connector> connectors, Function<Connection, Inlet> inlets,
                       Backoff backoff, Clock clock) {
        this.vertx = vertx;
        connectors.forEach(c -> this.connectors.put(c.platform(), c));
        this.inlets = inlets;
        this.backoff = backoff;
        this.clock = clock;
        // Vert.x hands new event-loop contexts to its loops in turn, so one per loop covers them all
        VertxInternal internal = (VertxInternal) vertx;
        this.contexts = IntStream.range(0, eventLoops).mapToObj(i -> (Context) internal.createEventLoopContext()).toList();
    }

    public Optional<Connector> connector(Platform platform) {
        return Optional.ofNullable(connectors.get(platform));
    }

    /** Opens {@code connection}, closing the one it replaces first so the two never poll at once. */
    public Future<Void> open(Connection connection) {
        Connector connector = connector(connection.platform()).orElseThrow(
                () -> new IllegalArgumentException("no adapter for " + connection.platform()));
        ConnectionSupervisor previous = supervisors.remove(connection.id());
        Future<Void> closed = previous == null ? Future.succeededFuture() : previous.stop(false);
        return closed.map(v -> {
            // a session that outlived the longest backoff has proven its configuration
            ConnectionSupervisor supervisor = new ConnectionSupervisor(connection, connector, inlets.apply(connection),
                    backoff, clock, contexts.get(Math.floorMod(nextContext.getAndIncrement(), contexts.size())),
                    backoff.ceiling(Integer.MAX_VALUE).plus(Duration.ofSeconds(1)));
            supervisors.put(connection.id(), supervisor);
            supervisor.start();
            return null;
        });
    }

    public Future<Boolean> close(String id, boolean forget) {
        ConnectionSupervisor supervisor = supervisors.remove(id);
        return supervisor == null ? Future.succeededFuture(false) : supervisor.stop(forget).map(true);
    }

    public Future<Boolean> reconnect(String id) {
        ConnectionSupervisor supervisor = supervisors.get(id);
        return supervisor == null ? Future.succeededFuture(false) : supervisor.reconnect().map(true);
    }

    public Optional<ConnectionSupervisor> get(String id) {
        return Optional.ofNullable(supervisors.get(id));
    }

    public Collection<ConnectionSupervisor> all() {
        return supervisors.values();
    }

    /** Closes every connection without forgetting it: what a shutdown does. */
    public Future<Void> closeAll() {
        List<Future<Void>> stops = new ArrayList<>();
        supervisors.values().forEach(s -> stops.add(s.stop(false)));
        supervisors.clear();
        return Future.join(stops).mapEmpty();
    }

    /** The {@code connections} block of {@code GET /health}. */
    public JsonObject health() {
        int connected = 0;
        int disconnected = 0;
        int error = 0;
        JsonObject byPlatform = new JsonObject();
        for (ConnectionSupervisor s : supervisors.values()) {
            ConnectionStatus status = s.status();
            if (status == ConnectionStatus.CONNECTED) {
                connected++;
            } else if (status == ConnectionStatus.ERROR) {
                error++;
            } else {
                disconnected++;
            }
            String platform = s.connection().platform().wireName();
            byPlatform.put(platform, byPlatform.getInteger(platform, 0) + 1);
        }
        return new JsonObject().put("total", supervisors.size()).put("connected", connected)
                .put("disconnected", disconnected).put("error", error).put("byPlatform", byPlatform);
    }
}
