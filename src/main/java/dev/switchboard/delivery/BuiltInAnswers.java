package dev.switchboard.delivery;

import dev.switchboard.core.Agent;
import dev.switchboard.core.Event;
import io.vertx.core.Future;

import java.util.Optional;

/** Platform events of agents that Switchboard answers itself, having an {@code llm} block (SPEC §5). */
public interface BuiltInAnswers {
    /** The answer to send back, worded for the user even when the model failed; empty when the event wants none. */
    Future<Optional<String>> answer(Agent agent, Event event);
}
