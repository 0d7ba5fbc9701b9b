package dev.switchboard.mock.discord;

import io.vertx.core.Vertx;

/**
 * Runs the mock Discord server as its own process for benchmarks:
 * {@code MockDiscordMain [--port 8083] [--bots 0] [--host 127.0.0.1] [--heartbeat-ms 41250]}.
 *
 * <p>Bot i (1..N) has token {@code bench-discord-<i>}, user id {@code 1100000000000000000 + i} and application id
 * {@code 1200000000000000000 + i}. Once listening it prints {@code MOCK_DISCORD_READY port=<port>} and runs until
 * killed; the control API under {@code /_mock/} drives it from there.
 *
 * <p>Logging is off unless {@code -Dlogback.configurationFile} or {@code -Dslf4j.provider} is given; uncaught
 * exceptions still go to stderr.
 */
public final class MockDiscordMain {

    private MockDiscordMain() {
    }

    public static void main(String[] args) {
        // Unconfigured logback prints Netty's DEBUG start-up chatter to stdout, where scripts wait for the READY line.
        if (System.getProperty("logback.configurationFile") == null && System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        }
        int port = 8083;
        int bots = 0;
        String host = "127.0.0.1";
        Long heartbeatMs = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(require(args[i], value));
                case "--bots" -> bots = Integer.parseInt(require(args[i], value));
                case "--host" -> host = require(args[i], value);
                case "--heartbeat-ms" -> heartbeatMs = Long.parseLong(require(args[i], value));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: --port P --bots N --host H --heartbeat-ms MS)");
            }
            i++;
        }

        Vertx vertx = Vertx.vertx();
        vertx.exceptionHandler(Throwable::printStackTrace);
        MockDiscordServer server = MockDiscordServer.start(vertx, host, port);
        if (heartbeatMs != null) {
            server.settings().setHeartbeatIntervalMs(heartbeatMs);
        }
        for (int i = 1; i <= bots; i++) {
            // a bot is told of its guild (GUILD_CREATE) as on Discord: clients drop messages from guilds they do not know
            server.addBot("bench-discord-" + i, Snowflakes.benchUserId(i), Snowflakes.benchApplicationId(i))
                    .addGuild(Snowflakes.burstGuildId(i - 1));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(vertx::close, "mock-discord-shutdown"));
        System.out.println("MOCK_DISCORD_READY port=" + server.port());
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
