package dev.switchboard.testing;

import dev.switchboard.Switchboard;
import dev.switchboard.config.Config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A gateway started in-process on a free port, with short backoffs so recovery tests take
 * milliseconds. {@link #restart} keeps the store: what a process restart would see.
 */
public final class TestGateway implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token";

    private final Map<String, String> env;
    private Switchboard app;
    private boolean stopped;

    private TestGateway(Map<String, String> env) throws Exception {
        this.env = env;
        this.app = Switchboard.start(Config.from(env));
    }

    /** Settings every test gateway shares; {@code overrides} win. */
    public static Map<String, String> environment(TestStore store, Path dataDir, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        env.put("DATA_DIR", dataDir.toString());
        env.put("DATABASE_URL", store.newDatabaseUrl(dataDir));
        env.put("SWITCHBOARD_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("RECONNECT_BACKOFF_BASE_MS", "50");
        env.put("RECONNECT_BACKOFF_MAX_MS", "400");
        env.put("WEBHOOK_BACKOFF_BASE_MS", "50");
        env.put("WEBHOOK_BACKOFF_MAX_MS", "400");
        env.put("WEBHOOK_TIMEOUT_MS", "3000");
        env.put("TELEGRAM_POLL_TIMEOUT", "5");
        // a test's database holds what the test put there
        env.put("DEMO_AGENT", "false");
        env.putAll(overrides);
        return env;
    }

    public static TestGateway start(TestStore store, Path dataDir, Map<String, String> overrides) throws Exception {
        return new TestGateway(environment(store, dataDir, overrides));
    }

    public static TestGateway start(TestStore store, Path dataDir) throws Exception {
        return start(store, dataDir, Map.of());
    }

    public Api api() {
        return new Api("http://127.0.0.1:" + app.port(), ADMIN_TOKEN);
    }

    public String url() {
        return "http://127.0.0.1:" + app.port();
    }

    public Map<String, String> env() {
        return new HashMap<>(env);
    }

    /** Stops (unless {@link #stop} already did) and starts again on the same store and settings, like a process restart. */
    public void restart() throws Exception {
        stop();
        app = Switchboard.start(Config.from(env));
        stopped = false;
    }

    public void stop() {
        if (!stopped) {
            stopped = true;
            app.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
