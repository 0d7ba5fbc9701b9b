package dev.switchboard.mock.telegram;

import dev.switchboard.mock.ControlRequests;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
/**
 * The {@code /_mock/} HTTP endpoints that let an out-of-process benchmark drive the mock: register bots, push
 * messages or a paced burst, inject faults and read stats and reply latencies. Runs on the server's event loop.
 */
final class ControlApi {

    private static final JsonObject NO_BURST = new JsonObject().put("count", 0).put("pushed", 0).put("done", true);

    private final MockTelegramServer server;
    private Burst burst;

    ControlApi(MockTelegramServer server) {
        this.server = server;
    }

    void handle(HttpServerRequest req) {
        ControlRequests.handle(req, this::route);
    }

    private void route(HttpMethod method, String path, JsonObject body, HttpServerResponse response) {
        String route = method.name() + " " + path;
        switch (route) {
            case "POST /bots" -> ControlRequests.reply(response, 201, server.addBot(
                    body.getString("token"), body.getLong("id"), body.getString("username")).user());
            case "POST /messages" -> pushMessage(body, response);
            case "POST /burst" -> startBurst(body, response);
            case "GET /burst" -> ControlRequests.reply(response, 200, burst == null ? NO_BURST : burst.status());
            case "GET /stats" -> ControlRequests.reply(response, 200, stats());
            case "GET /latencies" -> ControlRequests.reply(response, 200, server.latency().summary());
            case "DELETE /latencies" -> {
                server.latency().reset();
                response.setStatusCode(204).end();
            }
            case "POST /faults" -> injectFault(body, response);
            default -> {
                if (method == HttpMethod.DELETE && path.startsWith("/bots/")) {
                    server.removeBot(URLDecoder.decode(path.substring("/bots/".length()), StandardCharsets.UTF_8));
                    response.setStatusCode(204).end();
                } else {
                    ControlRequests.reply(response, 404, new JsonObject().put("error", "no control endpoint " + route));
                }
            }
        }
    }

    private void pushMessage(JsonObject body, HttpServerResponse response) {
        MockBot bot = requireBot(body.getString("token"));
        long chatId = body.getLong("chatId");
        String chatType = body.getString("chatType", MockChat.typeForId(chatId));
        long fromId = body.getLong("fromId", chatType.equals("private") ? chatId : 1_000L);
        ControlRequests.reply(response, 200, bot.pushMessage(chatId, chatType, fromId, body.getString("text", "")));
    }

    private void startBurst(JsonObject body, HttpServerResponse response) {
        if (burst != null && !burst.isDone()) {
            ControlRequests.reply(response, 409, new JsonObject().put("error", "a burst is still running").put("burst", burst.status()));
            return;
        }
        Burst next = new Burst(server.vertx(), server.botsOnLoop().values(),
                body.getInteger("count"), body.getDouble("ratePerSecond", 1000.0), body.getInteger("chats", 1));
        burst = next;
        next.start();
        ControlRequests.reply(response, 202, next.status());
    }

    private void injectFault(JsonObject body, HttpServerResponse response) {
        MockBot bot = requireBot(body.getString("token"));
        String method = body.getString("method");
        int count = body.getInteger("count", 1);
        int status = body.getInteger("status");
        String description = body.getString("description", "Injected failure");
        Integer retryAfter = body.getInteger("retryAfter");
        if (retryAfter == null) {
            bot.failNext(method, count, status, description);
        } else {
            bot.failNext(method, count, status, description, retryAfter);
        }
        ControlRequests.reply(response, 200, new JsonObject().put("ok", true));
    }

    private JsonObject stats() {
        int activePolls = 0;
        int pending = 0;
        long getUpdatesCalls = 0;
        long sentMessages = 0;
        for (MockBot bot : server.botsOnLoop().values()) {
            activePolls += bot.activePolls();
            pending += bot.pendingCount();
            getUpdatesCalls += bot.callCount("getUpdates");
            sentMessages += bot.sentMessageCount();
        }
        return new JsonObject()
                .put("bots", server.botsOnLoop().size())
                .put("activePolls", activePolls)
                .put("getUpdatesCalls", getUpdatesCalls)
                .put("sentMessages", sentMessages)
                .put("pending", pending);
    }

    private MockBot requireBot(String token) {
        MockBot bot = server.botsOnLoop().get(token);
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
