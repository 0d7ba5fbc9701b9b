package dev.switchboard.testing;

import dev.switchboard.Main;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** The gateway as a real child process, for what only a process can show: kill -9 and SIGTERM. */
public final class GatewayProcess {
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    public GatewayProcess(Map<String, String> env, Path log) {
        this.env = env;
        this.log = log;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public GatewayProcess start() throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(javaBin, "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        process = builder.start();
        Api api = api();
        await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> api.withToken(null).get("/health").status() == 200);
        return this;
    }

    public Api api() {
        return new Api("http://127.0.0.1:" + env.get("PORT"), env.get("SWITCHBOARD_ADMIN_TOKEN"));
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns the exit code, or -1 if the process did not stop in time. */
    public int terminate(long seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public void ensureStopped() throws InterruptedException {
        if (alive()) {
            kill();
        }
    }

    public File logFile() {
        return log.toFile();
    }
}
