package dev.switchboard.platform.discord;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Platform;
import dev.switchboard.core.Reply;
import dev.switchboard.platform.Connector;
import dev.switchboard.platform.Inlet;
import dev.switchboard.platform.PlatformException;
import dev.switchboard.platform.PlatformSession;
import dev.switchboard.store.Inbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** The Discord adapter: gateway sessions in; channel messages and interaction answers out. */
public final class DiscordConnector implements Connector {
    /** Discord's limit on a message's content (PLATFORMS.md §2.12). */
    static final int MAX_CONTENT = 2000;
    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");

    /**
     * How long an interaction waits for the agent before it is deferred; the longest random wait
     * before identifying after an invalid session; the window in which {@code max_concurrency}
     * identifies may start (Discord: 5 s).
     */
    public record Timing(Duration interactionDeferAfter, Duration reidentifyWait, Duration identifyWindow) {
    }

    private final Vertx vertx;
    private final DiscordApi api;
    private final WebSocketClient sockets;
    private final Inbox inbox;
    private final Timing timing;
    private final Clock clock;
    private final RandomGenerator random;
    private final IdentifyGate gate;
    private final Interactions interactions;

    public DiscordConnector(Vertx vertx, DiscordApi api, WebSocketClient sockets, Inbox inbox, Timing timing, Clock clock,
                            RandomGenerator random) {
        this.vertx = vertx;
        this.api = api;
        this.sockets = sockets;
        this.inbox = inbox;
        this.timing = timing;
        this.clock = clock;
        this.random = random;
        this.gate = new IdentifyGate(clock, timing.identifyWindow());
        this.interactions = new Interactions(vertx, api, timing.interactionDeferAfter());
    }

    @Override
    public Platform platform() {
        return Platform.DISCORD;
    }

    @Override
    public Map<String, String> validate(Connection connection) {
        Map<String, String> problems = new LinkedHashMap<>();
        Optional<String> token = connection.setting("discordBotToken");
        if (token.isEmpty()) {
            problems.put("config.discordBotToken", "required for platform discord: the bot token from the Developer Portal");
        } else if (token.get().regionMatches(true, 0, "Bot ", 0, 4)) {
            problems.put("config.discordBotToken", "give the token without the 'Bot ' prefix");
        } else if (token.get().chars().anyMatch(Character::isWhitespace)) {
            problems.put("config.discordBotToken", "a bot token has no spaces");
        }
        Object guild = connection.config().getValue("discordGuildId");
        if (guild != null && !(guild instanceof String s && SNOWFLAKE.matcher(s).matches())) {
            problems.put("config.discordGuildId", "expected a guild id (a snowflake, digits as a string)");
        }
        Object intents = connection.config().getValue("discordIntents");
        if (intents != null && !(intents instanceof Integer i && i >= 0 && i < Intents.LIMIT)) {
            problems.put("config.discordIntents", "expected an intents bitfield: a whole number from 0 to " + (Intents.LIMIT - 1));
        }
        return problems;
    }

    /** {@code discordIntents} when given, else what the connection's events need. */
    static int intentsOf(Connection connection) {
        Integer given = connection.config().getInteger("discordIntents");
        return given != null ? given : Intents.forEvents(connection.eventFilter());
    }

    @Override
    public PlatformSession open(Connection connection, Inlet inlet) {
        DiscordSession session = new DiscordSession(vertx, api, sockets, connection, inlet, inbox, gate, interactions,
                timing, clock, random);
        session.start();
        return session;
    }

    /**
     * An open interaction gets its answer through the interaction endpoints; anything else is a
     * channel message replying to the triggering message. Mentions of users work; {@code @everyone},
     * {@code @here} and roles in an agent's text are not allowed to ping anyone.
     */
    @Override
    public Future<Void> send(Connection connection, Reply reply) {
        List<String> parts = split(reply.text());
        Optional<Future<Void>> answered = interactions.answer(reply.replyToken(), parts, DiscordConnector::content);
        if (answered.isPresent()) {
            return answered.get();
        }
        if (reply.respondTo() == null) {
            return Future.failedFuture(PlatformException.rejected("a Discord reply needs respondTo (the channel id)"));
        }
        String token = connection.requiredSetting("discordBotToken");
        // an interaction's id is no message to reply to
        String replyTo = DiscordEvents.INTERACTION.equals(reply.inReplyTo()) ? null : reply.replyToken();
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < parts.size(); i++) {
            JsonObject message = content(parts.get(i)).put("nonce", nonce(reply.id(), i)).put("enforce_nonce", true);
            if (i == 0 && replyTo != null) {
                message.put("message_reference", new JsonObject().put("message_id", replyTo).put("fail_if_not_exists", false));
            }
            chain = chain.compose(v -> api.createMessage(token, reply.respondTo(), message).mapEmpty());
        }
        return chain;
    }

    private static JsonObject content(String text) {
        return new JsonObject().put("content", text)
                .put("allowed_mentions", new JsonObject().put("parse", new JsonArray().add("users")));
    }

    /**
     * A retry after a timeout must not post twice: Discord drops a message whose nonce it saw in
     * the last few minutes. Nonces are at most 25 characters, so the reply id is hashed down.
     */
    static String nonce(String replyId, int part) {
        UUID hash = UUID.nameUUIDFromBytes((replyId + "#" + part).getBytes(StandardCharsets.UTF_8));
        return Long.toUnsignedString(hash.getMostSignificantBits(), 36);
    }

    /** Long answers are split at Discord's limit, preferring a line break; an empty answer is one empty part. */
    static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        String rest = text == null ? "" : text;
        while (rest.length() > MAX_CONTENT) {
            int cut = rest.lastIndexOf('\n', MAX_CONTENT);
            if (cut <= 0) {
                cut = MAX_CONTENT;
            }
            parts.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        parts.add(rest);
        return parts;
    }
}
