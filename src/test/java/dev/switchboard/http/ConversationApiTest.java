package dev.switchboard.http;

import dev.switchboard.config.DatabaseUrl;
import dev.switchboard.core.Message;
import dev.switchboard.store.ConversationStore;
import dev.switchboard.store.Database;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code GET /conversations...}: who may read which conversation, and paging (SPEC §2). */
class ConversationApiTest {
    @TempDir
    Path dataDir;

    TestGateway gateway;
    Api api;
    Vertx vertx;
    Database seedDb;
    String a1Main;
    String a2Main;

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(TestStore.SQLITE, dataDir);
        api = gateway.api();
        for (String id : List.of("a1", "a2")) {
            api.post("/agents", new JsonObject().put("id", id).put("name", id).put("secret", "s-" + id));
        }
        // the hub writes conversations; here a second handle on the same SQLite file stands in for it
        vertx = Vertx.vertx();
        seedDb = Database.open(vertx, DatabaseUrl.parse(gateway.env().get("DATABASE_URL")));
        ConversationStore seed = new ConversationStore(seedDb);
        Instant now = Instant.now();
        a1Main = seed.mainOf("a1", now).await().id();
        a2Main = seed.mainOf("a2", now).await().id();
        seed.join(a1Main, "u1", "user", now).await();
        for (int i = 0; i < 3; i++) {
            seed.append(Message.create(a1Main, "u1", "user", "m" + i, new JsonObject(), now.plusSeconds(i))).await();
        }
    }

    @AfterEach
    void stop() {
        seedDb.close();
        vertx.close().await();
        gateway.close();
    }

    String agentToken(String id) {
        return api.withToken(null).post("/agents/" + id + "/connect", new JsonObject().put("secret", "s-" + id)).json()
                .getString("accessToken");
    }

    String userToken(String id) {
        return api.post("/tokens", new JsonObject().put("userId", id)).json().getString("accessToken");
    }

    static List<String> ids(Api.Response response) {
        assertEquals(200, response.status(), response.body());
        return response.array().stream().map(o -> ((JsonObject) o).getString("_id")).toList();
    }

    @Test
    void theAdminSeesAllAnAgentItsOwnAUserThoseItJoined() {
        assertEquals(2, ids(api.get("/conversations")).size());
        assertEquals(List.of(a1Main), ids(api.get("/conversations?agentId=a1")));
        Api asA1 = api.withToken(agentToken("a1"));
        assertEquals(List.of(a1Main), ids(asA1.get("/conversations")));
        assertEquals(403, asA1.get("/conversations?agentId=a2").status());
        assertEquals(List.of(a1Main), ids(api.withToken(userToken("u1")).get("/conversations")));
        assertEquals(List.of(), ids(api.withToken(userToken("u2")).get("/conversations")));
    }

    @Test
    void messagesPageNewestFirstForParticipantsOnly() {
        Api asUser = api.withToken(userToken("u1"));
        JsonArray page = asUser.get("/conversations/" + a1Main + "/messages?limit=2").array();
        assertEquals(List.of("m2", "m1"), page.stream().map(o -> ((JsonObject) o).getString("content")).toList());
        String oldestShown = page.getJsonObject(1).getString("_id");
        JsonArray next = asUser.get("/conversations/" + a1Main + "/messages?before=" + oldestShown).array();
        assertEquals(List.of("m0"), next.stream().map(o -> ((JsonObject) o).getString("content")).toList());
        JsonObject message = next.getJsonObject(0);
        for (String field : List.of("_id", "conversationId", "role", "content", "participantId", "type", "attachments",
                "thinking", "toolCalls", "toolResults", "usage", "latency", "status", "createdAt", "updatedAt")) {
            assertEquals(true, message.containsKey(field), field);
        }
        assertEquals(403, api.withToken(userToken("u2")).get("/conversations/" + a1Main + "/messages").status());
        assertEquals(403, api.withToken(agentToken("a2")).get("/conversations/" + a1Main + "/messages").status());
        assertEquals(200, api.withToken(agentToken("a1")).get("/conversations/" + a1Main + "/messages").status());
        assertEquals(404, api.get("/conversations/nope/messages").status());
        assertEquals(400, api.get("/conversations?limit=0").status());
    }
}
