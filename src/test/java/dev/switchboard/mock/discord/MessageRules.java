package dev.switchboard.mock.discord;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The checks Discord applies to a message body, wherever one is sent: channel messages, interaction responses,
 * follow-ups and edits.
 */
final class MessageRules {

    static final int MAX_CONTENT = 2000;
    private static final int MAX_NONCE = 25;
    private static final int MAX_EMBEDS = 10;

    private MessageRules() {
    }

    /** A new message: valid fields and something to show. */
    static void checkNew(JsonObject body) {
        checkFields(body);
        if (!hasSomethingToShow(body)) {
            throw RestError.emptyMessage();
        }
    }

    /** An edit may leave every field out. */
    static void checkEdit(JsonObject body) {
        checkFields(body);
    }

    private static void checkFields(JsonObject body) {
        Object content = body.getValue("content");
        if (content != null && !(content instanceof String)) {
            throw RestError.invalidField("content", "BASE_TYPE_STRING", "This field must be a string.");
        }
        if (content instanceof String text && text.length() > MAX_CONTENT) {
            throw RestError.invalidField("content", "BASE_TYPE_MAX_LENGTH",
                    "Must be " + MAX_CONTENT + " or fewer in length.");
        }
        if (body.getValue("nonce") instanceof String nonce && nonce.length() > MAX_NONCE) {
            throw RestError.invalidField("nonce", "BASE_TYPE_MAX_LENGTH", "Must be " + MAX_NONCE + " or fewer in length.");
        }
        if (body.getValue("embeds") instanceof JsonArray embeds && embeds.size() > MAX_EMBEDS) {
            throw RestError.invalidField("embeds", "BASE_TYPE_MAX_LENGTH", "Must be " + MAX_EMBEDS + " or fewer in length.");
        }
    }

    private static boolean hasSomethingToShow(JsonObject body) {
        if (body.getValue("content") instanceof String text && !text.isBlank()) {
            return true;
        }
        for (String field : new String[] {"embeds", "sticker_ids", "components", "attachments"}) {
            if (body.getValue(field) instanceof JsonArray array && !array.isEmpty()) {
                return true;
            }
        }
        return body.getValue("poll") instanceof JsonObject;
    }
}
