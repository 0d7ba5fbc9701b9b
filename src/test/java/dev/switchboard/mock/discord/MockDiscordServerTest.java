package dev.switchboard.mock.discord;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mock Discord server against a raw WebSocket and HTTP client: the protocol facts its users rely on. */
class MockDiscordServerTest {

    static final String TOKEN = "token-1";
    static final String GATEWAY_PATH = "/gateway?v=10&encoding=json";
    static final String RESUME_PATH = "/resume?v=10&encoding=json";
    /** GUILDS | GUILD_MEMBERS | GUILD_MESSAGES | GUILD_MESSAGE_REACTIONS | DIRECT_MESSAGES | MESSAGE_CONTENT. */
    static final int INTENTS = 38403;

    Vertx vertx;
    MockDiscordServer discord;
    MockDiscordBot bot;
    HttpClient http;
    Context httpContext;
    /** Held for the whole test: Vert.x closes a client once it is garbage, and its sockets with it. */
    WebSocketClient webSockets;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        discord = MockDiscordServer.start(vertx);
        // long enough that no test step trips the missed-heartbeat close unless it means to
        discord.settings().setHeartbeatIntervalMs(5_000);
        bot = discord.addBot(TOKEN);
        http = vertx.createHttpClient();
        httpContext = vertx.getOrCreateContext();
        webSockets = vertx.createWebSocketClient();
    }

    @AfterEach
    void stop() {
        discord.close();
        vertx.close().await();
    }

    @Test
    void helloIdentifyReadyThenDispatches() {
        bot.addGuild("900");
        RawGateway gw = connect(GATEWAY_PATH);
        JsonObject hello = gw.next();
        assertEquals(10, hello.getInteger("op"));
        assertEquals(5_000, hello.getJsonObject("d").getLong("heartbeat_interval"));

        gw.send(new JsonObject().put("op", 1).put("d", (Object) null));
        assertEquals(11, gw.next().getInteger("op"));

        gw.send(identify(TOKEN, INTENTS));
        JsonObject ready = gw.next();
        assertEquals("READY", ready.getString("t"));
        assertEquals(1, ready.getInteger("s"));
        JsonObject d = ready.getJsonObject("d");
        assertEquals(10, d.getInteger("v"));
        assertEquals(bot.userId(), d.getJsonObject("user").getString("id"));
        assertTrue(d.getJsonObject("user").getBoolean("bot"));
        assertEquals(bot.applicationId(), d.getJsonObject("application").getString("id"));
        assertEquals(discord.resumeGatewayUrl(), d.getString("resume_gateway_url"));
        assertEquals(new JsonArray().add(0).add(1), d.getJsonArray("shard"));
        assertEquals(bot.sessionId(), d.getString("session_id"));
        JsonObject guildCreate = gw.next();
        assertEquals("GUILD_CREATE", guildCreate.getString("t"));
        assertEquals(2, guildCreate.getInteger("s"));

        JsonObject pushed = bot.pushMessage("111", "900", "222", "hello <@" + bot.userId() + ">");
        JsonObject message = gw.next();
        assertEquals("MESSAGE_CREATE", message.getString("t"));
        assertEquals(3, message.getInteger("s"));
        assertEquals(pushed, message.getJsonObject("d"));
        assertEquals(bot.userId(), pushed.getJsonArray("mentions").getJsonObject(0).getString("id"));
        assertFalse(pushed.getJsonObject("author").getBoolean("bot"));

        assertEquals(List.of(GATEWAY_PATH), bot.connectPaths());
        assertEquals(1, bot.identifies().size());
        assertEquals(1, bot.openSockets());
        Response gatewayBot = call(HttpMethod.GET, "/gateway/bot", "Bot " + TOKEN, null);
        assertEquals(200, gatewayBot.status);
        assertEquals(discord.gatewayUrl(), gatewayBot.json().getString("url"));
        assertEquals(999, gatewayBot.json().getJsonObject("session_start_limit").getInteger("remaining"));
        assertEquals(1, bot.gatewayBotCalls());
    }

    @Test
    void badTokenIsRefusedOnTheGatewayAndOverRest() {
        RawGateway gw = connect(GATEWAY_PATH);
        gw.next();
        gw.send(identify("wrong", INTENTS));
        assertEquals(4004, gw.closeCode());

        Response response = call(HttpMethod.GET, "/gateway/bot", "Bot wrong", null);
        assertEquals(401, response.status);
        assertEquals(new JsonObject().put("message", "401: Unauthorized").put("code", 0), response.json());
        assertEquals(1, discord.restRequests("wrong"));
        assertTrue(bot.identifies().isEmpty());
    }

    @Test
    void privilegedIntentNotEnabledInThePortalCloses4014() {
        discord.settings().setPrivilegedIntentsEnabled(2);
        RawGateway gw = connect(GATEWAY_PATH);
        gw.next();
        gw.send(identify(TOKEN, INTENTS));
        assertEquals(4014, gw.closeCode());
        assertNull(bot.sessionId());
        assertEquals(1, bot.identifies().size());
    }

    @Test
    void resumeReplaysBufferedDispatchesThenResumed() {
        RawGateway first = connect(GATEWAY_PATH);
        first.next();
        first.send(identify(TOKEN, INTENTS));
        String sessionId = first.next().getJsonObject("d").getString("session_id");
        bot.pushMessage("111", null, "222", "seen");
        assertEquals(2, first.next().getInteger("s"));

        first.ws.close((short) 4000);
        await().until(() -> bot.openSockets() == 0);
        JsonObject missed1 = bot.pushMessage("111", null, "222", "missed 1");
        JsonObject missed2 = bot.pushMessage("111", null, "222", "missed 2");

        RawGateway second = connect(RESUME_PATH);
        second.next();
        second.send(new JsonObject().put("op", 6).put("d", new JsonObject()
                .put("token", TOKEN).put("session_id", sessionId).put("seq", 2)));
        JsonObject replay1 = second.next();
        JsonObject replay2 = second.next();
        JsonObject resumed = second.next();
        assertEquals(3, replay1.getInteger("s"));
        assertEquals(missed1, replay1.getJsonObject("d"));
        assertEquals(4, replay2.getInteger("s"));
        assertEquals(missed2, replay2.getJsonObject("d"));
        assertEquals("RESUMED", resumed.getString("t"));
        assertEquals(5, resumed.getInteger("s"));

        assertEquals(List.of(4000), bot.clientCloseCodes());
        assertEquals(List.of(GATEWAY_PATH, RESUME_PATH), bot.connectPaths());
        assertEquals(1, bot.resumes().size());
        assertEquals(sessionId, bot.sessionId());
    }

    @Test
    void resumeOfAnExpiredSessionGetsInvalidSessionFalse() {
        RawGateway first = connect(GATEWAY_PATH);
        first.next();
        first.send(identify(TOKEN, INTENTS));
        String sessionId = first.next().getJsonObject("d").getString("session_id");
        first.ws.close((short) 4000);
        await().until(() -> bot.openSockets() == 0);
        bot.expireSession();

        RawGateway second = connect(RESUME_PATH);
        second.next();
        second.send(new JsonObject().put("op", 6).put("d", new JsonObject()
                .put("token", TOKEN).put("session_id", sessionId).put("seq", 1)));
        JsonObject invalid = second.next();
        assertEquals(9, invalid.getInteger("op"));
        assertEquals(false, invalid.getValue("d"));
        assertNull(bot.sessionId());
    }

    @Test
    void restRateLimitsAnswerWithDiscordsHeadersAndBodies() {
        bot.rateLimitChannel("111", 1, 5_000);
        JsonObject body = new JsonObject().put("content", "hi")
                .put("message_reference", new JsonObject().put("message_id", "555"));

        Response ok = call(HttpMethod.POST, "/channels/111/messages", "Bot " + TOKEN, body);
        assertEquals(200, ok.status);
        assertEquals("1", ok.headers.get("X-RateLimit-Limit"));
        assertEquals("0", ok.headers.get("X-RateLimit-Remaining"));
        assertNotNull(ok.headers.get("X-RateLimit-Reset"));
        assertNotNull(ok.headers.get("X-RateLimit-Bucket"));
        JsonObject message = ok.json();
        assertEquals(bot.userId(), message.getJsonObject("author").getString("id"));
        assertTrue(message.getJsonObject("author").getBoolean("bot"));
        assertEquals("555", message.getJsonObject("message_reference").getString("message_id"));

        Response limited = call(HttpMethod.POST, "/channels/111/messages", "Bot " + TOKEN, body);
        assertEquals(429, limited.status);
        assertEquals("user", limited.headers.get("X-RateLimit-Scope"));
        int retryAfterHeader = Integer.parseInt(limited.headers.get("Retry-After"));
        double retryAfter = limited.json().getDouble("retry_after");
        assertTrue(retryAfter > 0 && retryAfter <= 5 && retryAfterHeader == (int) Math.ceil(retryAfter));
        assertEquals(false, limited.json().getBoolean("global"));

        bot.globalRateLimit(1, 2.5);
        Response global = call(HttpMethod.POST, "/channels/222/messages", "Bot " + TOKEN, body);
        assertEquals(429, global.status);
        assertEquals("true", global.headers.get("X-RateLimit-Global"));
        assertEquals("global", global.headers.get("X-RateLimit-Scope"));
        assertEquals("3", global.headers.get("Retry-After"));
        assertEquals(true, global.json().getBoolean("global"));

        Response tooLong = call(HttpMethod.POST, "/channels/222/messages", "Bot " + TOKEN,
                new JsonObject().put("content", "x".repeat(2001)));
        assertEquals(400, tooLong.status);
        assertEquals(50035, tooLong.json().getInteger("code"));

        assertEquals(1, bot.postedMessages().size());
        assertEquals(List.of(false, true), bot.rateLimited().stream().map(r -> r.getBoolean("global")).toList());
    }

    @Test
    void interactionCallbackIsAcceptedOnceWithinTheDeadline() throws InterruptedException {
        JsonObject interaction = bot.pushInteraction("111", "900", "222", "ask", null);
        String callback = "/interactions/" + interaction.getString("id") + "/" + interaction.getString("token")
                + "/callback";
        JsonObject answer = new JsonObject().put("type", 4).put("data", new JsonObject().put("content", "42"));

        assertEquals(204, call(HttpMethod.POST, callback, null, answer).status);
        Response repeat = call(HttpMethod.POST, callback, null, answer);
        assertEquals(400, repeat.status);
        assertEquals(40060, repeat.json().getInteger("code"));
        Response unknown = call(HttpMethod.POST, "/interactions/1/nope/callback", null, answer);
        assertEquals(404, unknown.status);
        assertEquals(10062, unknown.json().getInteger("code"));

        String webhook = "/webhooks/" + bot.applicationId() + "/" + interaction.getString("token");
        assertEquals(200, call(HttpMethod.POST, webhook, null, new JsonObject().put("content", "more")).status);
        Response edited = call(HttpMethod.PATCH, webhook + "/messages/@original", null,
                new JsonObject().put("content", "43"));
        assertEquals(200, edited.status);
        assertEquals("43", edited.json().getString("content"));

        discord.settings().setInteractionDeadlineMs(0);
        JsonObject late = bot.pushInteraction("111", null, "222", "ask", null);
        Thread.sleep(10);
        Response tooLate = call(HttpMethod.POST, "/interactions/" + late.getString("id") + "/"
                + late.getString("token") + "/callback", null, answer);
        assertEquals(404, tooLate.status);
        assertEquals(10062, tooLate.json().getInteger("code"));

        assertEquals(List.of(204, 400, 404),
                bot.interactionCallbacks().stream().map(c -> c.getInteger("status")).toList());
        assertEquals(1, bot.followUps().size());
        assertEquals(1, bot.originalEdits().size());
    }

    @Test
    void protocolViolationsAndMissedHeartbeatsCloseWithTheirCodes() {
        RawGateway early = connect(GATEWAY_PATH);
        early.next();
        early.send(new JsonObject().put("op", 3).put("d", new JsonObject()));
        assertEquals(4003, early.closeCode());

        RawGateway oldVersion = connect("/gateway?v=9&encoding=json");
        assertEquals(4012, oldVersion.closeCode());

        RawGateway oversized = connect(GATEWAY_PATH);
        oversized.next();
        oversized.ws.writeTextMessage("{\"op\":1,\"d\":\"" + "x".repeat(5000) + "\"}");
        assertEquals(4002, oversized.closeCode());

        discord.settings().setHeartbeatIntervalMs(100);
        RawGateway silent = connect(GATEWAY_PATH);
        silent.next();
        silent.send(identify(TOKEN, INTENTS));
        assertEquals("READY", silent.next().getString("t"));
        assertEquals(4009, silent.closeCode());
        assertNull(bot.sessionId()); // 4009 ends the session
        assertTrue(bot.clientCloseCodes().isEmpty()); // the server closed every one of these
    }

    // ---------------------------------------------------------------- helpers

    static JsonObject identify(String token, int intents) {
        return new JsonObject().put("op", 2).put("d", new JsonObject()
                .put("token", token)
                .put("intents", intents)
                .put("properties", new JsonObject().put("os", "linux").put("browser", "test").put("device", "test")));
    }

    RawGateway connect(String uri) {
        return new RawGateway(webSockets, discord.port(), uri);
    }

    Response call(HttpMethod method, String path, String authorization, JsonObject body) {
        // The whole exchange runs on one context: a response body can't then arrive before its handler is set.
        Promise<Response> response = Promise.promise();
        httpContext.runOnContext(v -> http.request(new RequestOptions().setMethod(method).setHost("127.0.0.1")
                        .setPort(discord.port()).setURI("/api/v10" + path))
                .compose(req -> {
                    if (authorization != null) {
                        req.putHeader("Authorization", authorization);
                    }
                    req.putHeader("Content-Type", "application/json");
                    return body == null ? req.send() : req.send(body.toBuffer());
                })
                .compose(resp -> resp.body().map(b -> new Response(resp.statusCode(), resp.headers(), b.toString())))
                .onComplete(response));
        try {
            return response.future().await(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to " + method + " " + path + " within 5 s", e);
        }
    }

    record Response(int status, MultiMap headers, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    /** A bare gateway client: every payload it receives is queued, acks included. */
    static final class RawGateway {
        final ClientWebSocket ws;
        final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Short> closed = new CompletableFuture<>();

        RawGateway(WebSocketClient client, int port, String uri) {
            ws = client.webSocket();
            ws.textMessageHandler(text -> received.add(new JsonObject(text)));
            ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
            ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri)).await();
        }

        void send(JsonObject payload) {
            ws.writeTextMessage(payload.encode()).await();
        }

        JsonObject next() {
            try {
                JsonObject payload = received.poll(5, TimeUnit.SECONDS);
                assertNotNull(payload, "no payload within 5 s");
                return payload;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The code of the close frame the server sent. */
        int closeCode() {
            try {
                Short code = closed.get(5, TimeUnit.SECONDS);
                assertNotNull(code, "closed without a close frame");
                return code;
            } catch (Exception e) {
                throw new AssertionError("socket not closed within 5 s", e);
            }
        }
    }
}
