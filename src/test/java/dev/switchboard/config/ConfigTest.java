package dev.switchboard.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {

    @Test
    void defaultsFollowTheSpec() {
        Config config = Config.from(Map.of());
        assertEquals(3002, config.port());
        assertEquals("0.0.0.0", config.host());
        assertEquals(DatabaseUrl.Kind.SQLITE, config.database().kind());
        assertTrue(config.database().jdbcUrl().endsWith("data/switchboard.db"));
        assertEquals("https://api.telegram.org", config.telegramApiUrl().toString());
        assertEquals("https://slack.com/api", config.slackApiUrl().toString());
        assertEquals("openai/gpt-4-turbo", config.model());
        assertEquals(30.0, config.sessionTimeoutMinutes());
        assertEquals(Duration.ofSeconds(1), config.reconnectBackoffBase());
        assertEquals(Duration.ofSeconds(60), config.reconnectBackoffMax());
        assertEquals(Config.LogFormat.TEXT, config.logFormat());
        assertFalse(config.nodeId().isBlank());
    }

    @Test
    void aBadValueNamesItsVariable() {
        assertEquals("PORT: 70000 is out of range 0..65535",
                assertThrows(ConfigException.class, () -> Config.from(Map.of("PORT", "70000"))).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> Config.from(Map.of("PORT", "http")))
                .getMessage().startsWith("PORT: "));
        assertTrue(assertThrows(ConfigException.class, () -> Config.from(Map.of("TELEGRAM_API_URL", "not a url")))
                .getMessage().startsWith("TELEGRAM_API_URL: "));
        assertTrue(assertThrows(ConfigException.class, () -> Config.from(Map.of("DATABASE_URL", "mysql://x/y")))
                .getMessage().startsWith("DATABASE_URL: unknown scheme 'mysql'"));
        assertTrue(assertThrows(ConfigException.class, () -> Config.from(Map.of("LOG_FORMAT", "xml")))
                .getMessage().startsWith("LOG_FORMAT: "));
        assertTrue(assertThrows(ConfigException.class, () -> Config.from(Map.of("TEMPERATURE", "hot")))
                .getMessage().startsWith("TEMPERATURE: "));
    }

    @Test
    void urlErrorsDoNotEchoTheValueWhichMayHoldAPassword() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Config.from(Map.of("REDIS_URL", "redis://:hunter2@")));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void postgresUrlsBecomeJdbcUrlsWithSeparateCredentials() {
        DatabaseUrl url = Config.from(Map.of("DATABASE_URL", "postgres://sb:p%40ss@db.local/switchboard")).database();
        assertEquals(DatabaseUrl.Kind.POSTGRES, url.kind());
        assertEquals("jdbc:postgresql://db.local:5432/switchboard", url.jdbcUrl());
        assertEquals("sb", url.user());
        assertEquals("p@ss", url.password());
        assertEquals(DatabaseUrl.Kind.POSTGRES,
                DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres").kind());
    }

    @Test
    void theAdminTokenFallsBackToTheInternalToken() {
        Config config = Config.from(Map.of("AGENTIOM_INTERNAL_TOKEN", "internal"));
        assertEquals("internal", config.adminToken().orElseThrow());
        assertEquals("internal", config.wakeToken("admin"));
        assertEquals("admin", Config.from(Map.of()).wakeToken("admin"));
    }

    @Test
    void generatedSecretsAreStoredOnceAndReusedWithoutBeingRegenerated(@TempDir Path dir) throws Exception {
        Config config = Config.from(Map.of("DATA_DIR", dir.toString()));
        Secrets first = Secrets.load(config);
        Secrets second = Secrets.load(config);
        assertTrue(first.adminTokenGenerated());
        assertFalse(second.adminTokenGenerated());
        assertEquals(first.adminToken(), second.adminToken());
        assertEquals(first.jwtSecret(), second.jwtSecret());
        assertNotEquals(first.adminToken(), first.jwtSecret());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("admin-token"))));
        assertFalse(first.toString().contains(first.adminToken()));
    }
}
