package dev.switchboard.mock.telegram;

import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a client did to one bot, for test assertions: every call per method, and the successful sends and answers.
 * Records are the params plus {@code _at} and, once answered, {@code _status}. Confined to the server's event loop.
 */
final class CallLog {

    /** Oldest records are dropped past this, so long benchmarks don't exhaust memory; counts stay exact. */
    private static final int MAX_RECORDS = 100_000;

    private final Map<String, ArrayDeque<JsonObject>> callsByMethod = new HashMap<>();
    private final Map<String, Integer> countsByMethod = new HashMap<>();
    private final ArrayDeque<JsonObject> sentMessages = new ArrayDeque<>();
    private long sentMessageCount;
    private final List<JsonObject> callbackAnswers = new ArrayList<>();
    private final List<JsonObject> inlineAnswers = new ArrayList<>();

    void call(String method, JsonObject record) {
        String key = key(method);
        countsByMethod.merge(key, 1, Integer::sum);
        appendBounded(callsByMethod.computeIfAbsent(key, k -> new ArrayDeque<>()), record);
    }

    void sentMessage(JsonObject record) {
        sentMessageCount++;
        appendBounded(sentMessages, record);
    }

    void callbackAnswer(JsonObject record) {
        callbackAnswers.add(record);
    }

    void inlineAnswer(JsonObject record) {
        inlineAnswers.add(record);
    }

    List<JsonObject> calls(String method) {
        return copies(callsByMethod.getOrDefault(key(method), new ArrayDeque<>()));
    }

    int count(String method) {
        return countsByMethod.getOrDefault(key(method), 0);
    }

    List<JsonObject> sentMessages() {
        return copies(sentMessages);
    }

    long sentMessageCount() {
        return sentMessageCount;
    }

    List<JsonObject> callbackAnswers() {
        return copies(callbackAnswers);
    }

    List<JsonObject> inlineAnswers() {
        return copies(inlineAnswers);
    }

    private static String key(String method) {
        return method.toLowerCase(Locale.ROOT);
    }

    private static void appendBounded(ArrayDeque<JsonObject> records, JsonObject record) {
        if (records.size() >= MAX_RECORDS) {
            records.removeFirst();
        }
        records.addLast(record);
    }

    /** Records gain _status after being logged, and callers live on other threads: hand out snapshots. */
    private static List<JsonObject> copies(Iterable<JsonObject> records) {
        List<JsonObject> list = new ArrayList<>();
        records.forEach(r -> list.add(r.copy()));
        return list;
    }
}
