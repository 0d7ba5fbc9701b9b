package dev.switchboard.mock.slack;

import dev.switchboard.mock.Deployment;
import dev.switchboard.mock.ServerLoop;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Slack: the Web API ({@code POST /api/<method>}), the Socket Mode WebSockets
 * ({@code /link/?ticket=...}, URLs handed out by apps.connections.open) and a {@code /_mock/} control API, all on
 * one port.
 *
 * <p>Everything runs on one event loop of its own (a small internal verticle), which keeps the state free of locks
 * and is plenty for a thousand sockets and thousands of envelopes per second. The Java API may be called from any
 * thread other than that loop's callers waiting on it.
 *
 * <pre>{@code
 * MockSlackServer slack = MockSlackServer.start(vertx);
 * MockSlackApp app = slack.addApp("xapp-1-A111-test", "xoxb-111-test");
 * ... point the gateway's SLACK_API_URL at slack.apiUrl() and start it ...
 * JsonObject env = app.pushMessage("C111", "U222", "hello");
 * slack.close();
 * }</pre>
 */
public final class MockSlackServer {

    private static final String API_PREFIX = "/api/";
    private static final String CONTROL_PREFIX = "/_mock/";
    private static final Set<String> LINK_PATHS = Set.of("/link", "/link/");
    private static final Pattern APP_ID_IN_TOKEN = Pattern.compile("xapp-[^-]+-(A[A-Z0-9]+)-.*");

    private final Vertx vertx;
    private final Ids ids = new Ids();
    private final LatencyTracker latency = new LatencyTracker();
    /** Apps by app token and by bot token. */
    private final Map<String, MockSlackApp> byAppToken = new LinkedHashMap<>();
    private final Map<String, MockSlackApp> byBotToken = new LinkedHashMap<>();
    /** Every Web API request by the token it named, registered or not: how tests see a retry loop. */
    private final Map<String, AtomicInteger> requestsByToken = new ConcurrentHashMap<>();
    private ServerLoop loop;
    private Tickets tickets;
    private ControlApi control;
    private String deploymentId;
    private String host;
    private int port;
    private boolean closed;

    private MockSlackServer(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts on a random free port of 127.0.0.1 and returns once listening. */
    public static MockSlackServer start(Vertx vertx) {
        return start(vertx, 0);
    }

    public static MockSlackServer start(Vertx vertx, int port) {
        return start(vertx, "127.0.0.1", port);
    }

    /** Blocks until listening, so it must not be called on an event-loop thread. */
    public static MockSlackServer start(Vertx vertx, String host, int port) {
        MockSlackServer server = new MockSlackServer(vertx);
        server.host = host;
        server.deploymentId = Deployment.start(vertx, server.new Listener(host, port), "mock Slack server", host, port);
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
            loop = new ServerLoop(context, "mock Slack");
            control = new ControlApi(MockSlackServer.this);
            HttpServerOptions options = new HttpServerOptions()
                    .setAcceptBacklog(8192)
                    .setTcpNoDelay(true)
                    .setMaxWebSocketMessageSize(1 << 20);
            return vertx.createHttpServer(options)
                    .requestHandler(MockSlackServer.this::handle)
                    .webSocketHandshakeHandler(MockSlackServer.this::handshake)
                    .listen(requestedPort, bindHost)
                    .onSuccess(s -> {
                        httpServer = s;
                        port = s.actualPort();
                        tickets = new Tickets("ws://" + publicHost() + ":" + port);
                    });
        }

        @Override
        public Future<?> stop() {
            control.stopBurst();
            // clients should see their sockets drop, as when Slack is unreachable
            byAppToken.values().forEach(MockSlackApp::shutdown);
            return httpServer == null ? Future.succeededFuture() : httpServer.close();
        }
    }

    // ---------------------------------------------------------------- Java API

    /** What SLACK_API_URL should be set to: {@code http://127.0.0.1:<port>/api}. */
    public String apiUrl() {
        return baseUrl() + "/api";
    }

    /** {@code http://127.0.0.1:<port>}, where the control API lives under {@code /_mock/}. */
    public String baseUrl() {
        return "http://" + publicHost() + ":" + port;
    }

    public int port() {
        return port;
    }

    /** How many Web API requests named {@code token} (header or {@code token} param), whether or not an app has it. */
    public int callCount(String token) {
        AtomicInteger count = requestsByToken.get(token);
        return count == null ? 0 : count.get();
    }

    /**
     * Registers an app with team T111, bot user U_BOT and bot id B_BOT. The app id comes from the token when it has
     * the usual shape ({@code xapp-1-A111-...} → A111), else it is A + a number.
     */
    public MockSlackApp addApp(String appToken, String botToken) {
        return addApp(appToken, botToken, null, "T111", "U_BOT", "B_BOT");
    }

