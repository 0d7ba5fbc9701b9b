package dev.switchboard.http;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.TelegramWorld;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Access tokens over HTTP: agents trade their secret for one, the operator mints them for users (SPEC §2). */
class AccessApiTest {
    @TempDir
    Path dataDir;

    TestGateway gateway;
    Api api;
    Api anonymous;

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(TestStore.SQLITE, dataDir);
        api = gateway.api();
        anonymous = api.withToken(null);
        assertEquals(201, api.post("/agents", new JsonObject().put("id", "a1").put("name", "A1").put("secret", "s3cret")
                .put("instruction", new JsonObject().put("persona", "helpful"))).status());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    static JsonObject claims(String jwt) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])));
    }

    @Test
    void anAgentTradesItsSecretForAnAccessToken() {
        Api.Response connected = anonymous.post("/agents/a1/connect", new JsonObject().put("secret", "s3cret"));
        assertEquals(200, connected.status(), connected.body());
        JsonObject body = connected.json();
        assertEquals("bearer", body.getString("tokenType"));
        assertEquals(86400, body.getInteger("expiresIn"));
        assertEquals("helpful", body.getJsonObject("instruction").getString("persona"));
        assertEquals(new JsonObject(), body.getJsonObject("settings"));
        JsonObject claims = claims(body.getString("accessToken"));
        assertEquals("a1", claims.getString("sub"));
        assertEquals("agent", claims.getString("typ"));
        assertTrue(claims.getLong("exp") > System.currentTimeMillis() / 1000 + 86000);
    }

    @Test
    void aWrongSecretAndAnUnknownAgentGetTheSame401() {
        Api.Response wrong = anonymous.post("/agents/a1/connect", new JsonObject().put("secret", "nope"));
        Api.Response unknown = anonymous.post("/agents/ghost/connect", new JsonObject().put("secret", "s3cret"));
        assertEquals(401, wrong.status());
        assertEquals(401, unknown.status());
        assertEquals(wrong.error().getString("message"), unknown.error().getString("message"));
        assertEquals(400, anonymous.post("/agents/a1/connect", new JsonObject()).status(), "secret is required");
    }

    @Test
    void aSuspendedAgentIsRefusedWith403() {
        assertEquals(200, api.patch("/agents/a1", new JsonObject().put("status", "suspended")).status());
        Api.Response refused = anonymous.post("/agents/a1/connect", new JsonObject().put("secret", "s3cret"));
        assertEquals(403, refused.status());
        assertTrue(refused.error().getString("message").contains("suspended"));
    }

    @Test
    void theOperatorMintsUserTokensForChosenAgents() {
        Api.Response minted = api.post("/tokens", new JsonObject().put("userId", "u1").put("name", "Ada")
                .put("agents", new JsonArray().add("a1")).put("expiresIn", 600));
        assertEquals(200, minted.status(), minted.body());
        assertEquals(600, minted.json().getInteger("expiresIn"));
        JsonObject claims = claims(minted.json().getString("accessToken"));
        assertEquals("user", claims.getString("typ"));
        assertEquals(new JsonArray().add("a1"), claims.getJsonArray("agents"));
        JsonObject all = claims(api.post("/tokens", new JsonObject().put("userId", "u2")).json().getString("accessToken"));
        assertEquals(new JsonArray().add("*"), all.getJsonArray("agents"), "no list means every agent");

        Api.Response bad = api.post("/tokens", new JsonObject().put("agents", 5).put("expiresIn", -1));
        assertEquals(400, bad.status());
        assertEquals(java.util.Set.of("userId", "agents", "expiresIn"),
                bad.error().getJsonObject("details").getJsonObject("fields").fieldNames());
    }

    @Test
    void anAgentSendsThroughItsOwnConnectionsButAUserDoesNot() throws Exception {
        try (TelegramWorld world = TelegramWorld.start("777001:ACCESS-test")) {
            TestGateway withTelegram = TestGateway.start(TestStore.SQLITE, dataDir.resolve("tg"), world.gatewayEnv());
            try {
                Api admin = withTelegram.api();
                admin.createAgent("a1", world.agent.url());
                admin.patch("/agents/a1", new JsonObject().put("secret", "s3cret"));
                admin.createTelegramConnection("tg", "a1", "777001:ACCESS-test", new JsonObject());
                world.bot.addChat(5001, "private");
                String agentToken = admin.withToken(null).post("/agents/a1/connect", new JsonObject()
                        .put("secret", "s3cret")).json().getString("accessToken");
                String userToken = admin.post("/tokens", new JsonObject().put("userId", "u1")).json()
                        .getString("accessToken");
                JsonObject message = new JsonObject().put("respondTo", "5001").put("text", "proactive");
                assertEquals(202, admin.withToken(agentToken).post("/connections/tg/messages", message).status());
                assertEquals(403, admin.withToken(userToken).post("/connections/tg/messages", message).status());
                org.awaitility.Awaitility.await().until(() -> world.bot.sentMessages().size() == 1);
            } finally {
                withTelegram.close();
            }
        }
    }

    @Test
    void anAccessTokenOpensOnlyWhatItsHolderMayUse() {
        String agentToken = anonymous.post("/agents/a1/connect", new JsonObject().put("secret", "s3cret")).json()
                .getString("accessToken");
        Api asAgent = api.withToken(agentToken);
        Api.Response adminRoute = asAgent.get("/agents");
        assertEquals(403, adminRoute.status(), "an agent is not the operator");
        assertEquals("forbidden", adminRoute.error().getString("code"));
        assertEquals(403, asAgent.post("/tokens", new JsonObject().put("userId", "u1")).status());
        assertEquals(404, asAgent.post("/connections/nope/messages", new JsonObject().put("respondTo", "1")
                .put("text", "x")).status());
        Api.Response garbage = api.withToken("garbage").get("/agents");
        assertEquals(401, garbage.status());
        assertEquals("the access token is not valid", garbage.error().getString("message"));
    }
}
