package dev.switchboard.http;

import dev.switchboard.delivery.EventDelivery;
import dev.switchboard.delivery.Replies;
import dev.switchboard.hub.socketio.SocketIoOptions;
import dev.switchboard.hub.socketio.SocketIoServer;
import dev.switchboard.hub.ws.AgentWebSocket;
import dev.switchboard.identity.AccessTokens;
import dev.switchboard.metrics.Stats;
import dev.switchboard.platform.Connections;
import dev.switchboard.platform.telegram.TelegramWebhookEndpoint;
import dev.switchboard.store.AgentStore;
import dev.switchboard.store.ConnectionStore;
import dev.switchboard.store.ConversationStore;
import dev.switchboard.store.Inbox;
import dev.switchboard.store.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The HTTP API: REST, the hub, Telegram webhooks and metrics on one port (SPEC §1, §2). */
public final class ApiServer {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    static final long MAX_BODY = 1024 * 1024;

    public record Parts(AgentStore agents, ConnectionStore connectionStore, Connections connections, Inbox inbox,
                        Outbox outbox, EventDelivery delivery, Replies replies, Stats stats,
                        TelegramWebhookEndpoint telegramWebhooks, AccessTokens tokens, ConversationStore conversations,
                        SocketIoServer hub, AgentWebSocket webSockets,
                        String adminToken, boolean metricsPublic, String nodeId, String version, Clock clock) {
    }

    private ApiServer() {
    }

    public static Router router(Vertx vertx, Parts p) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
        HealthRoutes health = new HealthRoutes(p.connections(), p.stats(), p.inbox(), p.conversations(), p.hub(),
                p.webSockets(), p.clock(), p.nodeId(), p.version());
        health.mountPublic(router);
        router.post(TelegramWebhookEndpoint.ROUTE).handler(ctx -> p.telegramWebhooks().handle(ctx)
                .onSuccess(outcome -> {
                    if (outcome.code() == null) {
                        Http.send(ctx, outcome.status(), new JsonObject());
                    } else {
                        ctx.fail(new ApiError(outcome.status(), outcome.code(), outcome.message(), new JsonObject()));
                    }
                })
                .onFailure(ctx::fail));
        AccessRoutes access = new AccessRoutes(vertx, p.agents(), p.tokens());
        access.mountPublic(router);
        if (p.metricsPublic()) {
            health.mountMetrics(router);
        }
        router.route().handler(new Callers(p.adminToken(), p.tokens()));
        ConnectionRoutes connectionRoutes = new ConnectionRoutes(p.connectionStore(), p.connections(), p.outbox(),
                p.replies(), p.clock());
        connectionRoutes.mountForAccessTokens(router);
        new ConversationRoutes(p.conversations()).mount(router);
        router.route().handler(Callers.adminOnly());
        if (!p.metricsPublic()) {
            health.mountMetrics(router);
        }
        health.mountStats(router);
        access.mountAdmin(router);
        new AgentRoutes(p.agents(), p.clock()).mount(router);
        connectionRoutes.mount(router);
        new EventRoutes(p.inbox(), p.delivery(), p.clock()).mount(router);
        router.route().last().handler(ctx -> ctx.fail(ApiError.notFound("no route " + ctx.request().method() + " "
                + ctx.request().path())));
        router.route().failureHandler(ApiServer::renderFailure);
        return router;
    }

    /**
     * One server per event loop on the same port: Vert.x hands new connections to them in turn, so
     * the hub's sockets (each served on the loop that accepted it) spread over every core. The hub's
     * Socket.IO and plain WebSocket endpoints see every request first and take those under their paths.
     */
    public static Future<Listeners> listen(Vertx vertx, int eventLoops, Router router, SocketIoServer hub,
                                           SocketIoOptions hubOptions, AgentWebSocket webSockets, String host, int port) {
        HttpServerOptions options = hubOptions.applyTo(new HttpServerOptions().setHost(host).setCompressionSupported(true));
        Handler<HttpServerRequest> requests = request -> {
            if (!hub.handle(request) && !webSockets.handle(request)) {
                router.handle(request);
            }
        };
        // port 0 (any free port): Vert.x's shared random port -1, which the first bind picks and the others share
        int shared = port == 0 ? -1 : port;
        return listenOnLoop(vertx, options, requests, shared).compose(first -> {
            List<Future<HttpServer>> others = new ArrayList<>();
            for (int i = 1; i < eventLoops; i++) {
                others.add(listenOnLoop(vertx, options, requests, shared));
            }
            return Future.all(others).map(all -> {
                List<HttpServer> servers = new ArrayList<>(List.of(first));
                others.forEach(other -> servers.add(other.result()));
                return new Listeners(servers);
            });
        });
    }

    private static Future<HttpServer> listenOnLoop(Vertx vertx, HttpServerOptions options,
                                                   Handler<HttpServerRequest> requests, int port) {
        ContextInternal loop = ((VertxInternal) vertx).createEventLoopContext();
        Promise<HttpServer> listening = loop.promise();
        loop.runOnContext(v -> vertx.createHttpServer(new HttpServerOptions(options).setPort(port))
                .requestHandler(requests).listen().onComplete(listening));
        return listening.future();
    }

    /** The servers sharing the port. */
    public record Listeners(List<HttpServer> servers) {
        public int port() {
            return servers.getFirst().actualPort();
        }

        public Future<Void> close() {
            return Future.join(servers.stream().map(HttpServer::close).toList()).mapEmpty();
        }
    }

    private static void renderFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        ApiError error;
        if (failure instanceof ApiError apiError) {
            error = apiError;
        } else if (ctx.statusCode() == 413) {
            error = new ApiError(413, "payload_too_large", "the body is larger than 1 MiB", new JsonObject());
        } else if (ctx.statusCode() == 405) {
            error = new ApiError(405, "method_not_allowed", "this path does not take " + ctx.request().method(),
                    new JsonObject());
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            error = new ApiError(ctx.statusCode(), "bad_request", "the request could not be read", new JsonObject());
        } else {
            log.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
            error = new ApiError(500, "internal", "internal error; the server log has the details", new JsonObject());
        }
        Http.send(ctx, error.status(), error.body());
    }
}
