package dev.switchboard;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigException;

import java.util.Arrays;

/** Reads the configuration, starts the gateway, and stops it cleanly on SIGTERM; or, with {@code chat}, talks to it. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Config config;
        try {
            config = Config.fromEnvironment();
        } catch (ConfigException e) {
            System.err.println("switchboard: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (args.length > 0 && args[0].equals("chat")) {
            try {
                System.exit(ChatCommand.run(config, Arrays.copyOfRange(args, 1, args.length)));
            } catch (Exception e) {
                System.err.println("switchboard chat: " + rootMessage(e));
                System.exit(1);
            }
            return;
        }
        // set before the first logger exists: LogSetup reads it once, and .env may be where it came from
        System.setProperty("switchboard.LOG_FORMAT", config.logFormat().name());
        Switchboard app;
        try {
            app = Switchboard.start(config);
        } catch (ConfigException e) {
            System.err.println("switchboard: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("switchboard: cannot start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        if (app.secrets().adminTokenGenerated()) {
            // printed once, on the start that generated it; it is kept in DATA_DIR/admin-token
            System.out.println("Generated admin token (shown once, stored in " + config.dataDir().resolve("admin-token")
                    + "): " + app.secrets().adminToken());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "shutdown"));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
