package dev.switchboard.store;

import dev.switchboard.core.Conversation;
import dev.switchboard.core.Message;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Conversations, who takes part in them, their messages and read receipts. */
public final class ConversationStore {
    private static final String COLUMNS = "id, agent_id, title, status, kind, created_at, updated_at";
    /**
     * A conversation as read, from {@code conversations c}: its last activity is its latest message,
     * else when it was opened. Appends write no conversation row: under load that update cost as much
     * as the messages themselves.
     */
    private static final String SELECTED = "c.id, c.agent_id, c.title, c.status, c.kind, c.created_at,"
            + " COALESCE((SELECT m.created_at FROM messages m WHERE m.conversation_id = c.id ORDER BY m.seq DESC LIMIT 1),"
            + " c.updated_at) AS last_activity";

    private final Database db;
    private final GroupCommit<Message> appends;

    public ConversationStore(Database db) {
        this.db = db;
        this.appends = new GroupCommit<>(db, ConversationStore::appendAll);
    }

    /** The agent's main conversation, created (with the agent as participant) the first time it is asked for. */
    public Future<Conversation> mainOf(String agentId, Instant now) {
        return db.transaction(c -> {
            Conversation candidate = Conversation.mainOf(agentId, now);
            // the unique index on (agent_id) WHERE kind='main' settles a race between two first connects
            if (insertIfAbsent(c, candidate)) {
                join(c, candidate.id(), agentId, "agent", now);
            }
            return Sql.one(c, "SELECT " + SELECTED + " FROM conversations c WHERE c.agent_id=? AND c.kind=?",
                    ConversationStore::conversation, agentId, Conversation.Kind.MAIN.wireName()).orElseThrow();
        });
    }

    /**
     * A platform event's message in its chat's conversation, which is created on first use: stored
     * once however often the event is delivered, and the event becomes what an agent's answer in
     * that conversation replies to ({@link #replyTarget}).
     */
    public Future<Message> appendPlatform(Conversation chat, Message message, JsonObject replyTarget) {
        long at = message.createdAt().toEpochMilli();
        return db.transaction(c -> {
            if (insertIfAbsent(c, chat)) {
                join(c, chat.id(), chat.agentId(), "agent", chat.createdAt());
            }
            Sql.update(c, "INSERT INTO messages (id, conversation_id, body, created_at) VALUES (?,?,?,?)"
                    + " ON CONFLICT (id) DO NOTHING", message.id(), chat.id(), message.encoded(), at);
            Sql.update(c, "UPDATE conversations SET reply_target=? WHERE id=?", replyTarget.encode(), chat.id());
            return message;
        });
    }

    /** What an answer in the conversation replies to: its latest platform event; empty for a hub conversation. */
    public Future<Optional<JsonObject>> replyTarget(String conversationId) {
        return db.read(c -> Sql.list(c, "SELECT reply_target FROM conversations WHERE id=? AND reply_target IS NOT NULL",
                row -> new JsonObject(row.getString(1)), conversationId).stream().findFirst());
    }

    /** A new conversation with its first participant. */
    public Future<Conversation> open(Conversation conversation, String participantId, String type) {
        return db.transaction(c -> {
            insertIfAbsent(c, conversation);
            join(c, conversation.id(), participantId, type, conversation.createdAt());
            return conversation;
        });
    }

    public Future<Optional<Conversation>> find(String id) {
        return db.read(c -> find(c, id));
    }

    /** Newest activity first; {@code agentId} and {@code participantId} narrow the list when given. */
    public Future<List<Conversation>> list(String agentId, String participantId, int limit) {
        return db.read(c -> Sql.list(c, "SELECT " + SELECTED + " FROM conversations c"
                        + " WHERE (CAST(? AS TEXT) IS NULL OR c.agent_id = ?)"
                        + " AND (CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM participants p"
                        + " WHERE p.conversation_id = c.id AND p.participant_id = ?))"
                        + " ORDER BY last_activity DESC, c.id LIMIT ?", ConversationStore::conversation,
                agentId, agentId, participantId, participantId, limit));
    }

    /** Adds a participant; nothing happens when it already takes part. */
    public Future<Void> join(String conversationId, String participantId, String type, Instant now) {
        return db.transaction(c -> {
            join(c, conversationId, participantId, type, now);
            return null;
        });
    }

