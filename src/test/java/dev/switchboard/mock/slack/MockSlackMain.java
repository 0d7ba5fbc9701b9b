package dev.switchboard.mock.slack;

import io.vertx.core.Vertx;

/**
 * Runs the mock Slack server as its own process for benchmarks:
 * {@code MockSlackMain [--port 8082] [--apps 0] [--host 127.0.0.1]}.
 *
 * <p>App i (1..N) has app token {@code xapp-1-A<i>-bench}, bot token {@code xoxb-<i>-bench} and app id
 * {@code A<i>} (team T111, bot user U_BOT, bot id B_BOT). Once listening it prints
 * {@code MOCK_SLACK_READY port=<port>} and runs until killed.
 *
 * <p>Logging is off unless {@code -Dlogback.configurationFile} or {@code -Dslf4j.provider} is given; uncaught
 * exceptions still go to stderr.
 */
public final class MockSlackMain {

    private MockSlackMain() {
    }

    public static void main(String[] args) {
        // Unconfigured logback prints Netty's DEBUG start-up chatter to stdout, where scripts wait for the READY line.
        if (System.getProperty("logback.configurationFile") == null && System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        }
        int port = 8082;
        int apps = 0;
        String host = "127.0.0.1";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(require(args[i], value));
                case "--apps" -> apps = Integer.parseInt(require(args[i], value));
                case "--host" -> host = require(args[i], value);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: --port P --apps N --host H)");
            }
            i++;
        }

        Vertx vertx = Vertx.vertx();
        vertx.exceptionHandler(Throwable::printStackTrace);
        MockSlackServer server = MockSlackServer.start(vertx, host, port);
        for (int i = 1; i <= apps; i++) {
            server.addApp("xapp-1-A" + i + "-bench", "xoxb-" + i + "-bench");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(vertx::close, "mock-slack-shutdown"));
        System.out.println("MOCK_SLACK_READY port=" + server.port());
        System.out.flush();
        // Vert.x's event-loop threads are not daemons, so the process lives on after main returns.
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }
}
