package dev.switchboard.platform.discord;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * A resumable gateway session as stored with the events it delivered: enough for a later link,
 * or a later process, to resume it and have Discord replay everything after {@code seq}. The bot's
 * own ids ride along because a resume gets no READY to learn them from.
 *
 * @param seq            the last sequence number whose dispatch is stored; 0 when none is yet
 * @param resumeAttempts resumes started since the session last served; counted in the store so
 *                       that a session Discord keeps refusing is given up even across restarts
 */
record GatewayCursor(String sessionId, String resumeUrl, long seq, String botUserId, String applicationId,
                     int intents, int resumeAttempts) {
    static final String NAME = "discord-session";
    /** What is stored when a session can no longer be resumed, so no later start tries. */
    static final String FORGOTTEN = "{}";

    GatewayCursor at(long newSeq) {
        return new GatewayCursor(sessionId, resumeUrl, newSeq, botUserId, applicationId, intents, resumeAttempts);
    }

    GatewayCursor withResumeAttempts(int attempts) {
        return new GatewayCursor(sessionId, resumeUrl, seq, botUserId, applicationId, intents, attempts);
    }

    boolean sameSession(GatewayCursor other) {
        return other != null && sessionId.equals(other.sessionId);
    }

    String encode() {
        return new JsonObject().put("sessionId", sessionId).put("resumeUrl", resumeUrl).put("seq", seq)
                .put("botUserId", botUserId).put("applicationId", applicationId).put("intents", intents)
                .put("resumeAttempts", resumeAttempts).encode();
    }

    /** Empty for a forgotten session or a value this version cannot read: both mean identify. */
    static Optional<GatewayCursor> decode(String value) {
        try {
            JsonObject json = new JsonObject(value);
            if (json.getString("sessionId") == null || json.getString("resumeUrl") == null) {
                return Optional.empty();
            }
            return Optional.of(new GatewayCursor(json.getString("sessionId"), json.getString("resumeUrl"),
                    json.getLong("seq", 0L), json.getString("botUserId"), json.getString("applicationId"),
                    json.getInteger("intents", 0), json.getInteger("resumeAttempts", 0)));
        } catch (DecodeException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
