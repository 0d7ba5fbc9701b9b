package dev.switchboard.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the operator can set, read from the environment and {@code .env} (the real environment
 * wins) and validated at start-up, so that a bad value stops the process with a line naming it
 * instead of failing later in a connection.
 */
public record Config(
        int port,
        String host,
        Path dataDir,
        DatabaseUrl database,
        Optional<String> adminToken,
        Optional<URI> agentiomApiUrl,
        Optional<String> agentiomInternalToken,
        Optional<String> jwtSecret,
        Optional<URI> publicUrl,
        URI slackApiUrl,
        URI discordApiUrl,
        URI telegramApiUrl,
        URI llmBaseUrl,
        Optional<String> llmApiKey,
        String model,
        double temperature,
        int maxTokens,
        int maxHistory,
        double sessionTimeoutMinutes,
        Optional<URI> redisUrl,
        String nodeId,
        LogFormat logFormat,
        boolean metricsPublic,
        Duration reconnectBackoffBase,
        Duration reconnectBackoffMax,
        Duration webhookTimeout,
        Duration webhookBackoffBase,
        Duration webhookBackoffMax,
        int webhookMaxAttempts,
        int telegramPollTimeoutSeconds,
        int telegramSendsPerSecond,
        Duration slackPingInterval,
        Duration slackSilenceTimeout,
        Duration slackResponseWindow,
        Duration discordInteractionDeferAfter,
        Duration discordReidentifyWait,
        Duration discordIdentifyWindow,
        Duration llmTimeout,
        boolean wsAllowAnonymous,
        Duration wsPingInterval,
        int wsMessagesPerMinute,
        boolean demoAgent) {

    public enum LogFormat { TEXT, JSON }

    /** Reads the process environment and {@code ./.env}. */
    public static Config fromEnvironment() {
        Map<String, String> merged = new HashMap<>(EnvFile.read(Path.of(".env")));
        merged.putAll(System.getenv());
        return from(merged);
    }

    public static Config from(Map<String, String> env) {
        Reader r = new Reader(env);
        Path dataDir = Path.of(r.string("DATA_DIR", "./data"));
        return new Config(
                r.integer("PORT", 3002, 0, 65535),
                r.string("HOST", "0.0.0.0"),
                dataDir,
                r.optional("DATABASE_URL").map(v -> r.parse("DATABASE_URL", v, DatabaseUrl::parse))
                        .orElseGet(() -> DatabaseUrl.sqliteIn(dataDir)),
                r.optional("SWITCHBOARD_ADMIN_TOKEN").or(() -> r.optional("AGENTIOM_INTERNAL_TOKEN")),
                r.optionalUrl("AGENTIOM_API_URL"),
                r.optional("AGENTIOM_INTERNAL_TOKEN"),
                r.optional("JWT_SECRET"),
                r.optionalUrl("PUBLIC_URL"),
                r.url("SLACK_API_URL", "https://slack.com/api"),
                r.url("DISCORD_API_URL", "https://discord.com/api/v10"),
                r.url("TELEGRAM_API_URL", "https://api.telegram.org"),
                r.url("LLM_BASE_URL", "https://openrouter.ai/api/v1"),
                r.optional("OPENROUTER_API_KEY").or(() -> r.optional("LLM_API_KEY")),
                r.string("MODEL", "openai/gpt-4-turbo"),
                r.decimal("TEMPERATURE", 0.7, 0, 2),
                r.integer("MAX_TOKENS", 1500, 1, 1_000_000),
                r.integer("MAX_HISTORY", 50, 0, 10_000),
                r.decimal("SESSION_TIMEOUT", 30, 0.001, 525_600),
                r.optionalUrl("REDIS_URL"),
                r.optional("NODE_ID").orElseGet(Config::defaultNodeId),
                r.parse("LOG_FORMAT", r.string("LOG_FORMAT", "text"), Config::logFormat),
                r.bool("METRICS_PUBLIC", false),
                r.millis("RECONNECT_BACKOFF_BASE_MS", 1_000),
                r.millis("RECONNECT_BACKOFF_MAX_MS", 60_000),
                r.millis("WEBHOOK_TIMEOUT_MS", 10_000),
                r.millis("WEBHOOK_BACKOFF_BASE_MS", 1_000),
                r.millis("WEBHOOK_BACKOFF_MAX_MS", 600_000),
                r.integer("WEBHOOK_MAX_ATTEMPTS", 12, 1, 1_000),
                r.integer("TELEGRAM_POLL_TIMEOUT", 25, 0, 50),
                r.integer("TELEGRAM_SENDS_PER_SECOND", 30, 1, 1000),
                r.millis("SLACK_PING_INTERVAL_MS", 10_000),
                r.millis("SLACK_SILENCE_TIMEOUT_MS", 30_000),
                r.millis("SLACK_RESPONSE_WINDOW_MS", 2_000),
                r.millis("DISCORD_INTERACTION_DEFER_MS", 2_000),
                r.millis("DISCORD_REIDENTIFY_WAIT_MS", 5_000),
                r.millis("DISCORD_IDENTIFY_WINDOW_MS", 5_000),
                r.millis("LLM_TIMEOUT_MS", 60_000),
                r.bool("WS_ALLOW_ANONYMOUS", false),
                r.millis("WS_PING_INTERVAL_MS", 30_000),
                r.integer("WS_RATE_LIMIT", 60, 1, 100_000),
                r.bool("DEMO_AGENT", true));
    }

    /** The token sent on wake calls: its own variable, else the admin token. */
    public String wakeToken(String resolvedAdminToken) {
        return agentiomInternalToken.orElse(resolvedAdminToken);
    }

    private static LogFormat logFormat(String value) {
        return switch (value.toLowerCase()) {
            case "text" -> LogFormat.TEXT;
            case "json" -> LogFormat.JSON;
            default -> throw new IllegalArgumentException("expected text or json");
        };
    }

    private static String defaultNodeId() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("node");
        return host + "-" + Long.toString(Math.abs(new java.util.Random().nextLong()) % 46656, 36);
    }

    /** Typed access to the raw strings; every failure names its variable (URLs are not echoed: they may hold passwords). */
    private record Reader(Map<String, String> env) {
        Optional<String> optional(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }

        String string(String name, String fallback) {
            return optional(name).orElse(fallback);
        }

        <T> T parse(String name, String value, Function<String, T> parser) {
            try {
                return parser.apply(value);
            } catch (ConfigException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ConfigException(name + ": " + Optional.ofNullable(e.getMessage()).orElse("invalid value"));
            }
        }

        int integer(String name, int fallback, int min, int max) {
            int value = optional(name).map(v -> parse(name, v, s -> {
                try {
                    return Integer.parseInt(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + s + "' is not a whole number");
                }
            })).orElse(fallback);
            if (value < min || value > max) {
                throw new ConfigException(name + ": " + value + " is out of range " + min + ".." + max);
            }
            return value;
        }

        double decimal(String name, double fallback, double min, double max) {
            double value = optional(name).map(v -> parse(name, v, s -> {
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + s + "' is not a number");
                }
            })).orElse(fallback);
            if (!(value >= min && value <= max)) {
                throw new ConfigException(name + ": " + value + " is out of range " + min + ".." + max);
            }
            return value;
        }

        Duration millis(String name, int fallback) {
            return Duration.ofMillis(integer(name, fallback, 1, Integer.MAX_VALUE));
        }

        boolean bool(String name, boolean fallback) {
            return optional(name).map(v -> parse(name, v, s -> switch (s.toLowerCase()) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new IllegalArgumentException("'" + s + "' is not true or false");
            })).orElse(fallback);
        }

        URI url(String name, String fallback) {
            return parse(name, string(name, fallback), Reader::httpUrl);
        }

        Optional<URI> optionalUrl(String name) {
            return optional(name).map(v -> parse(name, v, Reader::anyUrl));
        }

        private static URI httpUrl(String value) {
            URI uri = anyUrl(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        }

        private static URI anyUrl(String value) {
            try {
                URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("not an absolute URL");
                }
                return uri;
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("not a valid URL");
            }
        }
    }
}
