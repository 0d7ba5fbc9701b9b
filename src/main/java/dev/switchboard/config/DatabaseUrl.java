package dev.switchboard.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Where the store lives: the embedded SQLite file, or a PostgreSQL server. */
public record DatabaseUrl(Kind kind, String jdbcUrl, String user, String password) {
    public enum Kind { SQLITE, POSTGRES }

    public static DatabaseUrl sqliteIn(Path dataDir) {
        return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite:" + dataDir.resolve("switchboard.db"), null, null);
    }

    /** Accepts {@code sqlite:path}, {@code jdbc:sqlite:path}, {@code postgres[ql]://user:pass@host:port/db} and {@code jdbc:postgresql:...}. */
    public static DatabaseUrl parse(String value) {
        if (value.startsWith("jdbc:sqlite:")) {
            return new DatabaseUrl(Kind.SQLITE, value, null, null);
        }
        if (value.startsWith("sqlite:")) {
            return new DatabaseUrl(Kind.SQLITE, "jdbc:" + value, null, null);
        }
        if (value.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(Kind.POSTGRES, value, null, null);
        }
        if (value.startsWith("postgres://") || value.startsWith("postgresql://")) {
            return fromPostgresUri(value);
        }
        int colon = value.indexOf(':');
        String scheme = colon > 0 ? value.substring(0, colon) : value;
        throw new ConfigException("DATABASE_URL: unknown scheme '" + scheme
                + "' (use sqlite:<file>, postgres://user:pass@host:5432/db or jdbc:postgresql:...)");
    }

    private static DatabaseUrl fromPostgresUri(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (Exception e) {
            throw new ConfigException("DATABASE_URL: not a valid URL");
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new ConfigException("DATABASE_URL: expected postgres://user:pass@host:5432/database");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new DatabaseUrl(Kind.POSTGRES,
                "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getPath() + query, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL without credentials, fit for a log line. */
    public String describe() {
        return jdbcUrl.replaceAll("password=[^&]*", "password=***");
    }
}
