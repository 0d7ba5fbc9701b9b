package dev.switchboard.mock.discord;

import dev.switchboard.mock.Deployment;
import dev.switchboard.mock.ServerLoop;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A local stand-in for Discord: REST v10 under {@code /api/v10}, the Gateway v10 WebSocket on any other path (GET
 * /gateway/bot hands out {@code ws://host:port/gateway}, READY's resume_gateway_url is {@code .../resume}) and a
 * {@code /_mock/} control API, all on one port.
 *
 * <p>Everything runs on one event loop of its own (a small internal verticle), which keeps the state free of locks.
 * The Java API may be called from any thread but that loop's callers waiting on it.
 *
 * <pre>{@code
 * MockDiscordServer discord = MockDiscordServer.start(vertx);
 * discord.settings().setHeartbeatIntervalMs(200);
 * MockDiscordBot bot = discord.addBot("token-1");
 * ... point the gateway's DISCORD_API_URL at discord.apiUrl() and start it ...
 * await().until(() -> bot.identifies().size() == 1);
 * JsonObject message = bot.pushMessage("111", "222", "333", "hello");
 * discord.close();
 * }</pre>
 */
public final class MockDiscordServer {

    private static final String CONTROL_PREFIX = "/_mock/";

    private final Vertx vertx;
    private final Snowflakes ids = new Snowflakes();
    private final LatencyTracker latency = new LatencyTracker();
    private final Map<String, MockDiscordBot> bots = new LinkedHashMap<>();
    /** REST calls by the token their Authorization header carried, registered or not: how tests see a retry loop. */
    private final Map<String, Integer> requestsByToken = new HashMap<>();
    private ServerLoop loop;
    private MockDiscordSettings settings;
    private Gateway gateway;
    private Interactions interactions;
    private RestApi rest;
    private ControlApi control;
    private String deploymentId;
    private String host;
    private int port;
    private boolean closed;

    private MockDiscordServer(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts on a random free port of 127.0.0.1 and returns once listening. */
    public static MockDiscordServer start(Vertx vertx) {
        return start(vertx, "127.0.0.1", 0);
    }

    /** Blocks until listening, so it must not be called on an event-loop thread. */
    public static MockDiscordServer start(Vertx vertx, String host, int port) {
        MockDiscordServer server = new MockDiscordServer(vertx);
        server.host = host;
        server.deploymentId = Deployment.start(vertx, server.new Listener(host, port), "mock Discord server", host, port);
        return server;
    }

    /** Gives the server its own event-loop context; Vert.x also closes the HTTP server on undeploy. */
    private final class Listener extends VerticleBase {
        private final String bindHost;
        private final int requestedPort;
        private HttpServer httpServer;

        Listener(String bindHost, int requestedPort) {
            this.bindHost = bindHost;
            this.requestedPort = requestedPort;
        }

        @Override
        public Future<?> start() {
            loop = new ServerLoop(context, "mock Discord");
            settings = new MockDiscordSettings(loop, () -> bots.values().forEach(b -> b.sessionStart.reset()));
            gateway = new Gateway(MockDiscordServer.this, vertx, settings);
            interactions = new Interactions(settings, ids);
            rest = new RestApi(MockDiscordServer.this, interactions);
            control = new ControlApi(MockDiscordServer.this);
            HttpServerOptions options = new HttpServerOptions()
                    .setAcceptBacklog(8192)
                    .setTcpNoDelay(true)
                    .setPerMessageWebSocketCompressionSupported(false)
                    .setPerFrameWebSocketCompressionSupported(false)
                    // large enough to receive an oversized payload and close with 4002, as Discord does
                    .setMaxWebSocketFrameSize(1 << 20)
                    .setMaxWebSocketMessageSize(1 << 20);
            return vertx.createHttpServer(options)
                    .requestHandler(MockDiscordServer.this::handle)
                    .webSocketHandshakeHandler(hs -> gateway.handshake(hs))
                    .listen(requestedPort, bindHost)
                    .onSuccess(s -> {
                        httpServer = s;
                        port = s.actualPort();
                    });
        }

        @Override
        public Future<?> stop() {
            control.stopBurst();
            gateway.shutdown();
            return httpServer == null ? Future.succeededFuture() : httpServer.close();
        }
    }

    // ---------------------------------------------------------------- Java API

    /** What DISCORD_API_URL should be set to: {@code http://127.0.0.1:<port>/api/v10}. */
    public String apiUrl() {
        return baseUrl() + RestApi.PREFIX;
    }

    /** {@code http://127.0.0.1:<port>}, where the control API lives under {@code /_mock/}. */
    public String baseUrl() {
        return "http://" + publicHost() + ":" + port;
    }

    /** The url GET /gateway/bot hands out: {@code ws://127.0.0.1:<port>/gateway}. */
    public String gatewayUrl() {
        return "ws://" + publicHost() + ":" + port + "/gateway";
    }

    /** READY's resume_gateway_url, distinct from {@link #gatewayUrl()} so tests can tell which one a client used. */
    public String resumeGatewayUrl() {
        return "ws://" + publicHost() + ":" + port + "/resume";
    }

    public int port() {
        return port;
    }

    public MockDiscordSettings settings() {
        return settings;
    }

    /** Registers a bot with generated snowflakes for its user id and application id. */
    public MockDiscordBot addBot(String token) {
        return addBot(token, ids.next(), ids.next());
    }

    public MockDiscordBot addBot(String token, String botUserId, String applicationId) {
        requireText(token, "token");
        requireText(botUserId, "botUserId");
        requireText(applicationId, "applicationId");
        return loop.call(() -> {
            if (bots.containsKey(token)) {
                throw new IllegalArgumentException("a bot with that token is already registered");
            }
            MockDiscordBot bot = new MockDiscordBot(token, botUserId, applicationId, bots.size(), loop, gateway, ids,
                    latency, interactions, settings);
            bots.put(token, bot);
            return bot;
        });
    }

    /** The bot with this token, or null. */
    public MockDiscordBot bot(String token) {
        return loop.call(() -> bots.get(token));
    }

    public List<MockDiscordBot> bots() {
        return loop.call(this::botsOnLoop);
    }

    /** REST calls whose Authorization header carried this token (with or without "Bot "), whether or not a bot has it. */
    public int restRequests(String token) {
        return loop.call(() -> requestsByToken.getOrDefault(token, 0));
    }

    /** Path and query of every gateway connection, attributed to a bot or not (e.g. refused with 4004). */
    public List<String> connectPaths() {
        return loop.call(gateway::connectPaths);
    }

    /** Push-to-reply latencies in microseconds, in the order the replies arrived. */
    public List<Long> replyLatenciesMicros() {
        return loop.call(latency::micros);
    }

    /** What {@code GET /_mock/latencies} returns. */
    public JsonObject latencySummary() {
        return loop.call(latency::summary);
    }

    public void resetLatencies() {
        loop.run(latency::reset);
    }

    /** Stops listening and drops every socket and connection. Idempotent. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Deployment.stop(vertx, deploymentId, "mock Discord server");
    }

    // ---------------------------------------------------------------- for the API classes (event loop only)

    MockDiscordBot botOnLoop(String token) {
        return bots.get(token);
    }

    List<MockDiscordBot> botsOnLoop() {
        return new ArrayList<>(bots.values());
    }

    void countRequest(String token) {
        requestsByToken.merge(token, 1, Integer::sum);
    }

    Gateway gateway() {
        return gateway;
    }

    Interactions interactions() {
        return interactions;
    }

    LatencyTracker latency() {
        return latency;
    }

    Vertx vertx() {
        return vertx;
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (path.startsWith(CONTROL_PREFIX)) {
            control.handle(req);
        } else if (path.startsWith(RestApi.PREFIX + "/")) {
            rest.handle(req, path.substring(RestApi.PREFIX.length()));
        } else {
            RestApi.write(req.response(), 404, RestError.notFound().toJson());
        }
    }

    private String publicHost() {
        return host == null || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
    }
}
