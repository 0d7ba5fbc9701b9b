package dev.switchboard.store;

import dev.switchboard.core.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Replies waiting to go out, in the order they were queued per (connection, channel). */
public final class Outbox {
    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";

    private final Database db;

    public Outbox(Database db) {
        this.db = db;
    }

    public Future<Void> enqueue(String connectionId, Reply reply, Instant now) {
        return db.transaction(c -> {
            insert(c, connectionId, reply, now);
            return null;
        });
    }

    static void insert(Connection c, String connectionId, Reply reply, Instant now) throws SQLException {
        Sql.update(c, "INSERT INTO outbox (id, connection_id, channel, body, status, created_at) VALUES (?,?,?,?,?,?)",
                reply.id(), connectionId, channelOf(reply), reply.toJson().encode(), PENDING, now.toEpochMilli());
    }

    /** Replies to one channel go out one at a time, in order; a reply with no channel is its own channel. */
    public static String channelOf(Reply reply) {
        return reply.respondTo() != null ? reply.respondTo() : reply.id();
    }

    /** Every unsent reply, of every connection, in the order they were queued. */
    public Future<List<Reply>> pending() {
        return db.read(c -> Sql.list(c, "SELECT body FROM outbox WHERE status=? ORDER BY seq",
                r -> Reply.fromJson(new JsonObject(r.getString(1))), PENDING));
    }

    public Future<Void> sent(String replyId, Instant now) {
        return finish(replyId, SENT, null, now);
    }

    public Future<Void> failed(String replyId, String error, Instant now) {
        return finish(replyId, FAILED, error, now);
    }

    public Future<Void> attempted(String replyId, String error) {
        return db.transaction(c -> {
            Sql.update(c, "UPDATE outbox SET attempts=attempts+1, last_error=? WHERE id=?", error, replyId);
            return null;
        });
    }

    private Future<Void> finish(String replyId, String status, String error, Instant now) {
        return db.transaction(c -> {
            Sql.update(c, "UPDATE outbox SET status=?, attempts=attempts+1, last_error=?, finished_at=? WHERE id=?",
                    status, error, now.toEpochMilli(), replyId);
            return null;
        });
    }
}
