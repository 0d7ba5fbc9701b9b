package dev.switchboard.mock.discord;

import dev.switchboard.mock.ControlRequests;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code /_mock/} HTTP endpoints that let an out-of-process benchmark drive the mock: register bots, push
 * messages or a paced burst, send op 7 to sessions, and read stats and latencies. Runs on the server's event loop.
 */
final class ControlApi {

    private static final JsonObject NO_BURST = new JsonObject().put("count", 0).put("pushed", 0).put("done", true);

    private final MockDiscordServer server;
    private Burst burst;

    ControlApi(MockDiscordServer server) {
        this.server = server;
    }

    void handle(HttpServerRequest req) {
        ControlRequests.handle(req, this::route);
    }

    private void route(HttpMethod method, String path, JsonObject body, HttpServerResponse response) {
        String route = method.name() + " " + path;
        switch (route) {
            case "POST /bots" -> addBot(body, response);
            case "POST /push" -> push(body, response);
            case "POST /burst" -> startBurst(body, response);
            case "GET /burst" -> ControlRequests.reply(response, 200, burst == null ? NO_BURST : burst.status());
            case "GET /stats" -> ControlRequests.reply(response, 200, stats());
            case "GET /latencies" -> ControlRequests.reply(response, 200, server.latency().summary());
            case "DELETE /latencies" -> {
                server.latency().reset();
                response.setStatusCode(204).end();
            }
            case "POST /reconnect" -> reconnect(body, response);
            default -> ControlRequests.reply(response, 404, new JsonObject().put("error", "no control endpoint " + route));
        }
    }

    private void addBot(JsonObject body, HttpServerResponse response) {
        String token = body.getString("token");
        String userId = body.getString("userId");
        String applicationId = body.getString("applicationId");
        MockDiscordBot bot = userId == null && applicationId == null
                ? server.addBot(token)
                : server.addBot(token, userId, applicationId);
        ControlRequests.reply(response, 201, new JsonObject()
                .put("token", bot.token()).put("userId", bot.userId()).put("applicationId", bot.applicationId()));
    }

    private void push(JsonObject body, HttpServerResponse response) {
        MockDiscordBot bot = requireBot(body.getString("token"));
        JsonObject d = bot.pushMessageOnLoop(Objects.requireNonNull(body.getString("channelId"), "channelId is required"),
                body.getString("guildId"), body.getString("authorId", Burst.AUTHOR_ID),
                Objects.requireNonNull(body.getString("content"), "content is required"));
        ControlRequests.reply(response, 200, d);
    }

    private void startBurst(JsonObject body, HttpServerResponse response) {
        if (burst != null && !burst.isDone()) {
            ControlRequests.reply(response, 409, new JsonObject().put("error", "a burst is still running").put("burst", burst.status()));
            return;
        }
        List<MockDiscordBot> live = new ArrayList<>();
        for (MockDiscordBot bot : server.botsOnLoop()) {
            if (bot.hasLiveSession()) {
                live.add(bot);
            }
        }
        Burst next = new Burst(server.vertx(), live, body.getInteger("count"), body.getDouble("ratePerSecond", 1000.0));
        burst = next;
        next.start();
        ControlRequests.reply(response, 202, next.status());
    }

    /** Op 7 to one bot's live session, or to every live session; answers how many were sent. */
    private void reconnect(JsonObject body, HttpServerResponse response) {
        String token = body.getString("token");
        List<MockDiscordBot> targets = token == null ? server.botsOnLoop() : List.of(requireBot(token));
        int sent = 0;
        for (MockDiscordBot bot : targets) {
            if (bot.hasLiveSession()) {
                server.gateway().reconnect(bot.currentSession.socket);
                sent++;
            }
        }
        ControlRequests.reply(response, 200, new JsonObject().put("sent", sent));
    }

    private JsonObject stats() {
        long identifies = 0;
        long resumes = 0;
        long posted = 0;
        long rateLimited = 0;
        for (MockDiscordBot bot : server.botsOnLoop()) {
            identifies += bot.log.identifyCount;
            resumes += bot.log.resumeCount;
            posted += bot.log.postedCount;
            rateLimited += bot.log.rateLimitedCount;
        }
        Gateway gateway = server.gateway();
        return new JsonObject()
                .put("bots", server.botsOnLoop().size())
                .put("openSockets", gateway.openSocketCount())
                .put("identifies", identifies)
                .put("resumes", resumes)
                .put("heartbeats", gateway.heartbeats)
                .put("lateHeartbeats", gateway.lateHeartbeats)
                .put("maxHeartbeatLatenessMs", gateway.maxHeartbeatLatenessMs)
                .put("posted", posted)
                .put("interactionCallbacks", server.interactions().callbackCount)
                .put("rateLimited", rateLimited)
                .put("sessions", gateway.sessionCount());
    }

    private MockDiscordBot requireBot(String token) {
        MockDiscordBot bot = token == null ? null : server.botOnLoop(token);
        if (bot == null) {
            throw new IllegalArgumentException("no bot with that token");
        }
        return bot;
    }

    void stopBurst() {
        if (burst != null) {
            burst.stop();
        }
    }
}
