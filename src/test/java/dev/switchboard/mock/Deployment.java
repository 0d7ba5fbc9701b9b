package dev.switchboard.mock;

import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts and stops a mock server's verticle from a test or main thread, blocking until done: the
 * tests want a listening server before their first line, and a closed one after their last.
 */
public final class Deployment {
    private static final long TIMEOUT_SECONDS = 10;

    private Deployment() {
    }

    /** Deploys {@code listener} and returns its deployment id; {@code what} names the mock in errors. */
    public static String start(Vertx vertx, Deployable listener, String what, String host, int port) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException(what + " start blocks; call it from a test or main thread");
        }
        try {
            return vertx.deployVerticle(listener).toCompletionStage().toCompletableFuture()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed to listen on " + host + ":" + port, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not start within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Undeploys, unless Vert.x itself was closed first (which already undeployed it). */
    public static void stop(Vertx vertx, String deploymentId, String what) {
        if (!vertx.deploymentIDs().contains(deploymentId)) {
            return;
        }
        try {
            vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(what + " did not close cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
