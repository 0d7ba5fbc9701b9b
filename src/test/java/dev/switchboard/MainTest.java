package dev.switchboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The process as an operator meets it. */
class MainTest {

    @Test
    void aBadValueStopsStartUpWithOneLineNamingTheVariable(@TempDir Path dir) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()).redirectErrorStream(true).directory(dir.toFile());
        builder.environment().put("PORT", "not-a-port");
        builder.environment().put("DATA_DIR", dir.resolve("data").toString());
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("WARNING:")).toList();
        assertEquals(2, process.exitValue());
        assertEquals(List.of("switchboard: configuration error: PORT: 'not-a-port' is not a whole number"), lines);
    }
}
