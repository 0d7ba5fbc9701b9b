package dev.switchboard.llm;

import dev.switchboard.mock.llm.MockModelServer;
import dev.switchboard.mock.llm.Step;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAI-compatible client against the mock model: streams, whole answers, and every way it fails. */
class ChatCompletionsTest {
    static final String KEY = "sk-test-0123456789";
    static final ModelSettings SETTINGS = new ModelSettings("test/model", "Be brief.", 0.2, 64);
    static final JsonArray MESSAGES = new JsonArray().add(new JsonObject().put("role", "system").put("content", "Be brief."))
            .add(new JsonObject().put("role", "user").put("content", "hello"));

    Vertx vertx;
    MockModelServer model;
    final List<String> pieces = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        model = MockModelServer.start(vertx, KEY);
    }

    @AfterEach
    void stop() {
        model.close();
        vertx.close().await();
    }

    ChatCompletions client(String key, Duration timeout) {
        return new ChatCompletions(vertx, vertx.createHttpClient(), URI.create(model.baseUrl()), key, timeout);
    }

    Future<String> ask(ChatCompletions client) {
        return client.complete(SETTINGS, MESSAGES, pieces::add);
    }

    ModelException failure(Future<String> answer) {
        return assertInstanceOf(ModelException.class, assertThrows(Exception.class, answer::await));
    }

    @Test
    void aStreamedAnswerArrivesPieceByPieceAndWhole() {
        model.answerNext(Step.text("Hello there, human"));
        assertEquals("Hello there, human", ask(client(KEY, Duration.ofSeconds(5))).await());
        assertEquals(List.of("Hell", "o th", "ere,", " hum", "an"), pieces);

        JsonObject sent = model.requests().get(0);
        assertEquals("test/model", sent.getString("model"));
        assertEquals(0.2, sent.getDouble("temperature"));
        assertEquals(64, sent.getInteger("max_tokens"));
        assertTrue(sent.getBoolean("stream"));
        assertEquals(MESSAGES, sent.getJsonArray("messages"));
    }

    @Test
    void aProviderThatIgnoresStreamAnswersInOnePiece() {
        model.answerNext(Step.whole("all at once"));
        assertEquals("all at once", ask(client(KEY, Duration.ofSeconds(5))).await());
        assertEquals(List.of("all at once"), pieces);
    }

    @Test
    void aWrongKeyIsRefusedWithoutShowingTheKey() {
        ModelException refused = failure(ask(client("sk-wrong-key", Duration.ofSeconds(5))));
        assertEquals(ModelException.Kind.REFUSED, refused.kind());
        assertEquals("the model provider refused the API key (HTTP 401)", refused.getMessage());
        assertFalse(refused.getMessage().contains("sk-wrong-key"));
    }

    @Test
    void rateLimitsOutagesAndRefusalsSayWhatHappened() {
        model.answerNext(Step.error(429, "Rate limit exceeded").retryAfter(7), Step.error(503, "overloaded"),
                Step.error(400, "nope/model is not a valid model ID"));
        ModelException limited = failure(ask(client(KEY, Duration.ofSeconds(5))));
        assertEquals(ModelException.Kind.RATE_LIMITED, limited.kind());
        assertEquals("the model is rate limited; try again in 7 s", limited.getMessage());
        assertEquals(Duration.ofSeconds(7), limited.retryAfter().orElseThrow());

        ModelException down = failure(ask(client(KEY, Duration.ofSeconds(5))));
        assertEquals("the model provider is unavailable (HTTP 503)", down.getMessage());
        assertTrue(down.countsAgainstProvider());

        ModelException refused = failure(ask(client(KEY, Duration.ofSeconds(5))));
        assertEquals("the model provider refused the request (HTTP 400): nope/model is not a valid model ID",
                refused.getMessage());
        assertFalse(refused.countsAgainstProvider(), "asking again would not help, but the provider is fine");
    }

    @Test
    void aStreamCutOffMidwayIsNotTakenForAWholeAnswer() {
        model.answerNext(Step.cutOff("half an ans"));
        ModelException cut = failure(ask(client(KEY, Duration.ofSeconds(5))));
        assertEquals("the model's answer was cut off", cut.getMessage());
    }

    @Test
    void aModelThatNeverAnswersTimesOut() {
        model.answerNext(Step.silence());
        ModelException late = failure(ask(client(KEY, Duration.ofMillis(300))));
        assertEquals(ModelException.Kind.TIMEOUT, late.kind());
        assertEquals("the model did not answer within 300 ms", late.getMessage());
    }

    @Test
    void anUnreachableProviderIsSaidToBeSo() throws Exception {
        String base = model.baseUrl();
        model.close();
        ChatCompletions client = new ChatCompletions(vertx, vertx.createHttpClient(), URI.create(base), KEY,
                Duration.ofSeconds(5));
        assertEquals("the model provider cannot be reached", failure(ask(client)).getMessage());
        model = MockModelServer.start(vertx, KEY);
    }
}
