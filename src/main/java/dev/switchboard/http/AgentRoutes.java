package dev.switchboard.http;

import dev.switchboard.core.Agent;
import dev.switchboard.core.Ids;
import dev.switchboard.core.SecretHash;
import dev.switchboard.store.AgentStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** {@code /agents}: create, read, update, delete. Secrets are hashed; a generated one is shown once. */
final class AgentRoutes {
    private static final List<String> DOCUMENTS = List.of("instruction", "settings", "mcpServers", "llm");

    private final AgentStore agents;
    private final Clock clock;

    AgentRoutes(AgentStore agents, Clock clock) {
        this.agents = agents;
        this.clock = clock;
    }

    void mount(Router router) {
        router.post("/agents").handler(Http.route(this::create));
        router.get("/agents").handler(Http.route(ctx -> agents.list()
                .map(list -> Http.Answer.ok(new JsonArray(list.stream().map(AgentRoutes::view).toList())))));
        router.get("/agents/:id").handler(Http.route(ctx -> find(ctx).map(a -> Http.Answer.ok(view(a)))));
        router.patch("/agents/:id").handler(Http.route(this::update));
        router.delete("/agents/:id").handler(Http.route(ctx -> agents.delete(ctx.pathParam("id")).map(found -> {
            if (!found) {
                throw ApiError.notFound("no agent " + ctx.pathParam("id"));
            }
            return new Http.Answer(204, null);
        })));
    }

    private Future<Http.Answer> create(RoutingContext ctx) {
        JsonObject body = Http.jsonBody(ctx);
        Validator v = new Validator(body);
        String id = v.id("id", false);
        String name = v.requiredString("name");
        String secret = v.optionalString("secret");
        String webhookUrl = v.url("webhookUrl");
        String signingSecret = v.optionalString("signingSecret");
        DOCUMENTS.forEach(v::optionalObject);
        llm(v, body);
        v.check();
        boolean generated = secret == null;
        String plainSecret = generated ? "sk_" + Ids.secret(40) : secret;
        Instant now = clock.instant();
        Agent agent = new Agent(id != null ? id : Ids.next("agent"), name, SecretHash.hash(plainSecret), webhookUrl,
                signingSecret, body.getJsonObject("instruction"), body.getJsonObject("settings"),
                body.getJsonObject("mcpServers"), body.getJsonObject("llm"), Agent.ACTIVE, now, now);
        return agents.insert(agent).map(inserted -> {
            if (!inserted) {
                throw ApiError.conflict("an agent with id " + agent.id() + " already exists");
            }
            JsonObject view = view(agent);
            if (generated) {
                view.put("secret", plainSecret);
            }
            return new Http.Answer(201, view);
        });
    }

    private Future<Http.Answer> update(RoutingContext ctx) {
        JsonObject body = Http.jsonBody(ctx);
        Validator v = new Validator(body);
        String name = v.optionalString("name");
        String secret = v.optionalString("secret");
        String webhookUrl = v.url("webhookUrl");
        String signingSecret = v.optionalString("signingSecret");
        String status = v.optionalString("status");
        if (status != null && !status.equals(Agent.ACTIVE) && !status.equals(Agent.SUSPENDED)) {
            v.problem("status", "must be active or suspended");
        }
        if (body.containsKey("id") && !ctx.pathParam("id").equals(body.getValue("id"))) {
            v.problem("id", "cannot be changed");
        }
        DOCUMENTS.forEach(v::optionalObject);
        llm(v, body);
        v.check();
        return find(ctx).compose(old -> {
            // a field sent as null is cleared; a field left out is kept
            Agent updated = new Agent(old.id(), name != null ? name : old.name(),
                    secret != null ? SecretHash.hash(secret) : old.secretHash(),
                    body.containsKey("webhookUrl") ? webhookUrl : old.webhookUrl(),
                    body.containsKey("signingSecret") ? signingSecret : old.signingSecret(),
                    document(body, "instruction", old.instruction()), document(body, "settings", old.settings()),
                    document(body, "mcpServers", old.mcpServers()), document(body, "llm", old.llm()),
                    status != null ? status : old.status(), old.createdAt(), clock.instant());
            return agents.update(updated).map(x -> Http.Answer.ok(view(updated)));
        });
    }

    /** The built-in agent reads these fields (SPEC §2): a wrong type would otherwise be silently ignored. */
    private static void llm(Validator v, JsonObject body) {
        if (!(body.getValue("llm") instanceof JsonObject)) {
            return;
        }
        Validator llm = v.nested("llm");
        llm.optionalString("model");
        llm.optionalString("systemPrompt");
        llm.optionalNumber("temperature", 0, 2, false);
        llm.optionalNumber("maxTokens", 1, 1_000_000, true);
    }

    private static JsonObject document(JsonObject body, String field, JsonObject old) {
        return body.containsKey(field) ? body.getJsonObject(field) : old;
    }

    private Future<Agent> find(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return agents.find(id).map(found -> found.orElseThrow(() -> ApiError.notFound("no agent " + id)));
    }

    /** The agent as the API shows it: never its secret, only whether it signs webhooks. */
    static JsonObject view(Agent a) {
        return new JsonObject()
                .put("id", a.id())
                .put("name", a.name())
                .put("webhookUrl", a.webhookUrl())
                .put("signingSecretSet", a.signing().isPresent())
                .put("instruction", a.instruction())
                .put("settings", a.settings())
                .put("mcpServers", a.mcpServers())
                .put("llm", a.llm())
                .put("status", a.status())
                .put("createdAt", a.createdAt().toString())
                .put("updatedAt", a.updatedAt().toString());
    }
}
