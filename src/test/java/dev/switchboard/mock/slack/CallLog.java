package dev.switchboard.mock.slack;

import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client did to one app over the Web API, for test assertions: every call per method and the successful
 * posts. Records are the params plus {@code _at} (epoch ms) and {@code _status}. Confined to the server's event loop.
 */
final class CallLog {

    /** Oldest records are dropped past this, so long benchmarks don't exhaust memory; counts stay exact. */
    static final int MAX_RECORDS = 100_000;

    private final Map<String, ArrayDeque<JsonObject>> callsByMethod = new HashMap<>();
    private final Map<String, Integer> countsByMethod = new HashMap<>();
    private final ArrayDeque<JsonObject> posted = new ArrayDeque<>();
    private long postedCount;

    void call(String method, JsonObject record) {
        countsByMethod.merge(method, 1, Integer::sum);
        appendBounded(callsByMethod.computeIfAbsent(method, k -> new ArrayDeque<>()), record);
    }

    void posted(JsonObject record) {
        postedCount++;
        appendBounded(posted, record);
    }

    List<JsonObject> calls(String method) {
        return copies(callsByMethod.getOrDefault(method, new ArrayDeque<>()));
    }

    int count(String method) {
        return countsByMethod.getOrDefault(method, 0);
    }

    List<JsonObject> posted() {
        return copies(posted);
    }

    long postedCount() {
        return postedCount;
    }

    static <T> void appendBounded(ArrayDeque<T> records, T record) {
        if (records.size() >= MAX_RECORDS) {
            records.removeFirst();
        }
        records.addLast(record);
    }

    static List<JsonObject> copies(Collection<JsonObject> records) {
        List<JsonObject> list = new ArrayList<>(records.size());
        records.forEach(r -> list.add(r.copy()));
        return list;
    }
}
