package dev.switchboard.mock.telegram;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

/**
 * One Bot API request as a bot sees it: the parsed parameters, the record kept for {@code MockBot.calls}, and the
 * answer still to be given. Decoupling the answer from the HTTP response lets getUpdates answer much later (or
 * never), and lets the server tell a held poll that its client went away.
 */
final class ApiCall {

    final String method;
    final JsonObject params;
    /** The entry in the bot's call log; gains {@code _status} once answered. */
    final JsonObject record;
    private final Promise<Object> answer = Promise.promise();
    private Runnable onAbandon = () -> { };

    ApiCall(String method, JsonObject params) {
        this.method = method;
        this.params = params;
        this.record = params.copy().put("_at", System.currentTimeMillis());
    }

    Future<Object> answer() {
        return answer.future();
    }

    boolean isAnswered() {
        return answer.future().isComplete();
    }

    void succeed(Object result) {
        if (!isAnswered()) {
            record.put("_status", 200);
            answer.complete(result);
        }
    }

    void fail(TelegramError error) {
        if (!isAnswered()) {
            record.put("_status", error.status);
            answer.fail(error);
        }
    }

    /** Registers what to forget if the client disconnects before the answer. */
    void onAbandon(Runnable action) {
        onAbandon = action;
    }

    void abandon() {
        if (!isAnswered()) {
            record.put("_abandoned", true);
            onAbandon.run();
        }
    }
}
