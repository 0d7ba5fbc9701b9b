package dev.switchboard.platform.telegram;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Platform;
import dev.switchboard.core.Reply;
import dev.switchboard.platform.Connector;
import dev.switchboard.platform.Inlet;
import dev.switchboard.platform.PlatformException;
import dev.switchboard.platform.PlatformSession;
import dev.switchboard.platform.TokenBucket;
import dev.switchboard.store.Inbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The Telegram adapter: polling or webhook sessions, and replies through the Bot API. */
public final class TelegramConnector implements Connector {
    /** Bot API limits (PLATFORMS.md §3.5, §3.6). */
    static final int MAX_MESSAGE = 4096;
    static final int MAX_CALLBACK_TEXT = 200;
    private static final Pattern TOKEN = Pattern.compile("[0-9]+:[A-Za-z0-9_-]+");

    private final TelegramApi api;
    private final Inbox inbox;
    private final TelegramWebhookEndpoint webhooks;
    private final Optional<URI> publicUrl;
    private final Clock clock;
    private final int pollTimeoutSeconds;
    private final Vertx vertx;
    private final double sendsPerSecond;
    /** Telegram allows a bot about 30 messages a second overall (PLATFORMS.md §3.9): one bucket per bot token. */
    private final Map<String, TokenBucket> sendRates = new ConcurrentHashMap<>();

    public TelegramConnector(Vertx vertx, TelegramApi api, Inbox inbox, TelegramWebhookEndpoint webhooks,
                             Optional<URI> publicUrl, Clock clock, int pollTimeoutSeconds, double sendsPerSecond) {
        this.vertx = vertx;
        this.sendsPerSecond = sendsPerSecond;
        this.api = api;
        this.inbox = inbox;
        this.webhooks = webhooks;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.pollTimeoutSeconds = pollTimeoutSeconds;
    }

    @Override
    public Platform platform() {
        return Platform.TELEGRAM;
    }

    @Override
    public Map<String, String> validate(Connection connection) {
        Map<String, String> problems = new LinkedHashMap<>();
        Optional<String> token = connection.setting("telegramBotToken");
        if (token.isEmpty()) {
            problems.put("config.telegramBotToken", "required for platform telegram");
        } else if (!TOKEN.matcher(token.get()).matches()) {
            problems.put("config.telegramBotToken", "expected the form 123456:ABC-DEF... from @BotFather");
        }
        String mode = connection.setting("telegramMode").orElse("polling");
        if (!mode.equals("polling") && !mode.equals("webhook")) {
            problems.put("config.telegramMode", "must be polling or webhook");
        } else if (mode.equals("webhook") && publicUrl.isEmpty()) {
            problems.put("config.telegramMode", "webhook mode needs PUBLIC_URL to be set on the gateway");
        }
        return problems;
    }

    @Override
    public PlatformSession open(Connection connection, Inlet inlet) {
        if ("webhook".equals(connection.setting("telegramMode").orElse("polling"))) {
            TelegramWebhook session = new TelegramWebhook(api, connection, inlet, webhooks, publicUrl.orElseThrow(), clock);
            session.start();
            return session;
        }
        TelegramPolling session = new TelegramPolling(api, connection, inlet, inbox, clock, pollTimeoutSeconds);
        session.start();
        return session;
    }

    /**
     * Answers go where Telegram expects them: callback queries through answerCallbackQuery, inline
     * queries through answerInlineQuery, everything else as a message replying to the event's message.
     */
    @Override
    public Future<Void> send(Connection connection, Reply reply) {
        String token = connection.requiredSetting("telegramBotToken");
        long wait = sendRates.computeIfAbsent(token, t -> new TokenBucket(sendsPerSecond, sendsPerSecond, clock))
                .reserve().toMillis();
        return wait == 0 ? sendNow(token, reply) : vertx.timer(wait).compose(v -> sendNow(token, reply));
    }

    private Future<Void> sendNow(String token, Reply reply) {
        Future<Object> sent;
        if ("callback_query".equals(reply.inReplyTo())) {
            sent = api.call(token, "answerCallbackQuery", new JsonObject()
                    .put("callback_query_id", reply.replyToken())
                    .put("text", truncate(reply.text(), MAX_CALLBACK_TEXT)));
        } else if ("inline_query".equals(reply.inReplyTo())) {
            sent = api.call(token, "answerInlineQuery", new JsonObject()
                    .put("inline_query_id", reply.replyToken())
                    .put("cache_time", 0)
                    .put("results", new JsonArray().add(new JsonObject()
                            .put("type", "article").put("id", reply.id())
                            .put("title", truncate(reply.text(), 64))
                            .put("input_message_content", new JsonObject()
                                    .put("message_text", truncate(reply.text(), MAX_MESSAGE))))));
        } else {
            sent = sendMessage(token, reply.respondTo(), reply.replyToken(), reply.text(), true);
        }
        return sent.recover(failure -> Future.failedFuture(TelegramApi.classify(failure))).mapEmpty();
    }

    /** Long answers are split at the API's limit; only the first part is marked as the reply. */
    private Future<Object> sendMessage(String token, String chatId, String replyTo, String text, boolean mayMigrate) {
        if (chatId == null) {
            return Future.failedFuture(PlatformException.rejected("a Telegram reply needs respondTo (the chat id)"));
        }
        Future<Object> chain = Future.succeededFuture();
        for (int start = 0; start < Math.max(1, text.length()); start += MAX_MESSAGE) {
            JsonObject params = new JsonObject().put("chat_id", chatId)
                    .put("text", text.substring(start, Math.min(text.length(), start + MAX_MESSAGE)));
            if (start == 0 && replyTo != null && replyTo.chars().allMatch(Character::isDigit)) {
                params.put("reply_parameters", new JsonObject().put("message_id", Long.parseLong(replyTo))
                        .put("allow_sending_without_reply", true));
            }
            chain = chain.compose(v -> api.call(token, "sendMessage", params));
        }
        return chain.recover(failure -> {
            // a group upgraded to a supergroup has a new id: Telegram says which, send there once
            if (mayMigrate && failure instanceof TelegramApi.TelegramError error && error.migrateToChatId() != null) {
                return sendMessage(token, String.valueOf(error.migrateToChatId()), null, text, false);
            }
            return Future.failedFuture(failure);
        });
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