    public Future<Boolean> isParticipant(String conversationId, String participantId) {
        return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM participants WHERE conversation_id=? AND participant_id=?",
                conversationId, participantId) > 0);
    }

    /**
     * Stores the message; it is its conversation's latest activity from then on. Its JSON text is
     * written here, on the caller's event loop: the store's one writer thread is the busier.
     */
    public Future<Message> append(Message message) {
        message.encoded();
        return appends.add(message).map(message);
    }

    private static void appendAll(Connection c, List<Message> messages) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO messages (id, conversation_id, body, created_at) VALUES (?,?,?,?)")) {
            for (Message message : messages) {
                insert.setString(1, message.id());
                insert.setString(2, message.conversationId());
                insert.setString(3, message.encoded());
                insert.setLong(4, message.createdAt().toEpochMilli());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Newest first, older than {@code beforeMessageId} when given. */
    public Future<List<Message>> messages(String conversationId, String beforeMessageId, int limit) {
        return db.read(c -> Sql.list(c, "SELECT body, created_at FROM messages WHERE conversation_id=?"
                        + " AND (CAST(? AS TEXT) IS NULL OR seq < (SELECT seq FROM messages WHERE id=?))"
                        + " ORDER BY seq DESC LIMIT ?", row -> Message.stored(row.getString(1), Instant.ofEpochMilli(row.getLong(2))),
                conversationId, beforeMessageId, beforeMessageId, limit));
    }

    /** The most recent messages in the order they were written: a model's context. */
    public Future<List<Message>> recent(String conversationId, int limit) {
        return messages(conversationId, null, limit).map(newestFirst -> newestFirst.reversed());
    }

    public Future<Boolean> hasMessage(String conversationId, String messageId) {
        return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM messages WHERE conversation_id=? AND id=?",
                conversationId, messageId) > 0);
    }

    public Future<Void> markRead(String conversationId, String participantId, String messageId, Instant now) {
        return db.transaction(c -> {
            Sql.update(c, "INSERT INTO read_receipts (conversation_id, participant_id, message_id, read_at) VALUES (?,?,?,?)"
                            + " ON CONFLICT (conversation_id, participant_id) DO UPDATE SET message_id = excluded.message_id,"
                            + " read_at = excluded.read_at", conversationId, participantId, messageId, now.toEpochMilli());
            return null;
        });
    }

    /** participant id → the last message it read. */
    public Future<JsonObject> readReceipts(String conversationId) {
        return db.read(c -> {
            JsonObject receipts = new JsonObject();
            Sql.list(c, "SELECT participant_id, message_id FROM read_receipts WHERE conversation_id=?",
                    row -> receipts.put(row.getString(1), row.getString(2)), conversationId);
            return receipts;
        });
    }

    /** For /stats: every stored message. */
    public Future<Long> messageCount() {
        return db.read(c -> Sql.count(c, "SELECT COUNT(*) FROM messages"));
    }

    private static Optional<Conversation> find(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + SELECTED + " FROM conversations c WHERE c.id=?", ConversationStore::conversation, id);
    }

    private static boolean insertIfAbsent(Connection c, Conversation conv) throws SQLException {
        return Sql.update(c, "INSERT INTO conversations (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                conv.id(), conv.agentId(), conv.title(), conv.status(), conv.kind().wireName(),
                conv.createdAt().toEpochMilli(), conv.updatedAt().toEpochMilli()) == 1;
    }

    private static void join(Connection c, String conversationId, String participantId, String type, Instant now)
            throws SQLException {
        Sql.update(c, "INSERT INTO participants (conversation_id, participant_id, type, joined_at) VALUES (?,?,?,?)"
                + " ON CONFLICT (conversation_id, participant_id) DO NOTHING", conversationId, participantId, type,
                now.toEpochMilli());
    }

    private static Conversation conversation(ResultSet r) throws SQLException {
        return new Conversation(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                Conversation.Kind.fromWire(r.getString(5)), Instant.ofEpochMilli(r.getLong(6)),
                Instant.ofEpochMilli(r.getLong(7)));
    }
}
