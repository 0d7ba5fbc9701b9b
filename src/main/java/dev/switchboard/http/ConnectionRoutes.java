package dev.switchboard.http;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Ids;
import dev.switchboard.core.Platform;
import dev.switchboard.core.Reply;
import dev.switchboard.delivery.Replies;
import dev.switchboard.platform.ConnectionSupervisor;
import dev.switchboard.platform.Connections;
import dev.switchboard.platform.Connector;
import dev.switchboard.store.ConnectionStore;
import dev.switchboard.store.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/** {@code /connections}: platform integrations, their live status, and messages sent through them. */
final class ConnectionRoutes {
    private final ConnectionStore store;
    private final Connections connections;
    private final Outbox outbox;
    private final Replies replies;
    private final Clock clock;

    ConnectionRoutes(ConnectionStore store, Connections connections, Outbox outbox, Replies replies, Clock clock) {
        this.store = store;
        this.connections = connections;
        this.outbox = outbox;
        this.replies = replies;
        this.clock = clock;
    }

    /** What an agent's own access token may do: send through the connections that deliver to it. */
    void mountForAccessTokens(Router router) {
        router.post("/connections/:id/messages").handler(Http.route(this::message));
    }

    void mount(Router router) {
        router.post("/connections").handler(Http.route(this::upsert));
        router.get("/connections").handler(Http.route(ctx -> Future.succeededFuture(Http.Answer.ok(new JsonArray(
                connections.all().stream().map(ConnectionSupervisor::view)
                        .sorted(Comparator.comparing(v -> v.getString("createdAt") + v.getString("integrationId")))
                        .toList())))));
        router.get("/connections/:id").handler(Http.route(ctx -> Future.succeededFuture(
                Http.Answer.ok(live(ctx).view()))));
        router.delete("/connections/:id").handler(Http.route(this::delete));
        router.post("/connections/:id/reconnect").handler(Http.route(ctx -> {
            ConnectionSupervisor supervisor = live(ctx);
            return supervisor.reconnect().map(v -> new Http.Answer(202, supervisor.view()));
        }));
    }

    private Future<Http.Answer> upsert(RoutingContext ctx) {
        JsonObject body = Http.jsonBody(ctx);
        Validator v = new Validator(body);
        String id = v.id("integrationId", true);
        Validator config = v.nested("config");
        JsonObject settings = body.getValue("config") instanceof JsonObject c ? c : new JsonObject();
        if (settings.containsKey("id") && id != null && !id.equals(settings.getValue("id"))) {
            config.problem("id", "must equal integrationId when given");
        }
        String agentId = config.id("agentId", true);
        String platformName = config.requiredString("platform");
        Optional<Platform> platform = Optional.ofNullable(platformName).flatMap(Platform::fromWire)
                .filter(Platform::connectable);
        if (platformName != null && platform.isEmpty()) {
            config.problem("platform", "must be slack, discord or telegram");
        }
        String name = config.optionalString("name");
        config.url("agentUrl");
        JsonArray filter = config.optionalArray("eventFilter");
        platform.ifPresent(p -> {
            if (filter != null) {
                for (Object type : filter) {
                    if (!(type instanceof String s) || !p.eventTypes().contains(s)) {
                        config.problem("eventFilter", "unknown " + p + " event " + type + "; known: "
                                + String.join(", ", p.eventTypes().stream().sorted().toList()));
                    }
                }
            }
        });
        Optional<Connector> connector = platform.flatMap(connections::connector);
        if (platform.isPresent() && connector.isEmpty()) {
            config.problem("platform", platform.get() + " is not available in this build yet");
        }
        Instant now = clock.instant();
        Connection connection = new Connection(id, agentId, platform.orElse(null), name, settings.copy().put("id", id), now);
        connector.ifPresent(c -> config.problems(c.validate(connection)));
        v.check();
        return store.upsert(connection, now).compose(created -> connections.open(connection).map(x ->
                new Http.Answer(created ? 201 : 200, connections.get(id).orElseThrow().view())));
    }

    private Future<Http.Answer> delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return connections.close(id, true).compose(wasLive -> store.delete(id)).map(found -> {
            if (!found) {
                throw ApiError.notFound("no connection " + id);
            }
            return new Http.Answer(204, null);
        });
    }

    private Future<Http.Answer> message(RoutingContext ctx) {
        ConnectionSupervisor supervisor = live(ctx);
        Callers.Caller caller = Callers.of(ctx);
        if (!caller.admin() && !(caller.principal().isAgent()
                && caller.principal().id().equals(supervisor.connection().agentId()))) {
            throw ApiError.forbidden("only the admin token or the access token of agent "
                    + supervisor.connection().agentId() + " may send through connection " + supervisor.connection().id());
        }
        JsonObject body = Http.jsonBody(ctx);
        Validator v = new Validator(body);
        String respondTo = v.requiredString("respondTo");
        String replyToken = v.optionalString("replyToken");
        String text = v.optionalString("text");
        if (text == null) {
            text = v.optionalString("content");
        }
        if (text == null) {
            v.problem("text", "required (or content)");
        }
        v.check();
        Reply reply = new Reply(Ids.next("msg"), supervisor.connection().id(), respondTo, replyToken, text, null, null);
        return outbox.enqueue(reply.integrationId(), reply, clock.instant()).map(x -> {
            replies.submit(reply.integrationId(), reply);
            return new Http.Answer(202, new JsonObject().put("messageId", reply.id()));
        });
    }

    private ConnectionSupervisor live(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return connections.get(id).orElseThrow(() -> ApiError.notFound("no connection " + id));
    }
}
