package dev.switchboard.mock.telegram;

import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The failure switches tests flip on one bot. Confined to the server's event loop. */
final class Faults {

    /** Matches every method in {@link #failNext}. */
    static final String ANY_METHOD = "*";

    private final Map<String, FailRule> failRules = new HashMap<>();
    private final Set<Long> blockedChats = new HashSet<>();
    private final Map<Long, Long> migratedChats = new HashMap<>();
    private boolean hangGetUpdates;

    void failNext(String method, int count, int status, String description, Integer retryAfter) {
        String key = method.toLowerCase(Locale.ROOT);
        if (count <= 0) {
            failRules.remove(key);
        } else {
            failRules.put(key, new FailRule(count, status, description, retryAfter));
        }
    }

    /** The injected failure for this call, consuming one from its count, or null to let the call through. */
    TelegramError takeFailure(String method) {
        String key = method.toLowerCase(Locale.ROOT);
        if (!failRules.containsKey(key)) {
            key = ANY_METHOD;
        }
        FailRule rule = failRules.get(key);
        if (rule == null) {
            return null;
        }
        if (--rule.remaining == 0) {
            failRules.remove(key);
        }
        JsonObject parameters = rule.retryAfter == null ? null : new JsonObject().put("retry_after", rule.retryAfter);
        return new TelegramError(rule.status, rule.description, parameters);
    }

    void clear() {
        failRules.clear();
        blockedChats.clear();
        migratedChats.clear();
        hangGetUpdates = false;
    }

    void hangGetUpdates(boolean hang) {
        hangGetUpdates = hang;
    }

    boolean hangGetUpdates() {
        return hangGetUpdates;
    }

    void block(long chatId, boolean blocked) {
        if (blocked) {
            blockedChats.add(chatId);
        } else {
            blockedChats.remove(chatId);
        }
    }

    boolean isBlocked(long chatId) {
        return blockedChats.contains(chatId);
    }

    void migrate(long oldChatId, long newChatId) {
        migratedChats.put(oldChatId, newChatId);
    }

    /** The supergroup id an upgraded group moved to, or null. */
    Long migratedTo(long chatId) {
        return migratedChats.get(chatId);
    }

    private static final class FailRule {
        int remaining;
        final int status;
        final String description;
        final Integer retryAfter;

        FailRule(int remaining, int status, String description, Integer retryAfter) {
            this.remaining = remaining;
            this.status = status;
            this.description = description;
            this.retryAfter = retryAfter;
        }
    }
}
