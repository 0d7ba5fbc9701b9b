package dev.switchboard.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The admin token and the JWT key: taken from the configuration when given, otherwise generated
 * once and kept in {@code DATA_DIR} (owner-only), so they survive restarts.
 *
 * @param adminTokenGenerated true only on the start that created the admin token: the one time it is printed
 */
public record Secrets(String adminToken, String jwtSecret, boolean adminTokenGenerated) {

    public static Secrets load(Config config) {
        return load(config, new SecureRandom());
    }

    static Secrets load(Config config, RandomGenerator random) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new ConfigException("DATA_DIR: cannot create " + config.dataDir() + ": " + e.getMessage());
        }
        Path adminFile = config.dataDir().resolve("admin-token");
        boolean generated = config.adminToken().isEmpty() && !Files.exists(adminFile);
        String admin = config.adminToken().orElseGet(() -> readOrCreate(adminFile, "sb_admin_", random));
        String jwt = config.jwtSecret().orElseGet(() -> readOrCreate(config.dataDir().resolve("jwt-secret"), "", random));
        return new Secrets(admin, jwt, generated);
    }

    private static String readOrCreate(Path file, String prefix, RandomGenerator random) {
        try {
            Optional<String> existing = Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
            if (existing.isPresent() && !existing.get().isEmpty()) {
                return existing.get();
            }
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String value = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, value + "\n");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's own permissions have to do
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return value;
        } catch (IOException e) {
            throw new ConfigException("DATA_DIR: cannot write " + file + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "Secrets[adminToken=" + shortPrefix(adminToken) + ", jwtSecret=***]";
    }

    /** What may be shown of a secret: a few leading characters. */
    private static String shortPrefix(String secret) {
        return secret == null ? "null" : secret.substring(0, Math.min(6, secret.length())) + "…";
    }
}
