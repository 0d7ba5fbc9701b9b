package dev.switchboard.routing;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Event;
import dev.switchboard.metrics.Stats;
import dev.switchboard.platform.Inlet;
import dev.switchboard.store.Inbox;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one way in for platform events: apply the connection's event filter, store what passes
 * (deduplicated by the platform's own ids, together with the platform cursor), then hand the new
 * events on for delivery.
 */
public final class Router {
    private final Inbox inbox;
    private final Stats stats;
    private final Clock clock;
    private final Consumer<Event> delivery;

    public Router(Inbox inbox, Stats stats, Clock clock, Consumer<Event> delivery) {
        this.inbox = inbox;
        this.stats = stats;
        this.clock = clock;
        this.delivery = delivery;
    }

    public Inlet inletFor(Connection connection) {
        return (events, cursor) -> accept(connection, events, cursor);
    }

    Future<Void> accept(Connection connection, List<Event> events, Inbox.CursorMove cursor) {
        List<Event> passing = events.stream().filter(e -> connection.accepts(e.type())).toList();
        return inbox.accept(connection.id(), passing, cursor, clock.instant()).map(fresh -> {
            stats.received(connection.platform(), events.size());
            stats.filtered(connection.platform(), events.size() - passing.size());
            fresh.forEach(delivery);
            return null;
        });
    }
}
