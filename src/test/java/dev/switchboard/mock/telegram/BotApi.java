package dev.switchboard.mock.telegram;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Bot API methods of one bot, validated and answered the way Telegram does, against that bot's state.
 * Confined to the server's event loop.
 */
final class BotApi {

    private static final int MAX_TEXT_LENGTH = 4096;
    private static final int MAX_CALLBACK_TEXT_LENGTH = 200;
    private static final Pattern SECRET_TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    /** Lower-cased name to canonical name: Telegram matches method names case-insensitively. */
    private static final Map<String, String> METHODS = canonicalNames(
            "getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "sendMessage",
            "editMessageText", "sendChatAction", "answerCallbackQuery", "answerInlineQuery");

    private final MockBot bot;
    private final Map<Long, MockChat> chats;
    private final UpdateQueue updates;
    private final Webhook webhook;
    private final Faults faults;
    private final RateLimiter rateLimiter;
    private final OpenQueries queries;
    private final CallLog log;
    private final LatencyTracker latency;

    BotApi(MockBot bot, Map<Long, MockChat> chats, UpdateQueue updates, Webhook webhook, Faults faults,
           RateLimiter rateLimiter, OpenQueries queries, CallLog log, LatencyTracker latency) {
        this.bot = bot;
        this.chats = chats;
        this.updates = updates;
        this.webhook = webhook;
        this.faults = faults;
        this.rateLimiter = rateLimiter;
        this.queries = queries;
        this.log = log;
        this.latency = latency;
    }

    private static Map<String, String> canonicalNames(String... names) {
        Map<String, String> map = new HashMap<>();
        for (String name : names) {
            map.put(name.toLowerCase(Locale.ROOT), name);
        }
        return Map.copyOf(map);
    }

    /** Logs the call, applies any injected failure, then runs the method; the answer goes to the call. */
    void handle(ApiCall call) {
        log.call(call.method, call.record);
        String method = METHODS.get(call.method.toLowerCase(Locale.ROOT));
        if (method == null) {
            call.fail(TelegramError.notFound());
            return;
        }
        TelegramError injected = faults.takeFailure(method);
        if (injected != null) {
            call.fail(injected);
            return;
        }
        try {
            switch (method) {
                case "getUpdates" -> getUpdates(call);
                case "getMe" -> call.succeed(bot.user());
                case "setWebhook" -> call.succeed(setWebhook(call.params));
                case "deleteWebhook" -> call.succeed(deleteWebhook(call.params));
                case "getWebhookInfo" -> call.succeed(webhookInfo());
                case "sendMessage" -> call.succeed(sendMessage(call));
                case "editMessageText" -> call.succeed(editMessageText(call.params));
                case "sendChatAction" -> call.succeed(sendChatAction(call.params));
                case "answerCallbackQuery" -> call.succeed(answerCallbackQuery(call));
                case "answerInlineQuery" -> call.succeed(answerInlineQuery(call));
                default -> call.fail(TelegramError.notFound());
            }
        } catch (TelegramError e) {
            call.fail(e);
        }
    }

    // ---------------------------------------------------------------- updates and webhooks

    private void getUpdates(ApiCall call) {
        if (webhook.isActive()) {
            throw TelegramError.of(409, TelegramError.WEBHOOK_ACTIVE);
        }
        JsonObject p = call.params;
        if (p.getValue("allowed_updates") instanceof JsonArray allowed) {
            updates.setAllowedUpdates(allowed);
        }
        Long offset = RequestParams.asLong(p.getValue("offset"));
        if (offset != null) {
            updates.confirm(offset);
        }
        int limit = (int) clamp(RequestParams.longOr(p, "limit", 100), 1, 100);
        int timeout = (int) clamp(RequestParams.longOr(p, "timeout", 0), 0, Integer.MAX_VALUE / 1000);
        updates.poll(call, limit, timeout, faults.hangGetUpdates());
    }

