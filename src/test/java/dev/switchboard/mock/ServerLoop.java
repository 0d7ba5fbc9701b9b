package dev.switchboard.mock;

import io.vertx.core.Context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one event loop that owns all of a mock server's state. HTTP and WebSocket handlers already run on it; the
 * Java API, called from test threads, hops onto it and waits for the result, so no state needs locking.
 */
public final class ServerLoop {

    private static final long TIMEOUT_SECONDS = 10;

    private final Context context;
    private final Thread thread;
    private final String name;

    /** Must be created on the context's own thread; {@code name} says whose loop it is in errors. */
    public ServerLoop(Context context, String name) {
        this.context = context;
        this.thread = Thread.currentThread();
        this.name = name;
    }

    public Context context() {
        return context;
    }

    public boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    public <T> T call(Supplier<T> action) {
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
            throw new IllegalStateException(name + " event loop did not respond within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }
}
