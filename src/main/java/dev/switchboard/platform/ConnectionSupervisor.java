package dev.switchboard.platform;

import dev.switchboard.core.Connection;
import dev.switchboard.core.ConnectionStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps one platform connection up: opens a session, reopens it after a failure with backoff and
 * full jitter, and stops for good on a fatal error, showing the platform's reason. All state
 * changes happen on the supervisor's own context, so none of it needs locking.
 */
public final class ConnectionSupervisor {
    private static final Logger log = LoggerFactory.getLogger(ConnectionSupervisor.class);

    private final Connection connection;
    private final Connector connector;
    private final Inlet inlet;
    private final Backoff backoff;
    private final Clock clock;
    private final Context context;
    /** A session that stayed up this long has proven the configuration works: the next failure starts backoff afresh. */
    private final Duration stableAfter;

    private volatile ConnectionStatus status = ConnectionStatus.CONNECTING;
    private volatile String lastError;
    private volatile Instant connectedAt;
    private volatile int reconnects;
    private volatile long eventsReceived;
    private volatile Instant lastEventAt;

    private PlatformSession session;
    private int failures;
    private long retryTimer = -1;
    private boolean stopped;

    public ConnectionSupervisor(Connection connection, Connector connector, Inlet inlet, Backoff backoff, Clock clock,
                                Context context, Duration stableAfter) {
        this.connection = connection;
        this.connector = connector;
        this.backoff = backoff;
        this.clock = clock;
        this.context = context;
        this.stableAfter = stableAfter;
        this.inlet = (events, cursor) -> inlet.accept(events, cursor).onSuccess(v -> {
            if (!events.isEmpty()) {
                eventsReceived += events.size();
                lastEventAt = clock.instant();
            }
        });
    }

    public Connection connection() {
        return connection;
    }

    public ConnectionStatus status() {
        return status;
    }

    public void start() {
        context.runOnContext(v -> openSession());
    }

    /** Closes the current session and opens a new one at once; also the way out of {@code error}. */
    public Future<Void> reconnect() {
        return onContext(() -> closeSession(false).onComplete(done -> {
            stopped = false;
            failures = 0;
            lastError = null;
            reconnects++;
            openSession();
        }));
    }

    /** Stops for good. {@code forget}: the connection is being deleted, remove platform-side state too. */
    public Future<Void> stop(boolean forget) {
        return onContext(() -> {
            stopped = true;
            return closeSession(forget).onComplete(done -> status = ConnectionStatus.DISCONNECTED);
        });
    }

    public JsonObject view() {
        return new JsonObject()
                .put("integrationId", connection.id())
                .put("agentId", connection.agentId())
                .put("platform", connection.platform().wireName())
                .put("name", connection.name())
                .put("eventFilter", connection.eventFilter())
                .put("status", status.wireName())
                .put("lastError", lastError)
                .put("connectedAt", connectedAt == null ? null : connectedAt.toString())
                .put("reconnects", reconnects)
                .put("eventsReceived", eventsReceived)
                .put("lastEventAt", lastEventAt == null ? null : lastEventAt.toString())
                .put("createdAt", connection.createdAt().toString());
    }

    private void openSession() {
        if (stopped) {
            return;
        }
        retryTimer = -1;
        status = ConnectionStatus.CONNECTING;
        PlatformSession opened = connector.open(connection, inlet);
        session = opened;
        opened.connected().onSuccess(v -> {
            if (session == opened && !stopped) {
                status = ConnectionStatus.CONNECTED;
                connectedAt = clock.instant();
                lastError = null;
                log.info("connection {} ({}) connected", connection.id(), connection.platform());
            }
        });
        opened.ended().onComplete(result -> {
            if (session != opened || stopped) {
                return;
            }
            session = null;
            onSessionEnded(result.succeeded()
                    ? PlatformException.transientFailure("the platform closed the connection", (Throwable) null)
                    : PlatformException.classify(result.cause()));
        });
    }

    private void onSessionEnded(PlatformException reason) {
        lastError = reason.getMessage();
        if (reason.kind() == PlatformException.Kind.FATAL) {
            status = ConnectionStatus.ERROR;
            log.warn("connection {} ({}) stopped: {}", connection.id(), connection.platform(), reason.getMessage());
            return;
        }
        boolean wasStable = connectedAt != null && status == ConnectionStatus.CONNECTED
                && Duration.between(connectedAt, clock.instant()).compareTo(stableAfter) >= 0;
        failures = wasStable ? 1 : failures + 1;
        status = ConnectionStatus.DISCONNECTED;
        Duration delay = backoff.delay(failures - 1, reason.retryAfter());
        log.info("connection {} ({}) lost: {}; retrying in {} ms", connection.id(), connection.platform(),
                reason.getMessage(), delay.toMillis());
        reconnects++;
        retryTimer = context.owner().setTimer(Math.max(1, delay.toMillis()), id -> openSession());
    }

    private Future<Void> closeSession(boolean forget) {
        if (retryTimer >= 0) {
            context.owner().cancelTimer(retryTimer);
            retryTimer = -1;
        }
        PlatformSession current = session;
        session = null;
        return current == null ? Future.succeededFuture() : current.close(forget).recover(e -> Future.succeededFuture());
    }

    private Future<Void> onContext(java.util.function.Supplier<Future<Void>> action) {
        Promise<Void> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }
}
