package dev.switchboard;

import dev.switchboard.config.Config;
import dev.switchboard.config.Secrets;
import dev.switchboard.core.Connection;
import dev.switchboard.core.Reply;
import dev.switchboard.core.ReplySink;
import dev.switchboard.delivery.AgentWebhook;
import dev.switchboard.delivery.EventDelivery;
import dev.switchboard.delivery.Replies;
import dev.switchboard.http.ApiServer;
import dev.switchboard.hub.AnswerPoster;
import dev.switchboard.hub.ChatHub;
import dev.switchboard.hub.ConversationReplies;
import dev.switchboard.hub.HubRooms;
import dev.switchboard.hub.LlmRelay;
import dev.switchboard.hub.PlatformChats;
import dev.switchboard.hub.WebhookRelay;
import dev.switchboard.hub.socketio.ChatNamespace;
import dev.switchboard.hub.socketio.ElizaNamespace;
import dev.switchboard.hub.socketio.SocketIoOptions;
import dev.switchboard.hub.socketio.SocketIoServer;
import dev.switchboard.hub.ws.AgentWebSocket;
import dev.switchboard.identity.AccessTokens;
import dev.switchboard.llm.BuiltInAgent;
import dev.switchboard.llm.ChatCompletions;
import dev.switchboard.llm.CircuitBreaker;
import dev.switchboard.llm.DemoAgent;
import dev.switchboard.llm.ModelSettings;
import dev.switchboard.metrics.Stats;
import dev.switchboard.platform.Backoff;
import dev.switchboard.platform.Connections;
import dev.switchboard.platform.discord.DiscordApi;
import dev.switchboard.platform.discord.DiscordConnector;
import dev.switchboard.platform.slack.SlackApi;
import dev.switchboard.platform.slack.SlackConnector;
import dev.switchboard.platform.telegram.TelegramApi;
import dev.switchboard.platform.telegram.TelegramConnector;
import dev.switchboard.platform.telegram.TelegramWebhookEndpoint;
import dev.switchboard.routing.Router;
import dev.switchboard.store.AgentStore;
import dev.switchboard.store.ConnectionStore;
import dev.switchboard.store.ConversationStore;
import dev.switchboard.store.Database;
import dev.switchboard.store.Inbox;
import dev.switchboard.store.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.internal.VertxInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** The assembled gateway: wiring only. {@link #start} brings every part up; {@link #stop} takes it down in order. */
public final class Switchboard {
    private static final Logger log = LoggerFactory.getLogger(Switchboard.class);
    private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(10);
    /** One loop per core: the gateway waits on I/O, more loops would only add threads. */
    /** Five failures in a row pause the model for half a minute: long enough for a provider to recover. */
    private static final int MODEL_FAILURES_BEFORE_PAUSE = 5;
    private static final Duration MODEL_PAUSE = Duration.ofSeconds(30);
    private static final int EVENT_LOOPS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final Vertx vertx;
    private final Database db;
    private final Connections connections;
    private final EventDelivery delivery;
    private final Replies replies;
    private final SocketIoServer hub;
    private final ApiServer.Listeners server;
    private final Secrets secrets;

    private Switchboard(Vertx vertx, Database db, Connections connections, EventDelivery delivery, Replies replies,
                        SocketIoServer hub, ApiServer.Listeners server, Secrets secrets) {
        this.hub = hub;
        this.vertx = vertx;
        this.db = db;
        this.connections = connections;
        this.delivery = delivery;
        this.replies = replies;
        this.server = server;
        this.secrets = secrets;
    }

    /** Starts everything and reopens every stored connection; blocking, for the main thread and tests. */
    public static Switchboard start(Config config) throws Exception {
        Secrets secrets = Secrets.load(config);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS).setWorkerPoolSize(4));
        try {
            return assemble(config, secrets, vertx);
        } catch (Exception | Error e) {
            vertx.close();
            throw e;
        }
    }

    private static Switchboard assemble(Config config, Secrets secrets, Vertx vertx) throws Exception {
        Clock clock = Clock.systemUTC();
        SplittableRandom random = new SplittableRandom();
        Database db = Database.open(vertx, config.database());
        AgentStore agents = new AgentStore(db);
        ConnectionStore connectionStore = new ConnectionStore(db);
        Inbox inbox = new Inbox(db);
        Outbox outbox = new Outbox(db);
        Stats stats = new Stats();
        VertxInternal internal = (VertxInternal) vertx;

        // one pool entry per long poll: a thousand bots hold a thousand requests open at once
        TelegramApi telegramApi = new TelegramApi(vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setName("telegram"),
                new PoolOptions().setHttp1MaxSize(100_000).setMaxWaitQueueSize(-1)), config.telegramApiUrl());
        TelegramWebhookEndpoint telegramWebhooks = new TelegramWebhookEndpoint();
        TelegramConnector telegram = new TelegramConnector(vertx, telegramApi, inbox, telegramWebhooks,
                config.publicUrl(), clock, config.telegramPollTimeoutSeconds(), config.telegramSendsPerSecond());

        // every Socket Mode socket is one pooled WebSocket: raise Vert.x's default cap of 50
        SlackConnector slack = new SlackConnector(vertx, new SlackApi(vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setName("slack"), new PoolOptions().setHttp1MaxSize(64)),
                config.slackApiUrl()), vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(100_000)), clock,
                new SlackConnector.Liveness(config.slackPingInterval(), config.slackSilenceTimeout(),
                        config.slackResponseWindow()));

        // Discord's READY and GUILD_CREATE of a large guild run to megabytes: Vert.x's default cap is 256 KB
        DiscordConnector discord = new DiscordConnector(vertx, new DiscordApi(vertx, vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setName("discord"), new PoolOptions().setHttp1MaxSize(64)),
                config.discordApiUrl(), clock), vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(100_000).setMaxFrameSize(16 * 1024 * 1024)
                .setMaxMessageSize(16 * 1024 * 1024)), inbox,
                new DiscordConnector.Timing(config.discordInteractionDeferAfter(), config.discordReidentifyWait(),
                        config.discordIdentifyWindow()), clock, new Random());

        Backoff reconnectBackoff = new Backoff(config.reconnectBackoffBase(), config.reconnectBackoffMax(), random);
        Backoff webhookBackoff = new Backoff(config.webhookBackoffBase(), config.webhookBackoffMax(), random);
        ConnectionsRef live = new ConnectionsRef();
        AtomicReference<ReplySink> conversationReplies = new AtomicReference<>();
        Replies replies = new Replies(internal.createEventLoopContext(), outbox,
                id -> WebhookRelay.INTEGRATION.equals(id)
                        ? Optional.ofNullable(conversationReplies.get())
                                .map(sink -> new Replies.Target(WebhookRelay.CONNECTION, sink))
                        : live.get().get(id).map(s -> new Replies.Target(s.connection(),
                                live.get().connector(s.connection().platform()).orElseThrow())),
                reconnectBackoff, config.webhookMaxAttempts(), stats, clock);
        AgentWebhook webhook = new AgentWebhook(vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setName("webhooks"),
                new PoolOptions().setHttp1MaxSize(64)), config.agentiomApiUrl(),
                config.wakeToken(secrets.adminToken()), config.webhookTimeout(), clock);

        AccessTokens tokens = new AccessTokens(vertx, secrets.jwtSecret(), clock);
        ConversationStore conversations = new ConversationStore(db);
        SocketIoOptions hubOptions = new SocketIoOptions();
        SocketIoServer hub = new SocketIoServer(vertx, hubOptions);
        ChatNamespace chat = new ChatNamespace(hub, tokens, agents, clock);
        ElizaNamespace eliza = new ElizaNamespace(hub, tokens, agents);
        AgentWebSocket webSockets = new AgentWebSocket(vertx, tokens, agents, conversations,
                new AgentWebSocket.Settings(Duration.ofMillis((long) (config.sessionTimeoutMinutes() * 60_000)),
                        config.wsPingInterval(), config.wsMessagesPerMinute(), config.maxHistory(),
                        config.wsAllowAnonymous()), clock);
        HubRooms rooms = new HubRooms(List.of(chat, eliza, webSockets));
        AnswerPoster answers = new AnswerPoster(conversations, rooms, clock);
        BuiltInAgent builtIn = builtInAgent(vertx, config, conversations, clock);
        // platform events for agents on the hub go to their sockets, and their answers back to the platform
        PlatformChats platformChats = new PlatformChats(conversations, rooms, outbox, replies, builtIn, answers, clock);

        EventDelivery delivery = new EventDelivery(internal.createEventLoopContext(), inbox, agents,
                id -> live.get().get(id).map(s -> s.connection()), platformChats, platformChats, webhook, replies,
                webhookBackoff,
                config.webhookMaxAttempts(), stats, clock);
        Router router = new Router(inbox, stats, clock, delivery::submit);
        Connections connections = new Connections(vertx, EVENT_LOOPS, List.of(telegram, slack, discord),
                router::inletFor, reconnectBackoff, clock);
        live.set(connections);

        // one set of chat rules over every hub transport; a user's message to an absent agent is answered by
        // the built-in agent, or goes the way platform events go and its answer comes back
        ChatHub rules = new ChatHub(conversations, rooms, new LlmRelay(agents, builtIn, answers, rooms,
                new WebhookRelay(router.inletFor(WebhookRelay.CONNECTION), clock)), platformChats, clock);
        chat.serve(rules);
        eliza.serve(rules);
        webSockets.serve(rules);
        conversationReplies.set(new ConversationReplies(answers));

        ApiServer.Parts parts = new ApiServer.Parts(agents, connectionStore, connections, inbox, outbox, delivery,
                replies, stats, telegramWebhooks, tokens, conversations, hub, webSockets, secrets.adminToken(),
                config.metricsPublic(), config.nodeId(), version(), clock);
        // what an earlier run left undone is read before anything can add to it: an event stored by a
        // resumed session (or a hub message) must reach delivery once, not also again through this list
        List<Inbox.Pending> undelivered = inbox.pending().await(60, TimeUnit.SECONDS);
        List<Reply> unsent = outbox.pending().await(60, TimeUnit.SECONDS);
        ApiServer.Listeners server = ApiServer.listen(vertx, EVENT_LOOPS, ApiServer.router(vertx, parts), hub, hubOptions,
                webSockets, config.host(), config.port()).await(30, TimeUnit.SECONDS);

        List<Connection> stored = connectionStore.list().await(30, TimeUnit.SECONDS);
        for (Connection connection : stored) {
            connections.open(connection).await(30, TimeUnit.SECONDS);
        }
        if (config.demoAgent()) {
            DemoAgent.createIfEmpty(agents, connectionStore, clock).await(30, TimeUnit.SECONDS)
                    .ifPresent(demo -> log.info("Created the demo agent \"{}\", answered by {}. Talk to it:"
                            + " ./switchboard chat (or any WebSocket client on /ws?agent={}&token=<from POST /tokens>)",
                            demo.id(), builtIn.hasModel() ? "the model " + config.model()
                                    : "an echo (set LLM_API_KEY for a real model)", demo.id()));
        }
        replies.resume(unsent);
        delivery.resume(undelivered);
        log.info("Switchboard {} listening on {}:{} with {} connection(s), store {}", version(), config.host(),
                server.port(), stored.size(), config.database().describe());
        return new Switchboard(vertx, db, connections, delivery, replies, hub, server, secrets);
    }

    /** The model client when a key is configured; without one, built-in agents echo. */
    private static BuiltInAgent builtInAgent(Vertx vertx, Config config, ConversationStore conversations, Clock clock) {
        // a thousand sessions may wait on the model at once, each on its own streamed request
        Optional<ChatCompletions> model = config.llmApiKey().map(key -> new ChatCompletions(vertx,
                vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setName("llm"),
                        new PoolOptions().setHttp1MaxSize(2_000).setMaxWaitQueueSize(-1)),
                config.llmBaseUrl(), key, config.llmTimeout()));
        ModelSettings defaults = new ModelSettings(config.model(), ModelSettings.DEFAULT_PROMPT, config.temperature(),
                config.maxTokens());
        return new BuiltInAgent(model, defaults, conversations, config.maxHistory(),
                new CircuitBreaker(MODEL_FAILURES_BEFORE_PAUSE, MODEL_PAUSE, clock));
    }

    public int port() {
        return server.port();
    }

    public Secrets secrets() {
        return secrets;
    }

    /**
     * Stops taking work, closes the platform connections (polls stop, sockets close) and leaves
     * whatever is undelivered pending in the store for the next start.
     */
    public void stop() {
        try {
            delivery.stop();
            replies.stop();
            // hub clients are told the server is going before the HTTP server stops taking requests
            Future.join(connections.closeAll(), hub.close().compose(v -> server.close()))
                    .await(SHUTDOWN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("connections closed; undelivered work stays in the store");
        } catch (Exception e) {
            log.warn("shutdown did not finish cleanly: {}", e.toString());
        } finally {
            try {
                vertx.close().await(SHUTDOWN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.warn("event loops did not stop in time: {}", e.toString());
            }
            db.close();
            log.info("Switchboard stopped");
        }
    }

    static String version() {
        return Optional.ofNullable(Switchboard.class.getPackage().getImplementationVersion()).orElse("dev");
    }

    /** Replies and delivery look connections up by id, and the registry is built after them. */
    private static final class ConnectionsRef {
        private volatile Connections value;

        Connections get() {
            return value;
        }

        void set(Connections connections) {
            value = connections;
        }
    }
}