    /** Registers an app with explicit ids; a null appId is derived as in {@link #addApp(String, String)}. */
    public MockSlackApp addApp(String appToken, String botToken, String appId, String teamId, String botUserId,
                               String botId) {
        MockSlackApp.requireText(appToken, "appToken");
        MockSlackApp.requireText(botToken, "botToken");
        if (!appToken.startsWith("xapp-")) {
            throw new IllegalArgumentException("an app-level token starts with xapp-");
        }
        return loop.call(() -> {
            if (isKnownToken(appToken) || isKnownToken(botToken) || appToken.equals(botToken)) {
                throw new IllegalArgumentException("a token is already registered");
            }
            String id = appId != null ? appId : deriveAppId(appToken);
            MockSlackApp app = new MockSlackApp(appToken, botToken, id, teamId, botUserId, botId,
                    loop, vertx, ids, latency, tickets, baseUrl() + CONTROL_PREFIX + "response");
            byAppToken.put(appToken, app);
            byBotToken.put(botToken, app);
            return app;
        });
    }

    /** The app with this app or bot token, or null. */
    public MockSlackApp app(String token) {
        return loop.call(() -> appFor(token));
    }

    public List<MockSlackApp> apps() {
        return loop.call(() -> new ArrayList<>(byAppToken.values()));
    }

    /** Push-to-reply latencies in microseconds, in the order the replies arrived. */
    public List<Long> replyLatenciesMicros() {
        return loop.call(latency::replyMicros);
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
        Deployment.stop(vertx, deploymentId, "mock Slack server");
    }

    // ---------------------------------------------------------------- for ControlApi and Burst (event loop only)

    Map<String, MockSlackApp> appsOnLoop() {
        return byAppToken;
    }

    MockSlackApp appFor(String token) {
        MockSlackApp app = byAppToken.get(token);
        return app != null ? app : byBotToken.get(token);
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
        } else if (path.startsWith(API_PREFIX) && path.length() > API_PREFIX.length()) {
            handleApi(req, path.substring(API_PREFIX.length()));
        } else if (LINK_PATHS.contains(path)) {
            write(req.response(), 400, new JsonObject().put("ok", false).put("error", "websocket_upgrade_required"));
        } else {
            write(req.response(), 404, new JsonObject().put("ok", false).put("error", "not_found"));
        }
    }

    private void handleApi(HttpServerRequest req, String method) {
        ApiRequest.read(req, method).onComplete(read -> {
            if (read.failed()) {
                respond(req.response(), Future.failedFuture(read.cause()));
                return;
            }
            ApiRequest call = read.result();
            String token = call.anyToken();
            countToken(token);
            Object bodyToken = call.params.getValue("token");
            if (bodyToken instanceof String t && !t.equals(token)) {
                countToken(t);
            }
            respond(req.response(), answer(call, token));
        });
    }

    private Future<JsonObject> answer(ApiRequest call, String token) {
        try {
            MockSlackApp app = token == null ? null : appFor(token);
            if (app == null) {
                if (!WebApi.isKnownMethod(call.method)) {
                    throw ApiError.of("unknown_method");
                }
                throw ApiError.of(token == null ? "not_authed" : "invalid_auth");
            }
            boolean headerAuthed = call.headerToken != null;
            boolean viaAppToken = token.equals(app.appToken());
            return Future.succeededFuture(app.handle(call, headerAuthed, viaAppToken));
        } catch (ApiError e) {
            return Future.failedFuture(e);
        }
    }

    private void countToken(String token) {
        if (token != null) {
            requestsByToken.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        }
    }

    private static void respond(HttpServerResponse response, AsyncResult<JsonObject> answer) {
        if (answer.succeeded()) {
            write(response, 200, answer.result());
            return;
        }
        ApiError error = answer.cause() instanceof ApiError e ? e : new ApiError(500, "fatal_error", null);
        if (error.retryAfterSeconds != null && !response.ended()) {
            response.putHeader("Retry-After", Integer.toString(error.retryAfterSeconds));
        }
        write(response, error.status, error.toJson());
    }

    static void write(HttpServerResponse response, int status, JsonObject body) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.toBuffer());
    }

    // ---------------------------------------------------------------- WebSocket

    /** Admits an upgrade only with a ticket issued by apps.connections.open and not used before; else HTTP 401. */
    private void handshake(ServerWebSocketHandshake hs) {
        if (!LINK_PATHS.contains(hs.path())) {
            hs.reject(404);
            return;
        }
        MultiMap query = queryParams(hs.query());
        MockSlackApp app = tickets.take(query.get("ticket"));
        if (app == null) {
            hs.reject(401);
            return;
        }
        boolean debugReconnects = "true".equalsIgnoreCase(query.get("debug_reconnects"));
        hs.accept().onSuccess(ws -> app.socketOpened(ws, debugReconnects));
    }

    private static MultiMap queryParams(String query) {
        MultiMap params = MultiMap.caseInsensitiveMultiMap();
        if (query == null) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.add(java.net.URLDecoder.decode(key, java.nio.charset.StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed pair is ignored; the ticket check then fails
            }
        }
        return params;
    }

    // ---------------------------------------------------------------- helpers

    private boolean isKnownToken(String token) {
        return byAppToken.containsKey(token) || byBotToken.containsKey(token);
    }

    private String deriveAppId(String appToken) {
        Matcher m = APP_ID_IN_TOKEN.matcher(appToken);
        if (m.matches()) {
            return m.group(1);
        }
        return "A" + (900_000 + byAppToken.size() + 1);
    }

    private String publicHost() {
        return host == null || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }
}
