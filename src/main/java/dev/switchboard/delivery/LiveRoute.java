package dev.switchboard.delivery;

import dev.switchboard.core.Event;
import io.vertx.core.Future;

/** Where an event goes instead of the agent's webhook while the agent is connected to the hub (SPEC §3.1). */
public interface LiveRoute {
    /** Completes with true once a live connection of the agent took the event, with false when the webhook must. */
    Future<Boolean> take(Event event);
}
