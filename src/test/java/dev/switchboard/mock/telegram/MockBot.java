package dev.switchboard.mock.telegram;

import dev.switchboard.mock.ServerLoop;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One bot of the mock Telegram server, as tests see it: push updates in, read back what the client did, and flip
 * fault switches. Holds the bot's state (update queue and long polls, webhook, chats, open queries, call log,
 * faults, rate limits); {@link BotApi} answers the Bot API calls against it.
 *
 * <p>All state is owned by the server's event loop. The public methods may be called from any thread (typically
 * the JUnit thread): they run on that loop and wait for the result. Returned objects and lists are copies.
 */
public final class MockBot {

    private static final Set<String> MESSAGE_TYPES = Set.of(
            "message", "edited_message", "channel_post", "edited_channel_post",
            "business_message", "edited_business_message");

    private final String token;
    private final long id;
    private final String username;
    private final ServerLoop loop;
    private final LatencyTracker latency;
    private final Map<Long, MockChat> chats = new HashMap<>();
    private final UpdateQueue updates;
    private final Webhook webhook;
    private final Faults faults = new Faults();
    private final RateLimiter rateLimiter = new RateLimiter();
    private final OpenQueries queries = new OpenQueries();
    private final CallLog log = new CallLog();
    private final BotApi api;
    private long querySequence;

    MockBot(String token, long id, String username, ServerLoop loop, Vertx vertx, HttpClient webhookClient,
            LatencyTracker latency) {
        this.token = token;
        this.id = id;
        this.username = username;
        this.loop = loop;
        this.latency = latency;
        this.updates = new UpdateQueue(vertx);
        this.webhook = new Webhook(vertx, webhookClient, updates);
        updates.onUpdate(webhook::deliverNext);
        this.api = new BotApi(this, chats, updates, webhook, faults, rateLimiter, queries, log, latency);
    }

    // ---------------------------------------------------------------- identity

    public String token() {
        return token;
    }

    public long id() {
        return id;
    }

    public String username() {
        return username;
    }

    /** The User object getMe returns. */
    public JsonObject user() {
        return asSender()
                .put("can_join_groups", true)
                .put("can_read_all_group_messages", false)
                .put("supports_inline_queries", true);
    }

    /** The bot as the {@code from} of its own messages. */
    JsonObject asSender() {
        return new JsonObject().put("id", id).put("is_bot", true).put("first_name", username).put("username", username);
    }

    // ---------------------------------------------------------------- pushing updates

    /**
     * Pushes a text message from a user. The chat is created with the given type if unknown.
     *
     * @return the queued Update, or (without update_id) the one allowed_updates kept out of the queue
     */
    public JsonObject pushMessage(long chatId, String chatType, long fromUserId, String text) {
        return loop.call(() -> {
            MockChat chat = chats.computeIfAbsent(chatId, cid -> MockChat.synthetic(cid, chatType));
            JsonObject message = new JsonObject()
                    .put("message_id", chat.allocateMessageId())
                    .put("from", userJson(fromUserId))
                    .put("chat", chat.json.copy())
                    .put("date", MockChat.unixNow())
                    .put("text", text);
            return enqueue(new JsonObject().put("message", message));
        });
    }

    /**
     * Pushes any Update (e.g. {@code {"edited_message": {...}}}): update_id is assigned, chats inside become known,
     * messages lacking message_id or date get them, and callback or inline query ids become answerable.
     */
    public JsonObject pushUpdate(JsonObject update) {
        JsonObject copy = update.copy();
        return loop.call(() -> enqueue(copy));
    }

    /**
     * Pushes a callback query on the bot's latest message in that chat, or on a synthetic bot message if it has
     * sent none there. Unknown chats are created (private for positive ids, groups for negative ones).
     */
    public JsonObject pushCallbackQuery(long chatId, long fromUserId, String data) {
        return loop.call(() -> {
            MockChat chat = chats.computeIfAbsent(chatId, cid -> MockChat.synthetic(cid, MockChat.typeForId(cid)));
            JsonObject message = chat.lastBotMessage();
            if (message == null) {
                message = chat.newBotMessage(asSender(), "(message with inline keyboard)");
                chat.remember(message, true);
            }
            JsonObject query = new JsonObject()
                    .put("id", nextQueryId())
                    .put("from", userJson(fromUserId))
                    .put("message", message.copy())
                    .put("chat_instance", Long.toString(Math.abs(chatId * 31 + id)))
                    .put("data", data);
            return enqueue(new JsonObject().put("callback_query", query));
        });
    }

