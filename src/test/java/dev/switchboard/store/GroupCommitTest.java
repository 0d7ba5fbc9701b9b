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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
        CountDownLatch firstWriteRunning = new CountDownLatch(1);
        CountDownLatch restAdded = new CountDownLatch(1);
        GroupCommit<Integer> commits = new GroupCommit<>(db, (connection, items) -> {
            batches.add(List.copyOf(items));
            if (batches.size() == 1) {
                firstWriteRunning.countDown();
                await(restAdded);
            }
        });
        Context loop = vertx.getOrCreateContext();
        List<Future<Void>> each = new CopyOnWriteArrayList<>();
        loop.runOnContext(v -> each.add(commits.add(0)));
        assertTrue(firstWriteRunning.await(10, TimeUnit.SECONDS));
        CompletableFuture<Boolean> allOnTheirContext = new CompletableFuture<>();
        loop.runOnContext(v -> {
            // the other 99 arrive while the first transaction runs
            IntStream.range(1, 100).forEach(i -> each.add(commits.add(i)));
            restAdded.countDown();
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
    void aReadQueuedDuringABusyStreamOfWritesGetsItsTurn() throws Exception {
        CountDownLatch readDone = new CountDownLatch(1);
        GroupCommit<Integer> commits = new GroupCommit<>(db, (connection, items) -> { });
        // a writer that always has more to write: each commit's caller adds the next item
        Context loop = vertx.getOrCreateContext();
        loop.runOnContext(v -> keepAdding(commits, readDone));
        db.read(c -> 1).onSuccess(one -> readDone.countDown());
        assertTrue(readDone.await(10, TimeUnit.SECONDS), "the read ran between the batches");
    }

    private static void keepAdding(GroupCommit<Integer> commits, CountDownLatch until) {
        if (until.getCount() > 0) {
            commits.add(1).onSuccess(ok -> keepAdding(commits, until));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
