package dev.switchboard.platform.telegram;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Event;
import dev.switchboard.core.Ids;
import dev.switchboard.core.Platform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Turns Bot API updates into SPEC §3.1 events: the only place that knows Telegram's update JSON. */
final class TelegramEvents {
    private static final List<String> MESSAGE_KINDS = List.of("message", "edited_message", "channel_post");
    private static final List<String> ALL_KINDS = List.of("message", "edited_message", "channel_post", "callback_query",
            "inline_query");

    private TelegramEvents() {
    }

    /** The update kinds to ask Telegram for: those the connection's filter lets through. */
    static JsonArray allowedUpdates(Connection connection) {
        return new JsonArray(ALL_KINDS.stream().filter(connection::accepts).toList());
    }

    /**
     * The event for one update, or empty when it is of a kind Switchboard does not forward or was
     * sent by the bot itself.
     */
    static Optional<Event> normalize(JsonObject update, Connection connection, long botId, Instant receivedAt) {
        long updateId = update.getLong("update_id");
        String dedupKey = botId + ":" + updateId;
        for (String kind : MESSAGE_KINDS) {
            JsonObject message = update.getJsonObject(kind);
            if (message != null) {
                return fromMessage(kind, message, update, connection, botId, dedupKey);
            }
        }
        JsonObject callback = update.getJsonObject("callback_query");
        if (callback != null) {
            JsonObject from = callback.getJsonObject("from", new JsonObject());
            JsonObject message = callback.getJsonObject("message");
            String chatId = message == null ? String.valueOf(from.getLong("id"))
                    : String.valueOf(message.getJsonObject("chat", new JsonObject()).getLong("id"));
            return Optional.of(event("callback_query", update, connection, receivedAt, chatId, callback.getString("id"),
                    callback.getString("data"), user(from), dedupKey));
        }
        JsonObject inline = update.getJsonObject("inline_query");
        if (inline != null) {
            JsonObject from = inline.getJsonObject("from", new JsonObject());
            return Optional.of(event("inline_query", update, connection, receivedAt, String.valueOf(from.getLong("id")),
                    inline.getString("id"), inline.getString("query"), user(from), dedupKey));
        }
        return Optional.empty();
    }

    private static Optional<Event> fromMessage(String kind, JsonObject message, JsonObject update, Connection connection,
                                               long botId, String dedupKey) {
        JsonObject from = message.getJsonObject("from");
        if (from != null && from.getLong("id", 0L) == botId) {
            return Optional.empty();
        }
        JsonObject chat = message.getJsonObject("chat", new JsonObject());
        Long seconds = message.getLong("edit_date", message.getLong("date"));
        Instant at = seconds == null ? Instant.now() : Instant.ofEpochSecond(seconds);
        Event.User user = from != null ? user(from) : new Event.User(String.valueOf(chat.getLong("id")),
                chat.getString("title", chat.getString("username")));
        String text = message.getString("text") != null ? message.getString("text") : message.getString("caption");
        return Optional.of(event(kind, update, connection, at, String.valueOf(chat.getLong("id")),
                String.valueOf(message.getLong("message_id")), text, user, dedupKey));
    }

    private static Event event(String type, JsonObject update, Connection connection, Instant at, String respondTo,
                               String replyToken, String text, Event.User user, String dedupKey) {
        return new Event(Ids.next("evt"), type, Platform.TELEGRAM, connection.id(), connection.agentId(), at, update,
                respondTo, replyToken, "telegram:" + connection.id() + ":" + respondTo, text, user, dedupKey);
    }

    private static Event.User user(JsonObject from) {
        String name = from.getString("first_name", "");
        if (from.getString("last_name") != null) {
            name = name + " " + from.getString("last_name");
        }
        if (name.isBlank()) {
            name = from.getString("username");
        }
        return new Event.User(String.valueOf(from.getLong("id")), name);
    }
}
