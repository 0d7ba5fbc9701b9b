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
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** The one HTTP server: REST API, Telegram webhooks and metrics on one port (SPEC §1, §2). */
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

    /** The hub's Socket.IO and plain WebSocket endpoints see every request first and take those under their paths. */
    public static Future<HttpServer> listen(Vertx vertx, Router router, SocketIoServer hub, SocketIoOptions hubOptions,
                                            AgentWebSocket webSockets, String host, int port) {
        return vertx.createHttpServer(hubOptions.applyTo(new HttpServerOptions().setHost(host).setPort(port)
                        .setCompressionSupported(true)))
                .requestHandler(request -> {
                    if (!hub.handle(request) && !webSockets.handle(request)) {
                        router.handle(request);
                    }
                })
                .listen();
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
