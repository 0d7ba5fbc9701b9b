package dev.switchboard.store;

import dev.switchboard.core.Event;
import dev.switchboard.core.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Accepted platform events and their delivery state; also the platform cursors, because a cursor
 * may only move in the transaction that stores the events it acknowledges.
 */
public final class Inbox {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    private final Database db;

    public Inbox(Database db) {
        this.db = db;
    }

    /** A pending event with its delivery progress; {@code receivedAt} is when the gateway stored it. */
    public record Pending(Event event, int attempts, Instant nextAttemptAt, Instant receivedAt) {
        public Pending retried(int attempts, Instant nextAttemptAt) {
            return new Pending(event, attempts, nextAttemptAt, receivedAt);
        }
    }

    /** A cursor move to store with a batch, e.g. the Telegram offset past the batch's last update. */
    public record CursorMove(String connectionId, String name, String value) {
    }

    /**
     * Stores the events and moves the cursor in one transaction, and returns the events that were
     * new: those whose dedup key the connection had not seen. Only after this completes may the
     * platform be told the events were received.
     */
    public Future<List<Event>> accept(String connectionId, List<Event> events, CursorMove cursor, Instant now) {
        return db.transaction(c -> {
            List<Event> fresh = new ArrayList<>(events.size());
            for (Event e : events) {
                int inserted = Sql.update(c, "INSERT INTO inbox (id, connection_id, agent_id, platform, type, dedup_key, body,"
                                + " status, attempts, next_attempt_at, created_at) VALUES (?,?,?,?,?,?,?,?,0,?,?)"
                                + " ON CONFLICT (connection_id, dedup_key) DO NOTHING",
                        e.id(), connectionId, e.agentId(), e.platform().wireName(), e.type(), e.dedupKey(),
                        e.toJson().encode(), PENDING, now.toEpochMilli(), now.toEpochMilli());
                if (inserted == 1) {
                    fresh.add(e);
                }
            }
            if (cursor != null) {
                putCursor(c, cursor);
            }
            return fresh;
        });
    }

    public Future<Optional<String>> cursor(String connectionId, String name) {
        return db.read(c -> Sql.one(c, "SELECT value FROM cursors WHERE connection_id=? AND name=?",
                r -> r.getString(1), connectionId, name));
    }

    /** Marks the event delivered and, in the same transaction, queues the agent's answer. */
    public Future<Void> delivered(String eventId, Reply answer, String connectionId, Instant now) {
        return db.transaction(c -> {
            Sql.update(c, "UPDATE inbox SET status=?, attempts=attempts+1, last_error=NULL, finished_at=? WHERE id=?",
                    DELIVERED, now.toEpochMilli(), eventId);
            if (answer != null) {
                Outbox.insert(c, connectionId, answer, now);
            }
            return null;
        });
    }

    public Future<Void> retryLater(String eventId, int attempts, Instant nextAttemptAt, String error) {
        return db.transaction(c -> {
            Sql.update(c, "UPDATE inbox SET attempts=?, next_attempt_at=?, last_error=? WHERE id=?",
                    attempts, nextAttemptAt.toEpochMilli(), error, eventId);
            return null;
        });
    }

    public Future<Void> failed(String eventId, int attempts, String error, Instant now) {
        return db.transaction(c -> {
            Sql.update(c, "UPDATE inbox SET status=?, attempts=?, last_error=?, finished_at=? WHERE id=?",
                    FAILED, attempts, error, now.toEpochMilli(), eventId);
            return null;
        });
    }

    /** Every event still to deliver, oldest first: what a restart picks up. */
    public Future<List<Pending>> pending() {
        return db.read(c -> Sql.list(c, "SELECT body, dedup_key, attempts, next_attempt_at, created_at FROM inbox"
                        + " WHERE status=? ORDER BY seq", r -> new Pending(Event.fromJson(new JsonObject(r.getString(1)),
                        r.getString(2)), r.getInt(3), Instant.ofEpochMilli(r.getLong(4)), Instant.ofEpochMilli(r.getLong(5))),
                PENDING));
    }

    /** One line of the delivery log: an event and what became of it (the body is left out). */
    public record Entry(String id, String connectionId, String agentId, String platform, String type, String status,
                        int attempts, String lastError, Instant createdAt, Instant finishedAt) {
        public JsonObject toJson() {
            return new JsonObject().put("id", id).put("integrationId", connectionId).put("agentId", agentId)
                    .put("platform", platform).put("type", type).put("status", status).put("attempts", attempts)
                    .put("lastError", lastError).put("createdAt", createdAt.toString())
                    .put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        }
    }

    /** The newest events first, optionally only one status and one connection. */
    public Future<List<Entry>> log(String status, String connectionId, int limit) {
        return db.read(c -> Sql.list(c, "SELECT id, connection_id, agent_id, platform, type, status, attempts, last_error,"
                        + " created_at, finished_at FROM inbox WHERE (CAST(? AS TEXT) IS NULL OR status = ?)"
                        + " AND (CAST(? AS TEXT) IS NULL OR connection_id = ?) ORDER BY seq DESC LIMIT ?",
                r -> new Entry(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                        r.getString(6), r.getInt(7), r.getString(8), Instant.ofEpochMilli(r.getLong(9)),
                        r.getObject(10) == null ? null : Instant.ofEpochMilli(r.getLong(10))),
                status, status, connectionId, connectionId, limit));
    }

    /** What asking to send an event again came to. */
    public sealed interface Requeue {
        /** Back to pending, to be delivered now. */
        record Requeued(Pending pending) implements Requeue {
        }

        /** Still pending: its retries are already scheduled, so nothing changed. */
        record AlreadyPending() implements Requeue {
        }

        record Unknown() implements Requeue {
        }
    }

    /** Puts a delivered or failed event back to pending with fresh attempts. */
    public Future<Requeue> requeue(String eventId, Instant now) {
        return db.transaction(c -> {
            Optional<String[]> row = Sql.one(c, "SELECT body, dedup_key, status FROM inbox WHERE id=?",
                    r -> new String[]{r.getString(1), r.getString(2), r.getString(3)}, eventId);
            if (row.isEmpty()) {
                return new Requeue.Unknown();
            }
            if (PENDING.equals(row.get()[2])) {
                return new Requeue.AlreadyPending();
            }
            Sql.update(c, "UPDATE inbox SET status=?, attempts=0, next_attempt_at=?, last_error=NULL, finished_at=NULL"
                    + " WHERE id=?", PENDING, now.toEpochMilli(), eventId);
            return new Requeue.Requeued(new Pending(Event.fromJson(new JsonObject(row.get()[0]), row.get()[1]), 0, now, now));
        });
    }

    public record Counts(long pending, long retrying, long failed) {
    }

    public Future<Counts> counts() {
        return db.read(c -> new Counts(
                Sql.count(c, "SELECT COUNT(*) FROM inbox WHERE status=?", PENDING),
                Sql.count(c, "SELECT COUNT(*) FROM inbox WHERE status=? AND attempts > 0", PENDING),
                Sql.count(c, "SELECT COUNT(*) FROM inbox WHERE status=?", FAILED)));
    }

    private static void putCursor(Connection c, CursorMove cursor) throws SQLException {
        Sql.update(c, "INSERT INTO cursors (connection_id, name, value) VALUES (?,?,?)"
                        + " ON CONFLICT (connection_id, name) DO UPDATE SET value = excluded.value",
                cursor.connectionId(), cursor.name(), cursor.value());
    }
}
