package dev.switchboard.mock.telegram;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One bot's unconfirmed updates and the getUpdates requests waiting on them. Confined to the server's event loop.
 *
 * <p>Updates stay queued until confirmed, either by a getUpdates offset above their id or by a webhook 2xx.
 * At most one long poll is held; a newer getUpdates pushes the older one out with a 409, as Telegram does.
 */
final class UpdateQueue {

    /** The types an empty (or never given) allowed_updates list leaves out. */
    static final Set<String> OPT_IN_TYPES = Set.of("chat_member", "message_reaction", "message_reaction_count");

    private final Vertx vertx;
    private final ArrayDeque<JsonObject> pending = new ArrayDeque<>();
    private long nextUpdateId = 1;
    private long confirmedOffset;
    /** Null until a client sends allowed_updates; an empty set means the default. */
    private Set<String> allowedUpdates;
    private HeldPoll held;
    /** Polls swallowed by the hang switch: never answered, only forgotten when the client leaves. */
    private final Set<ApiCall> hung = Collections.newSetFromMap(new IdentityHashMap<>());
    private Runnable onUpdate = () -> { };

    UpdateQueue(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Called after each queued update; the webhook pusher hooks in here. */
    void onUpdate(Runnable listener) {
        onUpdate = listener;
    }

    /**
     * Queues an update, giving it the next update_id.
     *
     * @return the queued update, or null when the bot's allowed_updates excludes its type (Telegram would never
     *     have generated it, so it gets no id)
     */
    JsonObject offer(JsonObject payload) {
        if (!isAllowed(typeOf(payload))) {
            return null;
        }
        JsonObject update = new JsonObject().put("update_id", nextUpdateId++);
        payload.forEach(e -> {
            if (!e.getKey().equals("update_id")) {
                update.put(e.getKey(), e.getValue());
            }
        });
        pending.addLast(update);
        if (held != null) {
            HeldPoll poll = held;
            held = null;
            vertx.cancelTimer(poll.timer);
            poll.call.succeed(batch(poll.limit));
        }
        onUpdate.run();
        return update;
    }

    static String typeOf(JsonObject update) {
        for (String field : update.fieldNames()) {
            if (!field.equals("update_id")) {
                return field;
            }
        }
        return "";
    }

    private boolean isAllowed(String type) {
        if (allowedUpdates == null || allowedUpdates.isEmpty()) {
            return !OPT_IN_TYPES.contains(type);
        }
        return allowedUpdates.contains(type);
    }

    void setAllowedUpdates(JsonArray types) {
        Set<String> set = new LinkedHashSet<>();
        types.forEach(t -> set.add(String.valueOf(t)));
        allowedUpdates = set;
    }

    /** The list last given by a client, or null if none was ever given. */
    JsonArray allowedUpdates() {
        return allowedUpdates == null ? null : new JsonArray(List.copyOf(allowedUpdates));
    }

    void setNextUpdateId(long id) {
        nextUpdateId = id;
    }

    /** Applies a getUpdates offset: positive confirms everything below it, negative keeps only the last -offset. */
    void confirm(long offset) {
        if (offset > 0) {
            confirmedOffset = Math.max(confirmedOffset, offset);
            pending.removeIf(u -> u.getLong("update_id") < offset);
        } else if (offset < 0) {
            while (pending.size() > -offset) {
                confirmedOffset = Math.max(confirmedOffset, pending.removeFirst().getLong("update_id") + 1);
            }
        }
    }

    long confirmedOffset() {
        return confirmedOffset;
    }

    JsonObject head() {
        return pending.peekFirst();
    }

    /** Confirms an update delivered by webhook, if it is still the oldest one pending. */
    void confirmHead(JsonObject update) {
        if (pending.peekFirst() == update) {
            pending.removeFirst();
            confirmedOffset = Math.max(confirmedOffset, update.getLong("update_id") + 1);
        }
    }

    void dropPending() {
        JsonObject last = pending.peekLast();
        if (last != null) {
            confirmedOffset = Math.max(confirmedOffset, last.getLong("update_id") + 1);
        }
        pending.clear();
    }

    int size() {
        return pending.size();
    }

    JsonArray snapshot() {
        JsonArray copy = new JsonArray();
        pending.forEach(u -> copy.add(u.copy()));
        return copy;
    }

    /**
     * Answers a getUpdates call now if anything is pending (or timeout is 0), otherwise holds it until an update
     * arrives or the timeout passes. Any poll already held is answered with the "terminated" conflict first.
     */
    void poll(ApiCall call, int limit, int timeoutSeconds, boolean hang) {
        terminateHeldPoll(TelegramError.of(409, TelegramError.TERMINATED_BY_OTHER_POLL));
        if (hang) {
            hung.add(call);
            call.onAbandon(() -> hung.remove(call));
            return;
        }
        if (!pending.isEmpty() || timeoutSeconds <= 0) {
            call.succeed(batch(limit));
            return;
        }
        HeldPoll poll = new HeldPoll(call, limit);
        poll.timer = vertx.setTimer(timeoutSeconds * 1000L, id -> {
            if (held == poll) {
                held = null;
                call.succeed(new JsonArray());
            }
        });
        call.onAbandon(() -> {
            if (held == poll) {
                held = null;
                vertx.cancelTimer(poll.timer);
            }
        });
        held = poll;
    }

    void terminateHeldPoll(TelegramError error) {
        if (held != null) {
            HeldPoll poll = held;
            held = null;
            vertx.cancelTimer(poll.timer);
            poll.call.fail(error);
        }
    }

    private JsonArray batch(int limit) {
        JsonArray result = new JsonArray();
        Iterator<JsonObject> it = pending.iterator();
        while (it.hasNext() && result.size() < limit) {
            result.add(it.next());
        }
        return result;
    }

    int activePolls() {
        return (held == null ? 0 : 1) + hung.size();
    }

    /**
     * Ends every waiting poll: with {@code error} when given, otherwise silently, leaving the connections to be
     * dropped by the server shutting down.
     */
    void close(TelegramError error) {
        if (held != null) {
            vertx.cancelTimer(held.timer);
            if (error != null) {
                held.call.fail(error);
            }
            held = null;
        }
        if (error != null) {
            hung.forEach(call -> call.fail(error));
        }
        hung.clear();
    }

    private static final class HeldPoll {
        final ApiCall call;
        final int limit;
        long timer;

        HeldPoll(ApiCall call, int limit) {
            this.call = call;
            this.limit = limit;
        }
    }
}
