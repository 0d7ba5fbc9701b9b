package dev.switchboard.testing;

import dev.switchboard.mock.discord.MockDiscordBot;
import dev.switchboard.mock.discord.MockDiscordServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What a Discord test talks to: the mock Discord (REST and gateway) with one bot whose heartbeat
 * interval is short, a mock agent, and a gateway pointed at both with short Discord waits.
 */
public final class DiscordWorld implements AutoCloseable {
    public static final String TOKEN = "MTIz.discord-test.token";

    public final Vertx vertx;
    public final MockDiscordServer discord;
    public final MockDiscordBot bot;
    public final MockAgent agent;

    private DiscordWorld(Vertx vertx, MockDiscordServer discord, MockDiscordBot bot, MockAgent agent) {
        this.vertx = vertx;
        this.discord = discord;
        this.bot = bot;
        this.agent = agent;
    }

    public static DiscordWorld start() throws Exception {
        Vertx vertx = Vertx.vertx();
        MockDiscordServer discord = MockDiscordServer.start(vertx);
        discord.settings().heartbeatIntervalMs(250);
        // short heartbeats send more than Discord's 120 a minute; the budget tests set their own
        discord.settings().sendLimit(100_000);
        discord.settings().identifyWindowMs(300);
        MockDiscordBot bot = discord.addBot(TOKEN);
        DiscordWorld world = new DiscordWorld(vertx, discord, bot, MockAgent.start(vertx));
        return world;
    }

    /** Gateway settings that point it at this mock, plus {@code more}. */
    public Map<String, String> gatewayEnv(Map<String, String> more) {
        Map<String, String> env = new HashMap<>();
        env.put("DISCORD_API_URL", discord.apiUrl());
        env.put("DISCORD_REIDENTIFY_WAIT_MS", "100");
        env.put("DISCORD_IDENTIFY_WINDOW_MS", "300");
        env.put("DISCORD_INTERACTION_DEFER_MS", "1000");
        env.putAll(more);
        return env;
    }

    public TestGateway startGateway(TestStore store, Path dataDir, Map<String, String> more) throws Exception {
        TestGateway gateway = TestGateway.start(store, dataDir, gatewayEnv(more));
        gateway.api().createAgent("agent-1", agent.url());
        return gateway;
    }

    /** POST /connections for the world's bot; {@code extra} adds or overrides config fields. */
    public static Api.Response connect(Api api, String id, JsonObject extra) {
        JsonObject config = new JsonObject().put("agentId", "agent-1").put("platform", "discord")
                .put("discordBotToken", TOKEN).mergeIn(extra);
        return api.post("/connections", new JsonObject().put("integrationId", id).put("config", config));
    }

    @Override
    public void close() {
        agent.close();
        discord.close();
        vertx.close().await();
    }
}
