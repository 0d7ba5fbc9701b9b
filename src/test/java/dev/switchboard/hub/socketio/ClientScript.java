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
 * Runs a client script, with the official socket.io-client (Node.js, src/test/node) or python-socketio
 * (src/test/python), and collects the JSON lines it prints. Fails with what to do when the runtime or
 * the client library is missing.
 */
final class ClientScript {
    static final Path NODE_DIR = Path.of(System.getProperty("user.dir"), "src", "test", "node");
    static final Path PYTHON_DIR = Path.of(System.getProperty("user.dir"), "src", "test", "python");
    /** Debian's python3-socketio installs for the system interpreter, which may not be the first python3 on the PATH. */
    private static final List<String> PYTHONS = List.of("/usr/bin/python3", "python3");

    private ClientScript() {
    }

    static List<JsonObject> node(Duration timeout, String script, String... args) throws Exception {
        requireNode();
        return run(timeout, NODE_DIR, "node", script, args);
    }

    static List<JsonObject> python(Duration timeout, String script, String... args) throws Exception {
        return run(timeout, PYTHON_DIR, python(), script, args);
    }

    private static List<JsonObject> run(Duration timeout, Path dir, String runtime, String script, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(runtime, script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
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
        if (!succeeds("node", "--version")) {
            fail("Node.js is not on the PATH: install Node.js 18 or newer to run the Socket.IO end-to-end tests");
        }
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("socket.io-client"))) {
            fail("socket.io-client is not installed: run `npm ci` in " + NODE_DIR);
        }
    }

    /** The first interpreter that has python-socketio, with the websocket and requests clients it uses by default. */
    private static String python() throws InterruptedException {
        for (String python : PYTHONS) {
            if (succeeds(python, "-c", "import socketio, websocket, requests")) {
                return python;
            }
        }
        return fail("python-socketio is not installed: `apt-get install python3-socketio python3-websocket"
                + " python3-requests` (or pip install python-socketio[client])");
    }

    private static boolean succeeds(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
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
