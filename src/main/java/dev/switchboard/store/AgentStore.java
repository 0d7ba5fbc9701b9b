package dev.switchboard.store;

import dev.switchboard.core.Agent;
import io.vertx.core.Future;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Agents, and the delivery blocks a 410 Gone puts on them. */
public final class AgentStore {
    private static final String COLUMNS = "id, name, secret_hash, webhook_url, signing_secret, instruction, settings,"
            + " mcp_servers, llm, status, created_at, updated_at";
    private final Database db;

    public AgentStore(Database db) {
        this.db = db;
    }

    /** Stores a new agent; false when the id is taken. */
    public Future<Boolean> insert(Agent a) {
        return db.transaction(c -> Sql.update(c, "INSERT INTO agents (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (id) DO NOTHING", a.id(), a.name(), a.secretHash(), a.webhookUrl(), a.signingSecret(),
                Sql.json(a.instruction()), Sql.json(a.settings()), Sql.json(a.mcpServers()), Sql.json(a.llm()),
                a.status(), a.createdAt().toEpochMilli(), a.updatedAt().toEpochMilli()) == 1);
    }

    /** Replaces a stored agent and lifts any delivery block: the operator changed it. */
    public Future<Void> update(Agent a) {
        return db.transaction(c -> {
            Sql.update(c, "UPDATE agents SET name=?, secret_hash=?, webhook_url=?, signing_secret=?, instruction=?,"
                            + " settings=?, mcp_servers=?, llm=?, status=?, updated_at=? WHERE id=?",
                    a.name(), a.secretHash(), a.webhookUrl(), a.signingSecret(), Sql.json(a.instruction()),
                    Sql.json(a.settings()), Sql.json(a.mcpServers()), Sql.json(a.llm()), a.status(),
                    a.updatedAt().toEpochMilli(), a.id());
            Sql.update(c, "DELETE FROM delivery_blocks WHERE agent_id=?", a.id());
            return null;
        });
    }

    public Future<Optional<Agent>> find(String id) {
        return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM agents WHERE id=?", AgentStore::agent, id));
    }

    public Future<List<Agent>> list() {
        return db.read(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM agents ORDER BY created_at, id", AgentStore::agent));
    }

    public Future<Boolean> delete(String id) {
        return db.transaction(c -> {
            Sql.update(c, "DELETE FROM delivery_blocks WHERE agent_id=?", id);
            return Sql.update(c, "DELETE FROM agents WHERE id=?", id) == 1;
        });
    }

    public Future<Void> block(String agentId, String reason, Instant now) {
        return db.transaction(c -> {
            Sql.update(c, "INSERT INTO delivery_blocks (agent_id, reason, created_at) VALUES (?,?,?)"
                    + " ON CONFLICT (agent_id) DO UPDATE SET reason = excluded.reason", agentId, reason, now.toEpochMilli());
            return null;
        });
    }

    /** Who an event goes to: the agent if registered, and why delivery is blocked if it is. */
    public record Recipient(Optional<Agent> agent, Optional<String> blockReason) {
    }

    /** One read per delivery attempt: the agent and its block together. */
    public Future<Recipient> recipient(String agentId) {
        return db.read(c -> Sql.one(c, "SELECT a.*, b.reason FROM (SELECT CAST(? AS TEXT) AS wanted) q"
                + " LEFT JOIN agents a ON a.id = q.wanted LEFT JOIN delivery_blocks b ON b.agent_id = q.wanted",
                r -> new Recipient(r.getString("id") == null ? Optional.empty() : Optional.of(agent(r)),
                        Optional.ofNullable(r.getString("reason"))), agentId).orElseThrow());
    }

    private static Agent agent(ResultSet r) throws SQLException {
        return new Agent(r.getString("id"), r.getString("name"), r.getString("secret_hash"), r.getString("webhook_url"),
                r.getString("signing_secret"), Sql.json(r.getString("instruction")), Sql.json(r.getString("settings")),
                Sql.json(r.getString("mcp_servers")), Sql.json(r.getString("llm")), r.getString("status"),
                Instant.ofEpochMilli(r.getLong("created_at")), Instant.ofEpochMilli(r.getLong("updated_at")));
    }
}
