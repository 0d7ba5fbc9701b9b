package dev.switchboard.hub.ws;

import dev.switchboard.mock.llm.MockModelServer;
import dev.switchboard.mock.llm.Step;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The built-in agent with a model (the mock OpenAI-compatible server), through /ws sessions. */
class BuiltInModelTest {
    static final String KEY = "sk-model-test";

    @TempDir
    Path dataDir;

    Vertx vertx;
    MockModelServer model;
    TestGateway gateway;
    Api api;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        model = MockModelServer.start(vertx, KEY);
        gateway = TestGateway.start(TestStore.SQLITE, dataDir, Map.of("LLM_BASE_URL", model.baseUrl(),
                "LLM_API_KEY", KEY, "LLM_TIMEOUT_MS", "500", "MAX_HISTORY", "3"));
        api = gateway.api();
        api.post("/agents", new JsonObject().put("id", "poet").put("name", "Poet").put("llm", new JsonObject()
                .put("model", "test/poet").put("systemPrompt", "Answer in verse.").put("temperature", 1.1)
                .put("maxTokens", 99)));
    }

    @AfterEach
    void stop() {
        gateway.close();
        model.close();
        vertx.close().await();
    }

    WsClient session() throws Exception {
        String token = api.post("/tokens", new JsonObject().put("userId", "u1").put("agents", new JsonArray().add("poet")))
                .json().getString("accessToken");
        WsClient client = WsClient.connect(gateway.url().replace("http://", "ws://") + "/ws?agent=poet&token=" + token);
        client.next();
        return client;
    }

    /** The stream pieces and then the final message of one answer. */
    static List<JsonObject> answer(WsClient client) throws InterruptedException {
        List<JsonObject> messages = new ArrayList<>();
        assertEquals("status", client.next().getString("type"));
        while (true) {
            JsonObject message = client.next();
            messages.add(message);
            if (!message.getString("type").equals("stream")) {
                return messages;
            }
        }
    }

    @Test
    void theAnswerStreamsThenArrivesWholeAndTheModelReadsTheAgentsSettingsAndHistory() throws Exception {
        model.answerNext(Step.text("Roses are red"), Step.text("Violets are blue"), Step.text("Sugar is sweet"));
        try (WsClient client = session()) {
            client.query("a rhyme?");
            List<JsonObject> first = answer(client);
            assertEquals(List.of("stream:Rose", "stream:s ar", "stream:e re", "stream:d", "response:Roses are red"),
                    first.stream().map(m -> m.getString("type") + ":" + m.getString("content")).toList());

            client.query("another");
            assertEquals("Violets are blue", answer(client).getLast().getString("content"));
            client.query("and?");
            assertEquals("Sugar is sweet", answer(client).getLast().getString("content"));
        }
        JsonObject third = model.requests().get(2);
        assertEquals("test/poet", third.getString("model"));
        assertEquals(1.1, third.getDouble("temperature"));
        assertEquals(99, third.getInteger("max_tokens"));
        assertEquals(List.of("system:Answer in verse.", "user:another", "assistant:Violets are blue", "user:and?"),
                third.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("role") + ":"
                        + ((JsonObject) m).getString("content")).toList(), "the system prompt, then the last MAX_HISTORY=3 messages");
    }

    @Test
    void providerFailuresAreAnsweredWithTheReason() throws Exception {
        model.answerNext(Step.error(429, "Rate limit exceeded").retryAfter(7), Step.cutOff("half a"), Step.silence());
        try (WsClient client = session()) {
            client.query("one");
            assertEquals("Sorry, I could not answer: the model is rate limited; try again in 7 s",
                    client.next("error").getString("content"));
            client.query("two");
            assertEquals("Sorry, I could not answer: the model's answer was cut off", client.next("error").getString("content"));
            client.query("three");
            assertEquals("Sorry, I could not answer: the model did not answer within 500 ms",
                    client.next("error").getString("content"));
            client.query("four");
            assertEquals("Echo: four", client.next("response").getString("content"), "the next one is fine again");
        }
    }

    @Test
    void aProviderThatKeepsFailingIsPausedAndNotAskedMeanwhile() throws Exception {
        for (int i = 0; i < 5; i++) {
            model.answerNext(Step.error(503, "overloaded"));
        }
        try (WsClient client = session()) {
            for (int i = 0; i < 5; i++) {
                client.query("try " + i);
                assertEquals("Sorry, I could not answer: the model provider is unavailable (HTTP 503)",
                        client.next("error").getString("content"));
            }
            client.query("and now?");
            assertEquals("Sorry, I could not answer: the model provider keeps failing; answers are paused for 30 s",
                    client.next("error").getString("content"));
            assertEquals(5, model.requests().size(), "the open breaker did not ask the provider");
        }
    }
}