    public JsonObject pushInlineQuery(long fromUserId, String query) {
        return loop.call(() -> {
            JsonObject inline = new JsonObject()
                    .put("id", nextQueryId())
                    .put("from", userJson(fromUserId))
                    .put("query", query)
                    .put("offset", "")
                    .put("chat_type", "sender");
            return enqueue(new JsonObject().put("inline_query", inline));
        });
    }

    /** Makes a chat known without pushing anything, so sendMessage to it succeeds. */
    public void addChat(long chatId, String type) {
        loop.run(() -> chats.computeIfAbsent(chatId, cid -> MockChat.synthetic(cid, type)));
    }

    public boolean knowsChat(long chatId) {
        return loop.call(() -> chats.containsKey(chatId));
    }

    /** The id the next update gets; Telegram may jump to a random one after a quiet week. */
    public void setNextUpdateId(long nextUpdateId) {
        loop.run(() -> updates.setNextUpdateId(nextUpdateId));
    }

    // ---------------------------------------------------------------- what the client did

    /** Successful sendMessage calls in order: their params plus _status, _at and _message_id. */
    public List<JsonObject> sentMessages() {
        return loop.call(log::sentMessages);
    }

    /**
     * Every call of a method (name in any case), failed ones included: params plus _at, _status once answered,
     * and _abandoned if the client left before the answer.
     */
    public List<JsonObject> calls(String method) {
        return loop.call(() -> log.calls(method));
    }

    public int callCount(String method) {
        return loop.call(() -> log.count(method));
    }

    /** Successful sendMessage calls, counted even beyond what {@link #sentMessages()} keeps. */
    public long sentMessageCount() {
        return loop.call(log::sentMessageCount);
    }

    public List<JsonObject> callbackAnswers() {
        return loop.call(log::callbackAnswers);
    }

    public List<JsonObject> inlineAnswers() {
        return loop.call(log::inlineAnswers);
    }

    /** Updates below this id have been confirmed and will never be returned again. */
    public long confirmedOffset() {
        return loop.call(updates::confirmedOffset);
    }

    public int pendingCount() {
        return loop.call(updates::size);
    }

    /** The unconfirmed updates, oldest first. */
    public List<JsonObject> pendingUpdates() {
        return loop.call(() -> {
            List<JsonObject> list = new ArrayList<>();
            updates.snapshot().forEach(u -> list.add((JsonObject) u));
            return list;
        });
    }

    /** True while a getUpdates request is being held (a hung one included). */
    public boolean isPolling() {
        return activePolls() > 0;
    }

    public int activePolls() {
        return loop.call(updates::activePolls);
    }

    /** The webhook URL, or "" while the bot is polling. */
    public String webhookUrl() {
        return loop.call(webhook::url);
    }

    /** The secret_token of the current webhook, or null. */
    public String webhookSecret() {
        return loop.call(webhook::secret);
    }

    /** Webhook POSTs made so far, retries included. */
    public int webhookAttempts() {
        return loop.call(webhook::attempts);
    }

    /** What getWebhookInfo would return now. */
    public JsonObject webhookInfo() {
        return loop.call(api::webhookInfo);
    }

    // ---------------------------------------------------------------- switches

    /** Fails the next {@code count} calls of a method ("*" for any) with this status and description. */
    public void failNext(String method, int count, int status, String description) {
        loop.run(() -> faults.failNext(method, count, status, description, null));
    }

    /** As {@link #failNext(String, int, int, String)}, adding {@code parameters.retry_after}. */
    public void failNext(String method, int count, int status, String description, int retryAfterSeconds) {
        loop.run(() -> faults.failNext(method, count, status, description, retryAfterSeconds));
    }

    /** The next {@code count} calls of any method get 502 Bad Gateway. */
    public void badGatewayBurst(int count) {
        failNext(Faults.ANY_METHOD, count, 502, "Bad Gateway");
    }

    /** While on, getUpdates requests are held and never answered, until the client gives up. */
    public void hangGetUpdates(boolean hang) {
        loop.run(() -> faults.hangGetUpdates(hang));
    }

    /** sendMessage (and sendChatAction, editMessageText) to this chat get 403 "bot was blocked by the user". */
    public void blockChat(long chatId) {
        loop.run(() -> faults.block(chatId, true));
    }

    public void unblockChat(long chatId) {
        loop.run(() -> faults.block(chatId, false));
    }

