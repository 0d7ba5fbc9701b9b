package dev.switchboard.mock.telegram;

import io.vertx.core.Vertx;

/**
 * Runs the mock Telegram Bot API as its own process for benchmarks:
 * {@code MockTelegramMain [--port 8081] [--bots 0] [--host 127.0.0.1]}.
 *
 * <p>Bot i (1..N) has token {@code <1000000+i>:benchtoken<i>}, id {@code 1000000+i} and username
 * {@code bench_bot_<i>}. Once listening it prints {@code MOCK_TELEGRAM_READY port=<port>} and runs until killed.
 *
 * <p>Logging is off unless {@code -Dlogback.configurationFile} or {@code -Dslf4j.provider} is given; uncaught
 * exceptions still go to stderr.
 */
public final class MockTelegramMain {

    private MockTelegramMain() {
    }

    public static void main(String[] args) {
        // Unconfigured logback prints Netty's DEBUG start-up chatter to stdout, where scripts wait for the READY line.
        if (System.getProperty("logback.configurationFile") == null && System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        }
        int port = 8081;
        int bots = 0;
        String host = "127.0.0.1";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(require(args[i], value));
                case "--bots" -> bots = Integer.parseInt(require(args[i], value));
                case "--host" -> host = require(args[i], value);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: --port P --bots N --host H)");
            }
            i++;
        }

        Vertx vertx = Vertx.vertx();
        vertx.exceptionHandler(Throwable::printStackTrace);
        MockTelegramServer server = MockTelegramServer.start(vertx, host, port);
        for (int i = 1; i <= bots; i++) {
            long id = 1_000_000L + i;
            server.addBot(id + ":benchtoken" + i, id, "bench_bot_" + i);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(vertx::close, "mock-telegram-shutdown"));
        System.out.println("MOCK_TELEGRAM_READY port=" + server.port());
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
