package dev.switchboard.mock.telegram;

import dev.switchboard.mock.Deployment;
import dev.switchboard.mock.ServerLoop;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Telegram Bot API ({@code /bot<token>/<method>}) plus a {@code /_mock/} control API.
 *
 * <p>Everything runs on one event loop of its own (a small internal verticle), which keeps the state free of locks
 * and is plenty for thousands of requests per second. The Java API may be called from any thread.
 *
 * <pre>{@code
 * MockTelegramServer server = MockTelegramServer.start(vertx);
 * MockBot bot = server.addBot("123456:TEST-token_a", 123456L, "test_bot");
 * bot.pushMessage(42L, "private", 42L, "hello");
 * ... point the gateway at server.apiUrl() ...
 * server.close();
 * }</pre>
 */
public final class MockTelegramServer {

    static final Pattern TOKEN = Pattern.compile("[0-9]+:[A-Za-z0-9_-]+");
    private static final Pattern BOT_PATH = Pattern.compile("/bot([^/]*)/([^/]+)");
    private static final String CONTROL_PREFIX = "/_mock/";

    private final Vertx vertx;
    private final LatencyTracker latency = new LatencyTracker();
    private final Map<String, MockBot> bots = new LinkedHashMap<>();
    /** Every Bot API request by the token it named, registered or not: how tests see a retry loop. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> requestsByToken =
            new java.util.concurrent.ConcurrentHashMap<>();
    private ServerLoop loop;
    private HttpClient webhookClient;
    private ControlApi control;
    private String deploymentId;
    private int port;
    private boolean closed;

    private MockTelegramServer(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts on a random free port of 127.0.0.1 and returns once listening. */
    public static MockTelegramServer start(Vertx vertx) {
        return start(vertx, 0);
    }

    public static MockTelegramServer start(Vertx vertx, int port) {
        return start(vertx, "127.0.0.1", port);
    }

    /** Blocks until listening, so it must not be called on an event-loop thread. */
    public static MockTelegramServer start(Vertx vertx, String host, int port) {
        MockTelegramServer server = new MockTelegramServer(vertx);
        server.deploymentId = Deployment.start(vertx, server.new Listener(host, port), "mock Telegram server", host, port);
        return server;
    }

    /** Gives the server its own event-loop context; Vert.x also closes its server and client on undeploy. */
    private final class Listener extends VerticleBase {
        private final String host;
        private final int requestedPort;
        private HttpServer httpServer;

        Listener(String host, int requestedPort) {
            this.host = host;
            this.requestedPort = requestedPort;
        }

        @Override
        public Future<?> start() {
            loop = new ServerLoop(context, "mock Telegram");
            webhookClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(64));
            control = new ControlApi(MockTelegramServer.this);
            HttpServerOptions options = new HttpServerOptions()
                    .setAcceptBacklog(8192)
                    .setMaxFormAttributeSize(1 << 20);
            return vertx.createHttpServer(options)
                    .requestHandler(MockTelegramServer.this::handle)
                    .listen(requestedPort, host)
                    .onSuccess(s -> {
                        httpServer = s;
                        port = s.actualPort();
                    });
        }

        @Override
        public Future<?> stop() {
            control.stopBurst();
            // the gateway should see its connections drop, as when Telegram is unreachable, not a 401
            bots.values().forEach(bot -> bot.shutdown(null));
            Future<Void> serverClosed = httpServer == null ? Future.succeededFuture() : httpServer.close();
            return Future.join(serverClosed, webhookClient.close());
        }
    }

    // ---------------------------------------------------------------- Java API

    /** The base URL to configure in place of {@code https://api.telegram.org}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** How many Bot API requests named {@code token}, whether or not a bot has it. */
    public int callCount(String token) {
        java.util.concurrent.atomic.AtomicInteger count = requestsByToken.get(token);
        return count == null ? 0 : count.get();
    }

    /** Registers a bot; its token then answers 200 instead of 401. */
    public MockBot addBot(String token, long id, String username) {
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("malformed bot token (expected <digits>:<[A-Za-z0-9_-]+>)");
        }
        return loop.call(() -> {
            if (bots.containsKey(token)) {
                throw new IllegalArgumentException("a bot with this token is already registered");
            }
            MockBot bot = new MockBot(token, id, username, loop, vertx, webhookClient, latency);
            bots.put(token, bot);
            return bot;
        });
    }

    /** The bot with this token, or null. */
    public MockBot bot(String token) {
        return loop.call(() -> bots.get(token));
    }

    public List<MockBot> bots() {
        return loop.call(() -> new ArrayList<>(bots.values()));
    }

    /** Unregisters a bot: its token gets 401 from now on, and a poll it had waiting is answered 401. */
    public void removeBot(String token) {
        loop.run(() -> {
            MockBot bot = bots.remove(token);
            if (bot != null) {
                bot.shutdown(TelegramError.unauthorized());
            }
        });
    }

    /** Push-to-reply latencies in microseconds, in the order the replies arrived. */
    public List<Long> replyLatenciesMicros() {
        return loop.call(latency::micros);
    }

    public void resetLatencies() {
        loop.run(latency::reset);
    }

    /** {@code {count, p50Micros, p90Micros, p99Micros, maxMicros, meanMicros}}. */
    public JsonObject latencySummary() {
        return loop.call(latency::summary);
    }

    /** Stops listening and drops every connection, held long polls included. Idempotent. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Deployment.stop(vertx, deploymentId, "mock Telegram server");
    }

    // ---------------------------------------------------------------- for ControlApi (event loop only)

    LatencyTracker latency() {
        return latency;
    }

    Map<String, MockBot> botsOnLoop() {
        return bots;
    }

    Vertx vertx() {
        return vertx;
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (path.startsWith(CONTROL_PREFIX)) {
            control.handle(req);
            return;
        }
        Matcher m = BOT_PATH.matcher(path);
        if (!m.matches()) {
            writeError(req.response(), TelegramError.notFound());
            return;
        }
        String token = decodeToken(m.group(1));
        String method = m.group(2);
        if (token != null) {
            requestsByToken.computeIfAbsent(token, t -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        }
        if (token == null || !TOKEN.matcher(token).matches()) {
            writeError(req.response(), TelegramError.notFound());
            return;
        }
        if (!bots.containsKey(token)) {
            writeError(req.response(), TelegramError.unauthorized());
            return;
        }
        RequestParams.read(req).onComplete(params -> {
            MockBot bot = bots.get(token);
            if (params.failed()) {
                writeError(req.response(), asTelegramError(params.cause()));
            } else if (bot == null) {
                writeError(req.response(), TelegramError.unauthorized());
            } else {
                ApiCall call = new ApiCall(method, params.result());
                req.response().closeHandler(v -> call.abandon());
                call.answer().onComplete(answer -> respond(req.response(), answer));
                bot.handle(call);
            }
        });
    }

    private static String decodeToken(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void respond(HttpServerResponse response, AsyncResult<Object> answer) {
        if (answer.succeeded()) {
            write(response, 200, new JsonObject().put("ok", true).put("result", answer.result()));
        } else {
            writeError(response, asTelegramError(answer.cause()));
        }
    }

    private static TelegramError asTelegramError(Throwable cause) {
        return cause instanceof TelegramError e ? e
                : TelegramError.of(500, "Internal Server Error: " + cause.getMessage());
    }

    static void writeError(HttpServerResponse response, TelegramError error) {
        write(response, error.status, error.toJson());
    }

    static void write(HttpServerResponse response, int status, JsonObject body) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.toBuffer());
    }
}
