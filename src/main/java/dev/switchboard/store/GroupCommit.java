package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what arrives while a transaction runs together in the next one, in arrival order: under
 * load, one commit for many small writes instead of one each (group commit). Each caller's future
 * completes on its own context once its item is committed, or fails with its batch. Callers on any
 * thread.
 * <p>
 * The store's thread queues the next batch itself as soon as a commit is done, while the callers'
 * event loops are still busy with the last one: the writer never waits for an event loop. Each
 * batch is a task of its own, so reads and other transactions queued meanwhile get their turn.
 */
final class GroupCommit<T> {
    @FunctionalInterface
    interface Writer<T> {
        void write(Connection connection, List<T> items) throws SQLException;
    }

    private final Database db;
    private final Writer<T> writer;
    private List<T> items = new ArrayList<>();
    private List<Waiting> waiting = new ArrayList<>();
    private boolean writing;

    GroupCommit(Database db, Writer<T> writer) {
        this.db = db;
        this.writer = writer;
    }

    Future<Void> add(T item) {
        ContextInternal caller = Vertx.currentContext() instanceof ContextInternal context ? context : null;
        Promise<Void> committed = caller != null ? caller.promise() : Promise.promise();
        boolean start;
        synchronized (this) {
            items.add(item);
            waiting.add(new Waiting(caller, committed));
            start = !writing;
            writing = true;
        }
        if (start) {
            queueBatch();
        }
        return committed.future();
    }

    private void queueBatch() {
        db.submit(this::writeBatch).onFailure(refused -> {
            // the store is closed: nothing more will be written
            List<Waiting> callers;
            synchronized (this) {
                callers = waiting;
                items = new ArrayList<>();
                waiting = new ArrayList<>();
                writing = false;
            }
            tell(callers, refused);
        });
    }

    /** On the store's thread: one transaction for everything waiting, then the next batch queued. */
    private Void writeBatch() {
        List<T> batch;
        List<Waiting> callers;
        synchronized (this) {
            batch = items;
            callers = waiting;
            items = new ArrayList<>();
            waiting = new ArrayList<>();
        }
        Throwable failure = null;
        try {
            db.inTransaction(c -> {
                writer.write(c, batch);
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            failure = e;
        }
        tell(callers, failure);
        boolean more;
        synchronized (this) {
            more = !items.isEmpty();
            writing = more;
        }
        if (more) {
            queueBatch();
        }
        return null;
    }

    /**
     * Completes (or fails, {@code failure} not null) every caller's future: one task for each caller
     * context with all of its callers, rather than a task and a wake-up of its event loop for each.
     */
    private static void tell(List<Waiting> callers, Throwable failure) {
        Map<ContextInternal, List<Promise<Void>>> byContext = new LinkedHashMap<>();
        for (Waiting caller : callers) {
            if (caller.context == null) {
                complete(caller.promise, failure);
            } else {
                byContext.computeIfAbsent(caller.context, c -> new ArrayList<>()).add(caller.promise);
            }
        }
        byContext.forEach((context, promises) -> context.execute(() -> promises.forEach(p -> complete(p, failure))));
    }

    private static void complete(Promise<Void> promise, Throwable failure) {
        if (failure == null) {
            promise.tryComplete();
        } else {
            promise.tryFail(failure);
        }
    }

    private record Waiting(ContextInternal context, Promise<Void> promise) {
    }
}
