package dev.switchboard.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One platform integration as the operator configured it. {@code config} is the request's
 * {@code config} object, tokens included: it is stored, handed to the platform adapter and never
 * shown through the API.
 */
public record Connection(String id, String agentId, Platform platform, String name, JsonObject config,
                         Instant createdAt) {

    public List<String> eventFilter() {
        JsonArray filter = config.getJsonArray("eventFilter");
        return filter == null ? List.of() : filter.stream().map(String::valueOf).toList();
    }

    public boolean accepts(String eventType) {
        List<String> filter = eventFilter();
        return filter.isEmpty() || filter.contains(eventType);
    }

    public Optional<String> agentUrl() {
        return setting("agentUrl");
    }

    public Optional<String> setting(String key) {
        return Optional.ofNullable(config.getString(key)).filter(s -> !s.isBlank());
    }

    public String requiredSetting(String key) {
        return setting(key).orElseThrow(() -> new IllegalStateException("connection " + id + " has no " + key));
    }
}
