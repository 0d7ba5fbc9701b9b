package dev.switchboard.store;

import dev.switchboard.config.DatabaseUrl;
import dev.switchboard.testing.TestStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCommitTest {
    @TempDir
    Path dataDir;

    Vertx vertx;
    Database db;

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        db = Database.open(vertx, DatabaseUrl.parse(TestStore.SQLITE.newDatabaseUrl(dataDir)));
    }

    @AfterEach
    void close() {
        db.close();
        vertx.close().await();
    }

    @Test
    void whatArrivesDuringAWriteSharesTheNextTransactionInOrder() throws Exception {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        GroupCommit<Integer> commits = new GroupCommit<>(db, (connection, items) -> batches.add(List.copyOf(items)));
        Context loop = vertx.getOrCreateContext();
        CompletableFuture<Boolean> allOnTheirContext = new CompletableFuture<>();
        loop.runOnContext(v -> {
            // the first starts a transaction at once; the other 99 arrive while it runs
            List<Future<Void>> each = new ArrayList<>();
            IntStream.range(0, 100).forEach(i -> each.add(commits.add(i)));
            List<Boolean> onContext = new CopyOnWriteArrayList<>();
            each.forEach(f -> f.onSuccess(ok -> onContext.add(Vertx.currentContext() == loop)));
            Future.all(each).onComplete(done -> allOnTheirContext.complete(done.succeeded()
                    && onContext.size() == 100 && !onContext.contains(false)));
        });
        assertTrue(allOnTheirContext.get(10, TimeUnit.SECONDS), "every caller hears of its commit on its own context");
        assertEquals(List.of(1, 99), batches.stream().map(List::size).toList());
        assertEquals(IntStream.range(0, 100).boxed().toList(), batches.stream().flatMap(List::stream).toList());
    }

    @Test
    void aFailedBatchFailsEveryoneInItAndTheNextBatchStillRuns() throws Exception {
        GroupCommit<Integer> commits = new GroupCommit<>(db, (connection, items) -> {
            if (items.contains(-1)) {
                throw new java.sql.SQLException("refused");
            }
        });
        Future<Void> refused = commits.add(-1);
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> refused.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals("refused", failure.getCause().getMessage());
        assertNull(commits.add(1).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
}
