package dev.switchboard.core;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Optional;

/**
 * An agent events are delivered to. {@code instruction}, {@code settings}, {@code mcpServers} and
 * {@code llm} are the agent's own documents, kept and returned as given.
 */
public record Agent(String id, String name, String secretHash, String webhookUrl, String signingSecret,
                    JsonObject instruction, JsonObject settings, JsonObject mcpServers, JsonObject llm,
                    String status, Instant createdAt, Instant updatedAt) {

    public static final String ACTIVE = "active";
    public static final String SUSPENDED = "suspended";

    public Optional<String> webhook() {
        return Optional.ofNullable(webhookUrl).filter(s -> !s.isBlank());
    }

    public Optional<String> signing() {
        return Optional.ofNullable(signingSecret).filter(s -> !s.isBlank());
    }

    public boolean suspended() {
        return SUSPENDED.equals(status);
    }
}
