package dev.switchboard.core;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A place where an agent and others talk: the agent's main hub conversation, or a chat on a
 * platform (its id is then the events' {@code conversationId}, e.g. {@code telegram:tg-1:5001}).
 */
public record Conversation(String id, String agentId, String title, String status, Kind kind, Instant createdAt,
                           Instant updatedAt) {
    public static final String ACTIVE = "active";

    public enum Kind {
        MAIN("main"), PLATFORM("platform"), SESSION("session");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Kind fromWire(String name) {
            for (Kind kind : values()) {
                if (kind.wireName.equals(name)) {
                    return kind;
                }
            }
            return MAIN;
        }
    }

    /** The agent's own conversation, created on its first connect and reused afterwards (SPEC §4.1). */
    public static Conversation mainOf(String agentId, Instant now) {
        return new Conversation(Ids.next("conv"), agentId, "Agent " + agentId + " - Auto Conversation", ACTIVE,
                Kind.MAIN, now, now);
    }

    /** A chat on a platform, under the id its events carry as {@code conversationId}. */
    public static Conversation platformChat(String id, String agentId, String title, Instant now) {
        return new Conversation(id, agentId, title, ACTIVE, Kind.PLATFORM, now, now);
    }

    /** A plain WebSocket session with an agent (SPEC §4.2): its id is the session id. */
    public static Conversation session(String id, String agentId, Instant now) {
        return new Conversation(id, agentId, "WebSocket session " + id, ACTIVE, Kind.SESSION, now, now);
    }

    public JsonObject toJson() {
        return new JsonObject().put("_id", id).put("agentId", agentId).put("title", title).put("status", status)
                .put("kind", kind.wireName()).put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
    }
}