    /** Sending to the old id gets 400 with migrate_to_chat_id; the new supergroup becomes known. */
    public void migrateChat(long oldChatId, long newChatId) {
        loop.run(() -> {
            faults.migrate(oldChatId, newChatId);
            MockChat old = chats.get(oldChatId);
            String title = old != null ? old.json.getString("title", "Chat " + newChatId) : "Chat " + newChatId;
            chats.putIfAbsent(newChatId, new MockChat(
                    new JsonObject().put("id", newChatId).put("type", "supergroup").put("title", title)));
        });
    }

    /** Removes every fault switch: fail rules, hang, blocked and migrated chats. */
    public void clearFaults() {
        loop.run(faults::clear);
    }

    /** Rate limits on sendMessage; {@link RateLimits#OFF} (the default) disables them. */
    public void setRateLimits(RateLimits limits) {
        loop.run(() -> rateLimiter.configure(limits));
    }

    /** Registers a webhook as if another system had called setWebhook with this token. */
    public void setWebhookExternally(String url) {
        setWebhookExternally(url, null);
    }

    public void setWebhookExternally(String url, String secretToken) {
        loop.run(() -> api.installWebhook(url, secretToken, null));
    }

    /** How long the pusher waits before retrying a failed delivery (default 200 ms). */
    public void setWebhookRetryDelay(Duration delay) {
        loop.run(() -> webhook.setRetryDelay(delay));
    }

    /** How long a callback query stays answerable (default 15 s). */
    public void setCallbackAnswerWindow(Duration window) {
        loop.run(() -> queries.setCallbackWindow(window));
    }

    // ---------------------------------------------------------------- event loop only

    void handle(ApiCall call) {
        api.handle(call);
    }

    /** Stops the bot's polls (answering them with {@code error} if given) and its webhook pusher. */
    void shutdown(TelegramError error) {
        updates.close(error);
        webhook.delete();
        latency.forgetBot(token);
    }

    /**
     * Learns chats, numbers messages, opens queries for answering, queues the update and starts latency tracking
     * for new messages.
     */
    private JsonObject enqueue(JsonObject update) {
        update.remove("update_id");
        for (String field : update.fieldNames()) {
            if (update.getValue(field) instanceof JsonObject payload) {
                learnChats(payload, 0);
            }
        }
        String type = UpdateQueue.typeOf(update);
        JsonObject payload = update.getValue(type) instanceof JsonObject p ? p : new JsonObject();
        MockChat chat = MESSAGE_TYPES.contains(type) ? chatOf(payload) : null;
        if (chat != null) {
            if (!payload.containsKey("message_id")) {
                payload.put("message_id", chat.allocateMessageId());
            }
            if (!payload.containsKey("date")) {
                payload.put("date", MockChat.unixNow());
            }
            chat.remember(payload, false);
        }
        if (payload.getValue("id") != null) {
            String queryId = String.valueOf(payload.getValue("id"));
            if (type.equals("callback_query")) {
                queries.openCallback(queryId);
            } else if (type.equals("inline_query")) {
                queries.openInline(queryId);
            }
        }

        JsonObject queued = updates.offer(update);
        if (queued == null) {
            return update.copy();
        }
        if (chat != null && type.equals("message")) {
            latency.messagePushed(token, chat.id, payload.getLong("message_id"));
        }
        return queued.copy();
    }

    /** Registers every chat a payload mentions, looking into the message fields that embed one. */
    private void learnChats(JsonObject payload, int depth) {
        if (payload.getValue("chat") instanceof JsonObject chat) {
            Long chatId = RequestParams.asLong(chat.getValue("id"));
            if (chatId != null) {
                chats.computeIfAbsent(chatId, cid -> new MockChat(chat.copy().put("id", cid)));
            }
        }
        if (depth < 3) {
            for (String nested : List.of("message", "reply_to_message", "pinned_message")) {
                if (payload.getValue(nested) instanceof JsonObject inner) {
                    learnChats(inner, depth + 1);
                }
            }
        }
    }

    private MockChat chatOf(JsonObject message) {
        if (message.getValue("chat") instanceof JsonObject chat) {
            Long chatId = RequestParams.asLong(chat.getValue("id"));
            return chatId == null ? null : chats.get(chatId);
        }
        return null;
    }

    private static JsonObject userJson(long userId) {
        return new JsonObject()
                .put("id", userId)
                .put("is_bot", false)
                .put("first_name", "User" + userId)
                .put("username", "user" + userId)
                .put("language_code", "en");
    }

    private String nextQueryId() {
        return Long.toUnsignedString(id) + String.format("%08d", ++querySequence);
    }
}
