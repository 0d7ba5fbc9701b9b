package dev.switchboard.platform.discord;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Interactions waiting for the agent's answer (PLATFORMS.md §2.14). Discord wants the first answer
 * within 3 s: an answer that comes in time goes out as the callback itself (type 4); otherwise the
 * interaction is deferred (type 5, the user sees "thinking…") and the late answer replaces that
 * message. Answers after the first are follow-ups. The interaction token stays usable for 15 min.
 */
final class Interactions {
    private static final Logger log = LoggerFactory.getLogger(Interactions.class);
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    private static final int CHANNEL_MESSAGE_WITH_SOURCE = 4;
    private static final int DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5;

    private enum State { WAITING, DEFERRING, DEFERRED, ANSWERED }

    private final class Open {
        final String id;
        final String token;
        final String applicationId;
        State state = State.WAITING;
        long deferTimer;
        Future<JsonObject> deferral;

        Open(String id, String token, String applicationId) {
            this.id = id;
            this.token = token;
            this.applicationId = applicationId;
        }

        synchronized void defer() {
            if (state != State.WAITING) {
                return;
            }
            state = State.DEFERRING;
            deferral = api.interactionCallback(id, token, new JsonObject().put("type", DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE))
                    .onSuccess(v -> deferred())
                    .onFailure(e -> {
                        // Discord no longer takes answers for it: later ones go to the channel instead
                        open.remove(id, this);
                        log.info("interaction {} could not be deferred: {}", id, e.getMessage());
                    });
        }

        private synchronized void deferred() {
            if (state == State.DEFERRING) {
                state = State.DEFERRED;
            }
        }

        /** Sends {@code parts} (one answer split at Discord's length limit) the way this interaction's state allows. */
        synchronized Future<Void> answer(List<JsonObject> parts) {
            State was = state;
            state = State.ANSWERED;
            return switch (was) {
                case WAITING -> {
                    vertx.cancelTimer(deferTimer);
                    yield api.interactionCallback(id, token, new JsonObject().put("type", CHANNEL_MESSAGE_WITH_SOURCE)
                            .put("data", parts.get(0))).compose(v -> followUps(parts.subList(1, parts.size())));
                }
                case DEFERRING -> deferral.compose(v -> editThenFollow(parts));
                case DEFERRED -> editThenFollow(parts);
                case ANSWERED -> followUps(parts);
            };
        }

        private Future<Void> editThenFollow(List<JsonObject> parts) {
            return api.editOriginal(applicationId, token, parts.get(0)).compose(v -> followUps(parts.subList(1, parts.size())));
        }

        private Future<Void> followUps(List<JsonObject> parts) {
            Future<Void> chain = Future.succeededFuture();
            for (JsonObject part : parts) {
                chain = chain.compose(v -> api.followUp(applicationId, token, part).mapEmpty());
            }
            return chain;
        }
    }

    private final Vertx vertx;
    private final DiscordApi api;
    private final Duration deferAfter;
    private final Map<String, Open> open = new ConcurrentHashMap<>();

    Interactions(Vertx vertx, DiscordApi api, Duration deferAfter) {
        this.vertx = vertx;
        this.api = api;
        this.deferAfter = deferAfter;
    }

    /** Starts the answer window of an INTERACTION_CREATE payload that was just stored and is going to the agent. */
    void open(JsonObject interaction) {
        Open entry = new Open(interaction.getString("id"), interaction.getString("token"),
                interaction.getString("application_id"));
        if (entry.id == null || entry.token == null || open.putIfAbsent(entry.id, entry) != null) {
            return; // a replayed interaction keeps the window it already had
        }
        entry.deferTimer = vertx.setTimer(deferAfter.toMillis(), id -> entry.defer());
        vertx.setTimer(TOKEN_LIFETIME.toMillis(), id -> open.remove(entry.id, entry));
    }

    /**
     * Answers interaction {@code interactionId} with {@code parts}, each built by {@code message}
     * from one part of the text; empty when no such interaction is open (then the answer is an
     * ordinary channel message).
     */
    Optional<Future<Void>> answer(String interactionId, List<String> parts, Function<String, JsonObject> message) {
        Open entry = interactionId == null ? null : open.get(interactionId);
        if (entry == null) {
            return Optional.empty();
        }
        return Optional.of(entry.answer(parts.stream().map(message).toList()));
    }
}
