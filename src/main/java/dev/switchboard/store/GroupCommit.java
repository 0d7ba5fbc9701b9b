package dev.switchboard.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what arrives while a transaction runs together in the next one, in arrival order: under
 * load, one commit for many small writes instead of one each (group commit). Each caller's future
 * completes on its own context once its item is committed, or fails with its batch. Callers on any
 * thread.
 */
final class GroupCommit<T> {
    @FunctionalInterface
    interface Writer<T> {
        void write(Connection connection, List<T> items) throws SQLException;
    }

    private final Database db;
    private final Writer<T> writer;
    private List<T> items = new ArrayList<>();
    private List<Promise<Void>> waiting = new ArrayList<>();
    private boolean writing;

    GroupCommit(Database db, Writer<T> writer) {
        this.db = db;
        this.writer = writer;
    }

    Future<Void> add(T item) {
        Context caller = Vertx.currentContext();
        Promise<Void> committed = caller instanceof ContextInternal context ? context.promise() : Promise.promise();
        boolean start;
        synchronized (this) {
            items.add(item);
            waiting.add(committed);
            start = !writing;
            writing = true;
        }
        if (start) {
            writeNext();
        }
        return committed.future();
    }

    private void writeNext() {
        List<T> batch;
        List<Promise<Void>> promises;
        synchronized (this) {
            if (items.isEmpty()) {
                writing = false;
                return;
            }
            batch = items;
            promises = waiting;
            items = new ArrayList<>();
            waiting = new ArrayList<>();
        }
        db.<Void>transaction(c -> {
            writer.write(c, batch);
            return null;
        }).onComplete(result -> {
            promises.forEach(p -> p.handle(result));
            writeNext();
        });
    }
}
