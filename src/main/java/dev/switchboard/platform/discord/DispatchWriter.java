package dev.switchboard.platform.discord;

import dev.switchboard.core.Event;
import dev.switchboard.platform.Inlet;
import dev.switchboard.store.Inbox;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;

/**
 * Stores a session's dispatches in the order they came, each batch with the cursor that covers it,
 * one transaction at a time: what arrives during a write joins the next batch, so a busy bot costs
 * a few transactions a second rather than one per dispatch. Only a stored sequence number is ever
 * told to Discord (heartbeats, resume), which is how "persist before acknowledging" reads here.
 * Used from the session's context only.
 */
final class DispatchWriter {
    private final Inlet inlet;
    private final String connectionId;
    private Batch next;
    private boolean writing;
    private GatewayCursor stored;
    private Promise<Void> idle;

    /** Events waiting for the next transaction, and the cursor to store with them (null: forget the session). */
    private static final class Batch {
        final List<Event> events = new ArrayList<>();
        final Promise<Void> stored = Promise.promise();
        GatewayCursor cursor;
    }

    DispatchWriter(Inlet inlet, String connectionId, GatewayCursor stored) {
        this.inlet = inlet;
        this.connectionId = connectionId;
        this.stored = stored;
    }

    /** Queues {@code events} with the cursor that follows them; completes once both are stored. */
    Future<Void> write(List<Event> events, GatewayCursor cursor) {
        if (next == null) {
            next = new Batch();
        }
        next.events.addAll(events);
        next.cursor = cursor;
        Future<Void> result = next.stored.future();
        flush();
        return result;
    }

    /** Stores that the session cannot be resumed any more, behind everything queued before. */
    void forget() {
        write(List.of(), null);
    }

    private void flush() {
        if (writing || next == null) {
            return;
        }
        writing = true;
        Batch batch = next;
        next = null;
        String value = batch.cursor == null ? GatewayCursor.FORGOTTEN : batch.cursor.encode();
        inlet.accept(batch.events, new Inbox.CursorMove(connectionId, GatewayCursor.NAME, value)).onComplete(result -> {
            writing = false;
            if (result.succeeded()) {
                stored = batch.cursor;
            }
            batch.stored.handle(result);
            flush();
            if (!writing && idle != null) {
                idle.tryComplete();
                idle = null;
            }
        });
    }

    /** The newest cursor known to be stored (null when none or forgotten): what Discord may be told. */
    GatewayCursor stored() {
        return stored;
    }

    /** Completes when nothing is being written. */
    Future<Void> idle() {
        if (!writing) {
            return Future.succeededFuture();
        }
        if (idle == null) {
            idle = Promise.promise();
        }
        return idle.future();
    }
}
