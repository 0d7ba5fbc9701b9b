package dev.switchboard.mock.slack;

import io.vertx.core.Context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one event loop that owns all mock state. HTTP and WebSocket handlers already run on it; the Java API, called
 * from test threads, hops onto it and waits for the result, so no state needs locking.
 */
final class ServerLoop {

    private static final long TIMEOUT_SECONDS = 10;

    private final Context context;
    private final Thread thread;

    /** Must be created on the context's own thread. */
    ServerLoop(Context context) {
        this.context = context;
        this.thread = Thread.currentThread();
    }

    Context context() {
        return context;
    }

    boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    <T> T call(Supplier<T> action) {
        // Contexts share event-loop threads, so compare threads rather than contexts: waiting on our own thread
        // would never finish.
        if (isCurrentThread()) {
            return action.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(action.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("mock Slack event loop did not respond within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }
}
