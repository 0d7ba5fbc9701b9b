package dev.switchboard.http;

import dev.switchboard.core.Agent;
import dev.switchboard.core.SecretHash;
import dev.switchboard.identity.AccessTokens;
import dev.switchboard.identity.Principal;
import dev.switchboard.store.AgentStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Access tokens for the hub (SPEC §2): an agent trades its secret for one ({@code POST
 * /agents/{id}/connect}, no admin token), the operator or a host application mints one for a human
 * user ({@code POST /tokens}).
 */
final class AccessRoutes {
    /** The longest lifetime a minted token may ask for. */
    private static final long MAX_LIFETIME_SECONDS = Duration.ofDays(365).toSeconds();

    private final Vertx vertx;
    private final AgentStore agents;
    private final AccessTokens tokens;

    AccessRoutes(Vertx vertx, AgentStore agents, AccessTokens tokens) {
        this.vertx = vertx;
        this.agents = agents;
        this.tokens = tokens;
    }

    void mountPublic(Router router) {
        router.post("/agents/:id/connect").handler(Http.route(this::connect));
    }

    void mountAdmin(Router router) {
        router.post("/tokens").handler(Http.route(this::mint));
    }

    private Future<Http.Answer> connect(RoutingContext ctx) {
        Validator v = new Validator(Http.jsonBody(ctx));
        String secret = v.requiredString("secret");
        v.check();
        String id = ctx.pathParam("id");
        return agents.find(id).compose(found -> {
            // one answer for an unknown agent and a wrong secret: the difference is not the caller's business
            ApiError wrong = ApiError.unauthorized("unknown agent or wrong secret");
            if (found.isEmpty() || found.get().secretHash() == null) {
                return Future.failedFuture(wrong);
            }
            Agent agent = found.get();
            // PBKDF2 is deliberately slow: off the event loop
            return vertx.executeBlocking(() -> SecretHash.matches(secret, agent.secretHash())).map(matches -> {
                if (!matches) {
                    throw wrong;
                }
                if (agent.suspended()) {
                    throw ApiError.forbidden("agent " + id + " is suspended");
                }
                return Http.Answer.ok(new JsonObject()
                        .put("accessToken", tokens.forAgent(id, AccessTokens.DEFAULT_LIFETIME))
                        .put("expiresIn", AccessTokens.DEFAULT_LIFETIME.toSeconds())
                        .put("tokenType", "bearer")
                        .put("instruction", Optional.ofNullable(agent.instruction()).orElseGet(JsonObject::new))
                        .put("settings", Optional.ofNullable(agent.settings()).orElseGet(JsonObject::new))
                        .put("mcpServers", Optional.ofNullable(agent.mcpServers()).orElseGet(JsonObject::new)));
            });
        });
    }

    private Future<Http.Answer> mint(RoutingContext ctx) {
        JsonObject body = Http.jsonBody(ctx);
        Validator v = new Validator(body);
        String userId = v.requiredString("userId");
        String name = v.optionalString("name");
        Set<String> allowed = new HashSet<>();
        Object agentsField = body.getValue("agents");
        if (agentsField == null || Principal.ANY_AGENT.equals(agentsField)) {
            allowed.add(Principal.ANY_AGENT);
        } else if (agentsField instanceof JsonArray list && list.stream().allMatch(a -> a instanceof String s && !s.isBlank())) {
            list.forEach(a -> allowed.add((String) a));
        } else {
            v.problem("agents", "a list of agent ids, or \"*\" for all");
        }
        Object lifetime = body.getValue("expiresIn");
        long seconds = AccessTokens.DEFAULT_LIFETIME.toSeconds();
        if (lifetime != null) {
            if (lifetime instanceof Number n && n.longValue() > 0 && n.longValue() <= MAX_LIFETIME_SECONDS
                    && n.doubleValue() == n.longValue()) {
                seconds = n.longValue();
            } else {
                v.problem("expiresIn", "whole seconds from 1 to " + MAX_LIFETIME_SECONDS);
            }
        }
        v.check();
        return Future.succeededFuture(Http.Answer.ok(new JsonObject()
                .put("accessToken", tokens.forUser(userId, name, allowed, Duration.ofSeconds(seconds)))
                .put("expiresIn", seconds)
                .put("tokenType", "bearer")));
    }
}
