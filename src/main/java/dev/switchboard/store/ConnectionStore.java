package dev.switchboard.store;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Platform;
import io.vertx.core.Future;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Platform integrations, with their tokens. */
public final class ConnectionStore {
    private final Database db;

    public ConnectionStore(Database db) {
        this.db = db;
    }

    /**
     * Stores the connection; true when it is new. A replaced connection keeps its cursors and
     * delivery history: adapters key both by the bot's own identity, so a new bot starts afresh
     * while the same bot resumes where it was.
     */
    public Future<Boolean> upsert(Connection conn, Instant now) {
        return db.transaction(c -> {
            boolean exists = Sql.count(c, "SELECT COUNT(*) FROM connections WHERE id=?", conn.id()) > 0;
            if (exists) {
                Sql.update(c, "UPDATE connections SET agent_id=?, platform=?, name=?, config=?, created_at=?, updated_at=?"
                                + " WHERE id=?", conn.agentId(), conn.platform().wireName(), conn.name(),
                        conn.config().encode(), conn.createdAt().toEpochMilli(), now.toEpochMilli(), conn.id());
            } else {
                Sql.update(c, "INSERT INTO connections (id, agent_id, platform, name, config, created_at, updated_at)"
                                + " VALUES (?,?,?,?,?,?,?)", conn.id(), conn.agentId(), conn.platform().wireName(),
                        conn.name(), conn.config().encode(), conn.createdAt().toEpochMilli(), now.toEpochMilli());
            }
            return !exists;
        });
    }

    public Future<Optional<Connection>> find(String id) {
        return db.read(c -> Sql.one(c, "SELECT * FROM connections WHERE id=?", ConnectionStore::connection, id));
    }

    public Future<List<Connection>> list() {
        return db.read(c -> Sql.list(c, "SELECT * FROM connections ORDER BY created_at, id", ConnectionStore::connection));
    }

    /** Forgets the connection and everything kept for it: cursors, undelivered events, unsent replies. */
    public Future<Boolean> delete(String id) {
        return db.transaction(c -> {
            Sql.update(c, "DELETE FROM cursors WHERE connection_id=?", id);
            Sql.update(c, "DELETE FROM outbox WHERE connection_id=? AND status='pending'", id);
            Sql.update(c, "DELETE FROM inbox WHERE connection_id=? AND status='pending'", id);
            return Sql.update(c, "DELETE FROM connections WHERE id=?", id) == 1;
        });
    }

    private static Connection connection(ResultSet r) throws SQLException {
        return new Connection(r.getString("id"), r.getString("agent_id"),
                Platform.fromWire(r.getString("platform")).orElseThrow(), r.getString("name"),
                new io.vertx.core.json.JsonObject(r.getString("config")), Instant.ofEpochMilli(r.getLong("created_at")));
    }
}
