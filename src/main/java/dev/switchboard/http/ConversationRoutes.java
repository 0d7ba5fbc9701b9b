package dev.switchboard.http;

import dev.switchboard.core.Conversation;
import dev.switchboard.core.Message;
import dev.switchboard.identity.Principal;
import dev.switchboard.store.ConversationStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /conversations} (SPEC §2): the admin sees every conversation; an agent its own; a user
 * those it takes part in. Messages come newest first, a page at a time.
 */
final class ConversationRoutes {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    private final ConversationStore conversations;

    ConversationRoutes(ConversationStore conversations) {
        this.conversations = conversations;
    }

    void mount(Router router) {
        router.get("/conversations").handler(Http.route(this::list));
        router.get("/conversations/:id/messages").handler(Http.route(this::messages));
    }

    private Future<Http.Answer> list(RoutingContext ctx) {
        int limit = Http.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
        String agentId = ctx.request().getParam("agentId");
        Principal principal = Callers.of(ctx).principal();
        if (principal != null && principal.isAgent()) {
            if (agentId != null && !agentId.equals(principal.id())) {
                throw ApiError.forbidden("an agent's access token lists only that agent's conversations");
            }
            agentId = principal.id();
        }
        String participant = principal != null && !principal.isAgent() ? principal.id() : null;
        return conversations.list(agentId, participant, limit).map(list ->
                Http.Answer.ok(new JsonArray(list.stream().map(Conversation::toJson).toList())));
    }

    private Future<Http.Answer> messages(RoutingContext ctx) {
        int limit = Http.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
        String id = ctx.pathParam("id");
        String before = ctx.request().getParam("before");
        Principal principal = Callers.of(ctx).principal();
        return conversations.find(id).compose(found -> {
            Conversation conversation = found.orElseThrow(() -> ApiError.notFound("no conversation " + id));
            Future<Boolean> allowed = principal == null ? Future.succeededFuture(true)
                    : principal.isAgent() ? Future.succeededFuture(conversation.agentId().equals(principal.id()))
                    : conversations.isParticipant(id, principal.id());
            return allowed;
        }).compose(allowed -> {
            if (!allowed) {
                throw ApiError.forbidden("only the admin token or a participant's access token reads conversation " + id);
            }
            return conversations.messages(id, before, limit);
        }).map(page -> Http.Answer.ok(new JsonArray(page.stream().map(Message::json).toList())));
    }
}
