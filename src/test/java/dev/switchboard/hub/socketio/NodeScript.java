package dev.switchboard.hub.socketio;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a script of src/test/node with the official socket.io-client and collects the JSON lines it
 * prints. Fails with what to do when Node or the client is missing.
 */
final class NodeScript {
    static final Path DIR = Path.of(System.getProperty("user.dir"), "src", "test", "node");

    private NodeScript() {
    }

    static List<JsonObject> run(Duration timeout, String script, String... args) throws Exception {
        requireNode();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).start();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        List<JsonObject> lines = new ArrayList<>();
        CompletableFuture<Void> output = CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("{")) {
                        synchronized (lines) {
                            lines.add(new JsonObject(line));
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            fail(script + " did not finish in " + timeout + "; it printed " + lines + " and on stderr: "
                    + errors.getNow(""));
        }
        output.get(5, TimeUnit.SECONDS);
        if (process.exitValue() != 0) {
            fail(script + " exited with " + process.exitValue() + "; it printed " + lines + " and on stderr: "
                    + errors.get(5, TimeUnit.SECONDS));
        }
        return lines;
    }

    private static void requireNode() throws InterruptedException {
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!version.waitFor(10, TimeUnit.SECONDS) || version.exitValue() != 0) {
                fail("`node --version` failed: install Node.js 18 or newer to run the Socket.IO end-to-end tests");
            }
        } catch (IOException e) {
            fail("Node.js is not on the PATH: install Node.js 18 or newer to run the Socket.IO end-to-end tests");
        }
        if (!Files.isDirectory(DIR.resolve("node_modules").resolve("socket.io-client"))) {
            fail("socket.io-client is not installed: run `npm ci` in " + DIR);
        }
    }

    private static String readAll(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
