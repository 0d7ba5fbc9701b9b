package dev.switchboard.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An agent's webhook endpoint (and, on the same port, a wake endpoint) for tests: records every
 * request and answers as the test scripts it, by default 200 {@code {"text":"echo: <text>"}}.
 */
public final class MockAgent implements AutoCloseable {
    public record Received(String path, MultiMap headers, String body) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public String header(String name) {
            return headers.get(name);
        }
    }

    public record Answer(int status, String body, MultiMap headers, long delayMillis) {
        public static Answer json(int status, JsonObject body) {
            return new Answer(status, body.encode(), MultiMap.caseInsensitiveMultiMap(), 0);
        }

        public static Answer status(int status) {
            return new Answer(status, "", MultiMap.caseInsensitiveMultiMap(), 0);
        }

        /** The same answer, given only after {@code millis}: a slow agent. */
        public Answer after(long millis) {
            return new Answer(status, body, headers, millis);
        }

        public Answer header(String name, String value) {
            headers.add(name, value);
            return this;
        }
    }

    private final HttpServer server;
    private final Vertx vertx;
    private final List<Received> webhooks = new CopyOnWriteArrayList<>();
    private final List<Received> wakes = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Answer> scripted = new ConcurrentLinkedDeque<>();
    private volatile Function<JsonObject, Answer> responder =
            event -> Answer.json(200, new JsonObject().put("text", "echo: " + event.getString("text")));
    private volatile JsonObject wakeAnswer = new JsonObject();

    private MockAgent(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static MockAgent start(Vertx vertx) throws Exception {
        MockAgent[] self = new MockAgent[1];
        HttpServer server = vertx.createHttpServer().requestHandler(req -> self[0].handle(req));
        self[0] = new MockAgent(vertx, server);
        server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        return self[0];
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The next answers, in order, before the responder takes over again. */
    public void answerNext(Answer... answers) {
        scripted.addAll(List.of(answers));
    }

    public void respondWith(Function<JsonObject, Answer> responder) {
        this.responder = responder;
    }

    public void wakeAnswer(JsonObject answer) {
        this.wakeAnswer = answer;
    }

    public List<Received> webhooks() {
        return new ArrayList<>(webhooks);
    }

    public List<JsonObject> events() {
        return webhooks.stream().map(Received::json).toList();
    }

    public List<Received> wakes() {
        return new ArrayList<>(wakes);
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(buffer -> {
            Received received = new Received(req.path(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
                    buffer.toString());
            if (req.path().startsWith("/internal/trigger/")) {
                wakes.add(received);
                req.response().putHeader("Content-Type", "application/json").end(wakeAnswer.encode());
                return;
            }
            webhooks.add(received);
            Answer answer = scripted.poll();
            if (answer == null) {
                answer = responder.apply(received.json());
            }
            Answer chosen = answer;
            Runnable respond = () -> {
                req.response().setStatusCode(chosen.status()).headers().addAll(chosen.headers());
                req.response().end(chosen.body());
            };
            if (chosen.delayMillis() > 0) {
                vertx.setTimer(chosen.delayMillis(), id -> respond.run());
            } else {
                respond.run();
            }
        });
    }

    @Override
    public void close() {
        server.close().await();
    }
}
