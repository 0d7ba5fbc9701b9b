package dev.switchboard.mock.telegram;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Callback and inline queries pushed to one bot that may still be answered. Telegram accepts one answer per query,
 * and a callback answer only within a short window. Confined to the server's event loop.
 */
final class OpenQueries {

    /** Callback query id to the System.nanoTime() it was pushed at. */
    private final Map<String, Long> callbackQueries = new HashMap<>();
    private final Set<String> inlineQueries = new HashSet<>();
    private long callbackWindowNanos = Duration.ofSeconds(15).toNanos();

    void openCallback(String queryId) {
        callbackQueries.putIfAbsent(queryId, System.nanoTime());
    }

    void openInline(String queryId) {
        inlineQueries.add(queryId);
    }

    /** Closes the query; true only for its first answer, and only inside the window. */
    boolean answerCallback(String queryId) {
        Long openedAt = callbackQueries.remove(queryId);
        return openedAt != null && System.nanoTime() - openedAt <= callbackWindowNanos;
    }

    boolean answerInline(String queryId) {
        return inlineQueries.remove(queryId);
    }

    void setCallbackWindow(Duration window) {
        callbackWindowNanos = window.toNanos();
    }
}
