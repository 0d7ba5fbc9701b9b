package dev.switchboard.platform.slack;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Envelopes that accept a response payload are held open for a short while: if the agent's answer
 * arrives in time it rides on the acknowledgement (a slash command's immediate response),
 * otherwise the envelope is acknowledged plainly and the answer goes out through the Web API.
 */
final class ResponseWindows {
    private final Vertx vertx;
    private final Map<String, Promise<Optional<String>>> open = new ConcurrentHashMap<>();

    ResponseWindows(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Waits up to {@code window} for the answer to {@code eventId}; empty when none came in time. */
    Future<Optional<String>> await(String eventId, Duration window) {
        Promise<Optional<String>> answer = Promise.promise();
        open.put(eventId, answer);
        long timer = vertx.setTimer(window.toMillis(), id -> {
            open.remove(eventId, answer);
            answer.tryComplete(Optional.empty());
        });
        return answer.future().onComplete(done -> vertx.cancelTimer(timer));
    }

    /** Hands the answer to a waiting acknowledgement; false when the window has closed. */
    boolean offer(String eventId, String text) {
        Promise<Optional<String>> answer = eventId == null ? null : open.remove(eventId);
        return answer != null && answer.tryComplete(Optional.of(text));
    }
}
