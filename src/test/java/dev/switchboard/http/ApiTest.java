package dev.switchboard.http;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestStore;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The management API's contract (SPEC §2) on both stores, over real HTTP. */
@ParameterizedClass
@EnumSource(TestStore.class)
class ApiTest {
    @Parameter
    TestStore store;
    @TempDir
    Path dataDir;

    TestGateway gateway;
    Api api;

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(store, dataDir);
        api = gateway.api();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void healthIsPublicAndCountsConnections() {
        Api.Response health = api.withToken(null).get("/health");
        assertEquals(200, health.status());
        assertEquals("ok", health.json().getString("status"));
        assertEquals(0, health.json().getJsonObject("connections").getInteger("total"));
        assertNotNull(health.json().getString("version"));
    }

    @Test
    void everythingElseNeedsTheAdminToken() {
        for (String path : new String[]{"/stats", "/metrics", "/agents", "/connections"}) {
            Api.Response response = api.withToken(null).get(path);
            assertEquals(401, response.status(), path);
            assertEquals("unauthorized", response.error().getString("code"));
            assertEquals(401, api.withToken("wrong").get(path).status(), path);
        }
        assertEquals(401, api.withToken(null).post("/connections", new JsonObject()).status());
    }

    @Test
    void badJsonIsA400InTheErrorShape() {
        Api.Response response = api.postRaw("/connections", "{\"integrationId\": ", "application/json");
        assertEquals(400, response.status());
        assertEquals("invalid_json", response.error().getString("code"));
        assertTrue(response.error().getString("message").startsWith("the body is not valid JSON"));
        assertNotNull(response.error().getJsonObject("details"));
        assertEquals(400, api.postRaw("/agents", "[1,2]", "application/json").status());
        assertEquals(415, api.postRaw("/agents", "name=x", "application/x-www-form-urlencoded").status());
    }

    @Test
    void missingAndMalformedFieldsAreNamed() {
        Api.Response response = api.post("/connections", new JsonObject().put("config", new JsonObject()
                .put("platform", "irc").put("eventFilter", "message")));
        assertEquals(400, response.status());
        assertEquals("validation_failed", response.error().getString("code"));
        JsonObject fields = response.error().getJsonObject("details").getJsonObject("fields");
        assertEquals("required", fields.getString("integrationId"));
        assertEquals("required", fields.getString("config.agentId"));
        assertEquals("must be slack, discord or telegram", fields.getString("config.platform"));
        assertEquals("must be an array", fields.getString("config.eventFilter"));

        JsonObject telegram = api.post("/connections", new JsonObject().put("integrationId", "tg").put("config",
                new JsonObject().put("agentId", "a").put("platform", "telegram").put("telegramBotToken", "nocolon")
                        .put("eventFilter", new io.vertx.core.json.JsonArray().add("messageCreate"))))
                .error().getJsonObject("details").getJsonObject("fields");
        assertTrue(telegram.getString("config.telegramBotToken").startsWith("expected the form"));
        assertTrue(telegram.getString("config.eventFilter").startsWith("unknown telegram event messageCreate"));

        JsonObject webhookMode = api.post("/connections", new JsonObject().put("integrationId", "tg").put("config",
                new JsonObject().put("agentId", "a").put("platform", "telegram").put("telegramBotToken", "1:abc")
                        .put("telegramMode", "webhook"))).error().getJsonObject("details").getJsonObject("fields");
        assertEquals("webhook mode needs PUBLIC_URL to be set on the gateway", webhookMode.getString("config.telegramMode"));

        JsonObject llm = api.post("/agents", new JsonObject().put("name", "model").put("llm", new JsonObject()
                .put("model", 4).put("temperature", 3).put("maxTokens", 1.5)))
                .error().getJsonObject("details").getJsonObject("fields");
        assertEquals(Map.of("llm.model", "must be a string", "llm.temperature", "must be from 0.0 to 2.0",
                "llm.maxTokens", "must be a whole number"), llm.getMap());
    }

    @Test
    void bodiesOverOneMebibyteAre413() {
        String big = "{\"name\":\"" + "x".repeat(1024 * 1024) + "\"}";
        Api.Response response = api.postRaw("/agents", big, "application/json");
        assertEquals(413, response.status());
        assertEquals("payload_too_large", response.error().getString("code"));
        assertEquals(201, api.post("/agents", new JsonObject().put("name", "still fine")).status());
    }

    @Test
    void agentsAreCreatedReadUpdatedAndDeleted() {
        Api.Response created = api.post("/agents", new JsonObject().put("id", "support").put("name", "Support")
                .put("webhookUrl", "http://127.0.0.1:9/hook").put("signingSecret", "whsec_abc")
                .put("settings", new JsonObject().put("tone", "kind")));
        assertEquals(201, created.status());
        String secret = created.json().getString("secret");
        assertTrue(secret != null && secret.length() > 20, "a generated secret is returned once");
        assertTrue(created.json().getBoolean("signingSecretSet"));
        assertFalse(created.body().contains("whsec_abc"), "the signing secret is never returned");

        JsonObject read = api.get("/agents/support").json();
        assertNull(read.getString("secret"));
        assertFalse(api.get("/agents").body().contains(secret));
        assertEquals("kind", read.getJsonObject("settings").getString("tone"));
        assertEquals(409, api.post("/agents", new JsonObject().put("id", "support").put("name", "again")).status());

        Api.Response patched = api.patch("/agents/support", new JsonObject().put("status", "suspended")
                .put("webhookUrl", null));
        assertEquals(200, patched.status());
        assertEquals("suspended", patched.json().getString("status"));
        assertNull(patched.json().getString("webhookUrl"));
        assertEquals("Support", patched.json().getString("name"));
        assertEquals("must be active or suspended", api.patch("/agents/support", new JsonObject().put("status", "gone"))
                .error().getJsonObject("details").getJsonObject("fields").getString("status"));

        assertEquals(204, api.delete("/agents/support").status());
        assertEquals(404, api.get("/agents/support").status());
        assertEquals("not_found", api.delete("/agents/support").error().getString("code"));
    }

    @Test
    void connectionViewsNeverShowTokens() {
        api.createTelegramConnection("tg-1", "agent-1", "123:SECRET-token", new JsonObject());
        Api.Response one = api.get("/connections/tg-1");
        assertEquals(200, one.status());
        assertEquals("telegram", one.json().getString("platform"));
        assertFalse(one.body().contains("SECRET-token"));
        assertFalse(api.get("/connections").body().contains("SECRET-token"));
        for (String field : new String[]{"integrationId", "agentId", "platform", "name", "eventFilter", "status",
                "lastError", "connectedAt", "reconnects", "eventsReceived", "lastEventAt", "createdAt"}) {
            assertTrue(one.json().containsKey(field), field);
        }
        assertEquals(404, api.get("/connections/nope").status());
        assertEquals(404, api.post("/connections/nope/reconnect", new JsonObject()).status());
        assertEquals(404, api.delete("/connections/nope").status());
    }

    @Test
    void statsAndMetricsAreServed() {
        JsonObject stats = api.get("/stats").json();
        assertEquals(0, stats.getJsonObject("events").getJsonObject("telegram").getLong("received"));
        assertEquals(0, stats.getLong("webhookRetriesPending"));
        Api.Response metrics = api.get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("switchboard_events_received_total{platform=\"telegram\"}"), metrics.body());
    }

    @Test
    void unknownRoutesAre404InTheErrorShape() {
        Api.Response response = api.get("/nothing-here");
        assertEquals(404, response.status());
        assertEquals("not_found", response.error().getString("code"));
    }
}
