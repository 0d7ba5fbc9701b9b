package dev.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.config.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * The connection pool, the migrations and the threads JDBC runs on. Every query goes through
 * {@link #read} or {@link #transaction}, which run it on a worker pool and hand the result back to
 * the caller's event loop: JDBC never blocks an event loop. SQLite gets one connection and one
 * thread (it has one writer anyway, and this avoids SQLITE_BUSY); PostgreSQL a small pool.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final WorkerExecutor executor;
    private final DatabaseUrl url;

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Database(HikariDataSource dataSource, WorkerExecutor executor, DatabaseUrl url) {
        this.dataSource = dataSource;
        this.executor = executor;
        this.url = url;
    }

    /** Opens the pool and migrates the schema; blocking, called once at start-up. */
    public static Database open(Vertx vertx, DatabaseUrl url) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url.jdbcUrl());
        hikari.setPoolName("store");
        int size;
        if (url.kind() == DatabaseUrl.Kind.SQLITE) {
            size = 1;
            // WAL: readers never wait for the writer. synchronous=NORMAL: a commit survives a process
            // crash (kill -9), only an OS crash or power loss can take the last transactions.
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("busy_timeout", "10000");
            hikari.addDataSourceProperty("foreign_keys", "true");
        } else {
            size = 8;
            if (url.user() != null) {
                hikari.setUsername(url.user());
            }
            if (url.password() != null) {
                hikari.setPassword(url.password());
            }
        }
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(10_000);
        hikari.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot open the database at " + url.describe() + ": " + rootMessage(e), e);
        }
        // one set of migrations for both: the only dialect difference so far is the auto-numbered key
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common")
                .placeholders(Map.of("serial_key", url.kind() == DatabaseUrl.Kind.SQLITE
                        ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"))
                .load()
                .migrate();
        WorkerExecutor executor = vertx.createSharedWorkerExecutor("store", size);
        return new Database(dataSource, executor, url);
    }

    public DatabaseUrl url() {
        return url;
    }

    public <T> Future<T> read(Work<T> work) {
        return submit(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            }
        });
    }

    /** Runs {@code work} in one transaction: all of it is stored, or none. */
    public <T> Future<T> transaction(Work<T> work) {
        return submit(() -> inTransaction(work));
    }

    /** Runs {@code work} on the store's threads, after what is queued there already. */
    <T> Future<T> submit(java.util.concurrent.Callable<T> work) {
        try {
            return executor.executeBlocking(work, false);
        } catch (RejectedExecutionException e) {
            // the store closed during shutdown: whatever asked simply did not happen, and says so
            return Future.failedFuture(new StoreUnavailableException("the store is closed", e));
        }
    }

    /** Runs {@code work} in one transaction on the calling thread, which must be one of the store's. */
    <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    @Override
    public void close() {
        executor.close();
        dataSource.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    public static final class StoreUnavailableException extends RuntimeException {
        StoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
