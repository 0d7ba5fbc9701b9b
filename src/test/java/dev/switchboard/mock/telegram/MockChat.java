package dev.switchboard.mock.telegram;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chat a bot knows about: its Chat object, its message_id counter (shared by pushed and sent messages, since
 * Telegram numbers messages per chat) and the most recent messages, kept for reply_to_message and callback queries.
 */
final class MockChat {

    private static final int RECENT_MESSAGES = 1_000;

    final long id;
    final JsonObject json;
    private int nextMessageId = 1;
    private JsonObject lastBotMessage;
    private final Map<Integer, JsonObject> recent = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, JsonObject> eldest) {
            return size() > RECENT_MESSAGES;
        }
    };

    MockChat(JsonObject json) {
        this.id = json.getLong("id");
        this.json = json.copy();
    }

    static MockChat synthetic(long id, String type) {
        JsonObject json = new JsonObject().put("id", id).put("type", type);
        if (type.equals("private")) {
            json.put("first_name", "User" + id).put("username", "user" + id);
        } else {
            json.put("title", "Chat " + id);
        }
        return new MockChat(json);
    }

    /** Private for positive ids, a supergroup for the -100… range, a basic group otherwise. */
    static String typeForId(long id) {
        if (id > 0) {
            return "private";
        }
        return id <= -1_000_000_000_000L ? "supergroup" : "group";
    }

    String type() {
        return json.getString("type", "private");
    }

    boolean isPrivate() {
        return type().equals("private");
    }

    int allocateMessageId() {
        return nextMessageId++;
    }

    /** A new message from the bot in this chat, numbered but not yet remembered. */
    JsonObject newBotMessage(JsonObject botFrom, String text) {
        return new JsonObject()
                .put("message_id", allocateMessageId())
                .put("from", botFrom.copy())
                .put("chat", json.copy())
                .put("date", unixNow())
                .put("text", text);
    }

    static long unixNow() {
        return System.currentTimeMillis() / 1000;
    }

    /** Records a message, keeping the counter ahead of ids chosen by a test. */
    void remember(JsonObject message, boolean fromBot) {
        int messageId = message.getInteger("message_id");
        nextMessageId = Math.max(nextMessageId, messageId + 1);
        recent.put(messageId, message);
        if (fromBot) {
            lastBotMessage = message;
        }
    }

    /** Ids are handed out in sequence and never deleted, so anything already numbered exists. */
    boolean hasMessage(long messageId) {
        return messageId >= 1 && messageId < nextMessageId;
    }

    /** The stored message, or a minimal stand-in once it has aged out of the recent window. */
    JsonObject message(int messageId) {
        JsonObject message = recent.get(messageId);
        return message != null ? message
                : new JsonObject().put("message_id", messageId).put("chat", json.copy()).put("date", 0);
    }

    JsonObject lastBotMessage() {
        return lastBotMessage;
    }
}
