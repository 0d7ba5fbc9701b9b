package dev.switchboard.testing;

import dev.switchboard.mock.telegram.MockBot;
import dev.switchboard.mock.telegram.MockTelegramServer;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;

/** What a Telegram test talks to: the mock Bot API with one bot, and a mock agent. */
public final class TelegramWorld implements AutoCloseable {
    public final Vertx vertx;
    public final MockTelegramServer telegram;
    public final MockBot bot;
    public final MockAgent agent;

    private TelegramWorld(Vertx vertx, MockTelegramServer telegram, MockBot bot, MockAgent agent) {
        this.vertx = vertx;
        this.telegram = telegram;
        this.bot = bot;
        this.agent = agent;
    }

    /** A bot whose id is the number before the token's colon, as with real tokens. */
    public static TelegramWorld start(String token) throws Exception {
        Vertx vertx = Vertx.vertx();
        MockTelegramServer telegram = MockTelegramServer.start(vertx);
        long botId = Long.parseLong(token.substring(0, token.indexOf(':')));
        MockBot bot = telegram.addBot(token, botId, "bot_" + botId);
        return new TelegramWorld(vertx, telegram, bot, MockAgent.start(vertx));
    }

    /** Gateway settings that point it at this mock, plus {@code more}. */
    public Map<String, String> gatewayEnv(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put("TELEGRAM_API_URL", telegram.apiUrl());
        return env;
    }

    public Map<String, String> gatewayEnv() {
        return gatewayEnv(Map.of());
    }

    @Override
    public void close() {
        telegram.close();
        vertx.close().await();
    }
}
