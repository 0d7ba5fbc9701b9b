package dev.switchboard.http;

import dev.switchboard.delivery.EventDelivery;
import dev.switchboard.store.Inbox;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The delivery log: what became of each platform event, and a way to send a failed one again. */
final class EventRoutes {
    private static final List<String> STATUSES = List.of(Inbox.PENDING, Inbox.DELIVERED, Inbox.FAILED);
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final Inbox inbox;
    private final EventDelivery delivery;
    private final Clock clock;

    EventRoutes(Inbox inbox, EventDelivery delivery, Clock clock) {
        this.inbox = inbox;
        this.delivery = delivery;
        this.clock = clock;
    }

    void mount(Router router) {
        router.get("/events").handler(Http.route(ctx -> {
            String status = ctx.request().getParam("status");
            if (status != null && !STATUSES.contains(status)) {
                throw ApiError.validation(Map.of("status", "must be pending, delivered or failed"));
            }
            return inbox.log(status, ctx.request().getParam("integrationId"), Http.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT)).map(entries ->
                    Http.Answer.ok(new JsonArray(entries.stream().map(Inbox.Entry::toJson).toList())));
        }));
        router.post("/events/:id/redeliver").handler(Http.route(ctx -> {
            String id = ctx.pathParam("id");
            return inbox.requeue(id, clock.instant()).map(result -> switch (result) {
                case Inbox.Requeue.Requeued requeued -> {
                    delivery.resume(List.of(requeued.pending()));
                    yield new Http.Answer(202, new JsonObject().put("id", id).put("status", Inbox.PENDING));
                }
                case Inbox.Requeue.AlreadyPending pending ->
                        throw ApiError.conflict("event " + id + " is still pending; its retries are scheduled");
                case Inbox.Requeue.Unknown unknown -> throw ApiError.notFound("no event " + id);
            });
        }));
    }
}
