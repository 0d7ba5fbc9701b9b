package dev.switchboard.mock.discord;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;

/**
 * What a client did as one bot, for test assertions and the control API's stats. Lists keep the latest
 * {@link #MAX_RECORDS} entries so long benchmarks don't exhaust memory; counts stay exact. Confined to the
 * server's event loop.
 */
final class BotLog {

    static final int MAX_RECORDS = 100_000;

    // LinkedList because heartbeat values and close codes may be null
    private final LinkedList<JsonObject> identifies = new LinkedList<>();
    private final LinkedList<JsonObject> resumes = new LinkedList<>();
    private final LinkedList<Object> heartbeats = new LinkedList<>();
    private final LinkedList<Integer> clientCloseCodes = new LinkedList<>();
    private final LinkedList<String> connectPaths = new LinkedList<>();
    private final LinkedList<JsonObject> posted = new LinkedList<>();
    private final LinkedList<JsonObject> interactionCallbacks = new LinkedList<>();
    private final LinkedList<JsonObject> originalEdits = new LinkedList<>();
    private final LinkedList<JsonObject> followUps = new LinkedList<>();
    private final LinkedList<JsonObject> rateLimited = new LinkedList<>();
    long identifyCount;
    long resumeCount;
    long heartbeatCount;
    long postedCount;
    long interactionCallbackCount;
    long rateLimitedCount;
    int gatewayBotCalls;

    void identify(JsonObject d) {
        identifyCount++;
        append(identifies, d);
    }

    void resume(JsonObject d) {
        resumeCount++;
        append(resumes, d);
    }

    void heartbeat(Object d) {
        heartbeatCount++;
        append(heartbeats, d);
    }

    void clientClose(Integer code) {
        append(clientCloseCodes, code);
    }

    void connected(String path) {
        append(connectPaths, path);
    }

    void posted(String channelId, String messageId, JsonObject body) {
        postedCount++;
        append(posted, new JsonObject().put("channelId", channelId).put("messageId", messageId).put("body", body));
    }

    void interactionCallback(String interactionId, JsonObject body, int status) {
        interactionCallbackCount++;
        append(interactionCallbacks, new JsonObject()
                .put("interactionId", interactionId).put("body", body).put("status", status));
    }

    void originalEdit(String interactionId, JsonObject body) {
        append(originalEdits, new JsonObject().put("interactionId", interactionId).put("body", body));
    }

    void followUp(String interactionId, JsonObject body) {
        append(followUps, new JsonObject().put("interactionId", interactionId).put("body", body));
    }

    void rateLimited(String route, boolean global, double retryAfterSeconds) {
        rateLimitedCount++;
        append(rateLimited, new JsonObject()
                .put("route", route).put("global", global).put("retryAfter", retryAfterSeconds));
    }

    List<JsonObject> identifies() {
        return copies(identifies);
    }

    List<JsonObject> resumes() {
        return copies(resumes);
    }

    List<Object> heartbeats() {
        return new ArrayList<>(heartbeats);
    }

    List<Integer> clientCloseCodes() {
        return new ArrayList<>(clientCloseCodes);
    }

    List<String> connectPaths() {
        return new ArrayList<>(connectPaths);
    }

    List<JsonObject> posted() {
        return copies(posted);
    }

    List<JsonObject> interactionCallbacks() {
        return copies(interactionCallbacks);
    }

    List<JsonObject> originalEdits() {
        return copies(originalEdits);
    }

    List<JsonObject> followUps() {
        return copies(followUps);
    }

    List<JsonObject> rateLimited() {
        return copies(rateLimited);
    }

    private static <T> void append(LinkedList<T> records, T record) {
        if (records.size() >= MAX_RECORDS) {
            records.removeFirst();
        }
        records.addLast(record);
    }

    private static List<JsonObject> copies(List<JsonObject> records) {
        List<JsonObject> list = new ArrayList<>(records.size());
        records.forEach(r -> list.add(r == null ? null : r.copy()));
        return list;
    }
}
