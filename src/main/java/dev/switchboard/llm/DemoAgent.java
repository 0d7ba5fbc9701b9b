package dev.switchboard.llm;

import dev.switchboard.core.Agent;
import dev.switchboard.store.AgentStore;
import dev.switchboard.store.ConnectionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The agent a new installation can talk to at once (issue: "works out of the box"): {@code
 * assistant}, answered by the built-in agent, which is the model when a key is configured and an
 * echo otherwise. Created only on an empty database, so an operator who deleted it keeps it deleted
 * once anything else exists.
 */
public final class DemoAgent {
    public static final String ID = "assistant";
    static final String PROMPT = "You are Switchboard's demo assistant: friendly, brief and helpful.";

    private DemoAgent() {
    }

    /** The created agent, or empty when the database already had agents or connections. */
    public static Future<Optional<Agent>> createIfEmpty(AgentStore agents, ConnectionStore connections, Clock clock) {
        return Future.all(agents.list(), connections.list()).compose(both -> {
            if (!both.<List<?>>resultAt(0).isEmpty() || !both.<List<?>>resultAt(1).isEmpty()) {
                return Future.succeededFuture(Optional.empty());
            }
            Instant now = clock.instant();
            Agent demo = new Agent(ID, "Demo assistant", null, null, null, null, null, null,
                    new JsonObject().put("systemPrompt", PROMPT), Agent.ACTIVE, now, now);
            return agents.insert(demo).map(created -> created ? Optional.of(demo) : Optional.<Agent>empty());
        });
    }
}
