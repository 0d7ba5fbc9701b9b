package dev.switchboard.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/** The two stores every end-to-end test runs against; PostgreSQL gets a fresh schema per gateway. */
public enum TestStore {
    SQLITE, POSTGRES;

    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";

    /** A DATABASE_URL for a new, empty store. */
    public String newDatabaseUrl(Path dataDir) {
        if (this == SQLITE) {
            return "sqlite:" + dataDir.resolve("switchboard.db");
        }
        String schema = "sb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(PG, "postgres", "")) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is needed for this test and is not reachable at "
                    + "127.0.0.1:5432 (database test, user postgres, trust auth): " + e.getMessage(), e);
        }
        return PG + "?user=postgres&currentSchema=" + schema;
    }
}
