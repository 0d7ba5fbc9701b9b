package dev.switchboard.mock.slack;

import dev.switchboard.mock.ControlRequests;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The {@code /_mock/} HTTP endpoints that let an out-of-process benchmark drive the mock: register apps, push
 * messages or a paced burst, refresh sockets, and read stats and latencies. Also receives what clients POST to
 * response_url. Runs on the server's event loop.
 */
final class ControlApi {

    private static final JsonObject NO_BURST = new JsonObject().put("count", 0).put("pushed", 0).put("done", true);
    private static final String RESPONSE_PREFIX = "/response/";

    private final MockSlackServer server;
    private Burst burst;

    ControlApi(MockSlackServer server) {
        this.server = server;
    }

    void handle(HttpServerRequest req) {
        ControlRequests.handle(req, this::route);
    }

    private void route(HttpMethod method, String path, JsonObject body, HttpServerResponse response) {
        String route = method.name() + " " + path;
        switch (route) {
            case "POST /apps" -> addApp(body, response);
            case "POST /push" -> push(body, response);
            case "POST /burst" -> startBurst(body, response);
            case "GET /burst" -> ControlRequests.reply(response, 200, burst == null ? NO_BURST : burst.status());
            case "GET /stats" -> ControlRequests.reply(response, 200, stats());
            case "GET /latencies" -> ControlRequests.reply(response, 200, server.latency().summary());
            case "DELETE /latencies" -> {
                server.latency().reset();
                response.setStatusCode(204).end();
            }
            case "POST /refresh" -> refresh(body, response);
            default -> {
                if (method == HttpMethod.POST && path.startsWith(RESPONSE_PREFIX)) {
                    responseUrl(path, body, response);
                } else {
                    ControlRequests.reply(response, 404, new JsonObject().put("error", "no control endpoint " + route));
                }
            }
        }
    }

    private void addApp(JsonObject body, HttpServerResponse response) {
        MockSlackApp app = server.addApp(body.getString("appToken"), body.getString("botToken"),
                body.getString("appId"), body.getString("teamId", "T111"), body.getString("botUserId", "U_BOT"),
                body.getString("botId", "B_BOT"));
        ControlRequests.reply(response, 201, new JsonObject()
                .put("appId", app.appId()).put("teamId", app.teamId())
                .put("botUserId", app.botUserId()).put("botId", app.botId()));
    }

    private void push(JsonObject body, HttpServerResponse response) {
        MockSlackApp app = requireApp(body.getString("appToken"));
        String channel = body.getString("channel");
        String threadTs = body.getString("threadTs");
        JsonObject envelope = app.envelopes().message(channel, Envelopes.channelType(channel),
                body.getString("user", "U222"), body.getString("text", ""), threadTs);
        ControlRequests.reply(response, 200, app.pushOnLoop(envelope, null, true));
    }

    private void startBurst(JsonObject body, HttpServerResponse response) {
        if (burst != null && !burst.isDone()) {
            ControlRequests.reply(response, 409, new JsonObject().put("error", "a burst is still running").put("burst", burst.status()));
            return;
        }
        Burst next = new Burst(server.vertx(), server.appsOnLoop().values(),
                body.getInteger("count"), body.getDouble("ratePerSecond", 1000.0));
        burst = next;
        next.start();
        ControlRequests.reply(response, 202, next.status());
    }

    private void refresh(JsonObject body, HttpServerResponse response) {
        String token = body.getString("appToken");
        Long warningMs = body.getLong("warningMs");
        Duration lead = warningMs == null ? null : Duration.ofMillis(Math.max(0, warningMs));
        int refreshed = 0;
        if (token == null) {
            for (MockSlackApp app : server.appsOnLoop().values()) {
                refreshed += app.refreshAllOnLoop(lead);
            }
        } else {
            refreshed = requireApp(token).refreshAllOnLoop(lead);
        }
        ControlRequests.reply(response, 200, new JsonObject().put("refreshed", refreshed));
    }

    /** {@code /response/<appId>/<n>}: what a client POSTs to a slash command's or interaction's response_url. */
    private void responseUrl(String path, JsonObject body, HttpServerResponse response) {
        String rest = path.substring(RESPONSE_PREFIX.length());
        int slash = rest.indexOf('/');
        String appId = slash < 0 ? rest : rest.substring(0, slash);
        for (MockSlackApp app : server.appsOnLoop().values()) {
            if (app.appId().equals(appId)) {
                app.responseUrlPost(path, body);
                ControlRequests.reply(response, 200, new JsonObject().put("ok", true));
                return;
            }
        }
        ControlRequests.reply(response, 404, new JsonObject().put("ok", false).put("error", "expired_url"));
    }

    private JsonObject stats() {
        int openSockets = 0;
        long acks = 0;
        long outstanding = 0;
        long posted = 0;
        for (MockSlackApp app : server.appsOnLoop().values()) {
            openSockets += app.openSocketsOnLoop();
            acks += app.ackCountOnLoop();
            outstanding += app.outstandingOnLoop();
            posted += app.postedCountOnLoop();
        }
        return new JsonObject()
                .put("apps", server.appsOnLoop().size())
                .put("openSockets", openSockets)
                .put("acks", acks)
                .put("outstanding", outstanding)
                .put("posted", posted);
    }

    private MockSlackApp requireApp(String token) {
        MockSlackApp app = token == null ? null : server.appFor(token);
        if (app == null) {
            throw new IllegalArgumentException("no app with that token");
        }
        return app;
    }

    void stopBurst() {
        if (burst != null) {
            burst.stop();
        }
    }
}