    private boolean setWebhook(JsonObject p) {
        String url = RequestParams.string(p, "url");
        if (url.isEmpty()) {
            return deleteWebhook(p);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw TelegramError.badRequest("invalid webhook URL specified");
        }
        // plain http is accepted on purpose: the receivers under test listen on localhost without TLS
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw TelegramError.badRequest("bad webhook: An HTTPS URL must be provided for webhook");
        }
        String secret = RequestParams.string(p, "secret_token");
        if (!secret.isEmpty() && !SECRET_TOKEN.matcher(secret).matches()) {
            throw TelegramError.badRequest("secret token contains unallowed characters");
        }
        if (p.getValue("allowed_updates") instanceof JsonArray allowed) {
            updates.setAllowedUpdates(allowed);
        }
        if (RequestParams.asBoolean(p.getValue("drop_pending_updates"))) {
            updates.dropPending();
        }
        Long maxConnections = RequestParams.asLong(p.getValue("max_connections"));
        installWebhook(url, secret.isEmpty() ? null : secret, maxConnections == null ? null : maxConnections.intValue());
        return true;
    }

    /** Registers (or, for an empty url, removes) the webhook; a waiting long poll learns it lost the race. */
    void installWebhook(String url, String secret, Integer maxConnections) {
        if (url == null || url.isEmpty()) {
            webhook.delete();
            return;
        }
        updates.terminateHeldPoll(TelegramError.of(409, TelegramError.WEBHOOK_ACTIVE));
        webhook.set(url, secret, maxConnections);
    }

    private boolean deleteWebhook(JsonObject p) {
        webhook.delete();
        if (RequestParams.asBoolean(p.getValue("drop_pending_updates"))) {
            updates.dropPending();
        }
        return true;
    }

    JsonObject webhookInfo() {
        return webhook.info(updates.size(), updates.allowedUpdates());
    }

    // ---------------------------------------------------------------- messages

    private JsonObject sendMessage(ApiCall call) {
        JsonObject p = call.params;
        MockChat chat = writableChat(p);
        String text = validText(p);
        JsonObject replyTo = null;
        long replyChatId = chat.id;
        Long replyMessageId = null;
        Object replyParameters = p.getValue("reply_parameters");
        if (replyParameters instanceof JsonObject rp) {
            replyMessageId = RequestParams.asLong(rp.getValue("message_id"));
            Long otherChat = RequestParams.asLong(rp.getValue("chat_id"));
            replyChatId = otherChat != null ? otherChat : chat.id;
            MockChat replyChat = chats.get(replyChatId);
            if (replyMessageId != null && replyChat != null && replyChat.hasMessage(replyMessageId)) {
                replyTo = replyChat.message(replyMessageId.intValue()).copy();
                replyTo.remove("reply_to_message"); // Telegram does not nest replies further
            } else if (!RequestParams.asBoolean(rp.getValue("allow_sending_without_reply"))) {
                throw TelegramError.badRequest("message to be replied not found");
            }
        } else if (replyParameters != null) {
            throw TelegramError.badRequest("can't parse reply parameters JSON object");
        }
        // after validation, so rejected requests don't use up the chat's allowance
        int retryAfter = rateLimiter.acquire(chat.id, chat.isPrivate(), System.nanoTime());
        if (retryAfter > 0) {
            throw TelegramError.tooManyRequests(retryAfter);
        }

        JsonObject message = chat.newBotMessage(bot.asSender(), text);
        Long threadId = RequestParams.asLong(p.getValue("message_thread_id"));
        if (threadId != null) {
            message.put("message_thread_id", threadId);
        }
        if (replyTo != null) {
            message.put("reply_to_message", replyTo);
        }
        if (p.getValue("reply_markup") instanceof JsonObject markup && markup.containsKey("inline_keyboard")) {
            message.put("reply_markup", markup);
        }
        chat.remember(message, true);

        call.record.put("_message_id", message.getInteger("message_id"));
        log.sentMessage(call.record);
        if (replyMessageId != null) {
            latency.replied(bot.token(), replyChatId, replyMessageId);
        }
        return message;
    }

    private JsonObject editMessageText(JsonObject p) {
        MockChat chat = writableChat(p);
        Long messageId = RequestParams.asLong(p.getValue("message_id"));
        if (messageId == null || !chat.hasMessage(messageId)) {
            throw TelegramError.badRequest("message to edit not found");
        }
        String text = validText(p);
        JsonObject current = chat.message(messageId.intValue());
        JsonObject from = current.getJsonObject("from");
        if (from == null || from.getLong("id", 0L) != bot.id()) {
            throw TelegramError.badRequest("message can't be edited");
        }
        if (text.equals(current.getString("text"))) {
            throw TelegramError.badRequest("message is not modified: specified new message content and reply markup"
                    + " are exactly the same as a current content and reply markup of the message");
        }
        JsonObject edited = current.copy().put("text", text).put("edit_date", MockChat.unixNow());
        chat.remember(edited, false);
        return edited;
    }

    private boolean sendChatAction(JsonObject p) {
        writableChat(p);
        return true;
    }

    /** The chat a sending method targets, once chat_id, migration, known-chat and blocked checks pass. */
    private MockChat writableChat(JsonObject p) {
        Object raw = p.getValue("chat_id");
        if (raw == null || "".equals(raw)) {
            throw TelegramError.badRequest("chat_id is empty");
        }
        Long chatId = RequestParams.asLong(raw);
        if (chatId == null) {
            throw TelegramError.badRequest("chat not found");
        }
        Long migratedTo = faults.migratedTo(chatId);
        if (migratedTo != null) {
            throw TelegramError.migrated(migratedTo);
        }
        MockChat chat = chats.get(chatId);
        if (chat == null) {
            throw TelegramError.badRequest("chat not found");
        }
        if (faults.isBlocked(chatId)) {
            throw TelegramError.of(403, "Forbidden: bot was blocked by the user");
        }
        return chat;
    }

    private static String validText(JsonObject p) {
        String text = RequestParams.string(p, "text");
        if (text.isBlank()) {
            throw TelegramError.badRequest("message text is empty");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw TelegramError.badRequest("message is too long");
        }
        return text;
    }

    // ---------------------------------------------------------------- queries

    private boolean answerCallbackQuery(ApiCall call) {
        if (RequestParams.string(call.params, "text").length() > MAX_CALLBACK_TEXT_LENGTH) {
            throw TelegramError.badRequest("message is too long");
        }
        if (!queries.answerCallback(RequestParams.string(call.params, "callback_query_id"))) {
            throw TelegramError.of(400, TelegramError.QUERY_TOO_OLD);
        }
        log.callbackAnswer(call.record);
        return true;
    }

    private boolean answerInlineQuery(ApiCall call) {
        if (!(call.params.getValue("results") instanceof JsonArray)) {
            throw TelegramError.badRequest("can't parse inline query results JSON object");
        }
        if (!queries.answerInline(RequestParams.string(call.params, "inline_query_id"))) {
            throw TelegramError.of(400, TelegramError.QUERY_TOO_OLD);
        }
        log.inlineAnswer(call.record);
        return true;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
