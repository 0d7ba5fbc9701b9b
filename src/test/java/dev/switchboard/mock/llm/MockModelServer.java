package dev.switchboard.mock.llm;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible chat completions server for the tests and benchmarks: {@code POST
 * /v1/chat/completions} with the key check, the request checks and the answer shapes of the real
 * API (a {@code chat.completion}, or {@code chat.completion.chunk} server-sent events ending in
 * {@code [DONE]}, with OpenRouter's keep-alive comment first). It answers {@code Echo: <last user
 * message>} unless a test scripted the next answers ({@link Step}). Handlers run on any event loop,
 * so its state is made of concurrent collections.
 */
public final class MockModelServer implements AutoCloseable {
    /** Pieces of this many characters make a streamed answer, so a client sees several. */
    static final int CHUNK = 4;

    private final Vertx vertx;
    private final String apiKey;
    private final Queue<Step> script = new ConcurrentLinkedQueue<>();
    private final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    private final List<HttpServerResponse> hanging = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile long latencyMillis;
    private HttpServer server;

    private MockModelServer(Vertx vertx, String apiKey) {
        this.vertx = vertx;
        this.apiKey = apiKey;
    }

    public static MockModelServer start(Vertx vertx, String apiKey, int port) {
        MockModelServer mock = new MockModelServer(vertx, apiKey);
        mock.server = vertx.createHttpServer().requestHandler(mock::handle).listen(port, "127.0.0.1").await();
        return mock;
    }

    public static MockModelServer start(Vertx vertx, String apiKey) {
        return start(vertx, apiKey, 0);
    }

    /** What to configure as {@code LLM_BASE_URL}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    /** The next requests are answered by these steps, one each, in order; then the echo again. */
    public void answerNext(Step... steps) {
        script.addAll(List.of(steps));
    }

    /** Every answer waits this long first (a model thinking), for benchmarks. */
    public void latency(long millis) {
        latencyMillis = millis;
    }

    /** The bodies of the requests that passed the key check, oldest first. */
    public List<JsonObject> requests() {
        return new ArrayList<>(requests);
    }

    private void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (!request.path().equals("/v1/chat/completions") || request.method().name().equals("GET")) {
            error(response, 404, "Unknown request URL: " + request.method() + " " + request.path(), "invalid_request_error");
            return;
        }
        if (!("Bearer " + apiKey).equals(request.getHeader("Authorization"))) {
            error(response, 401, "Incorrect API key provided", "invalid_request_error");
            return;
        }
        request.body().onSuccess(body -> {
            JsonObject json;
            try {
                json = body.toJsonObject();
            } catch (DecodeException e) {
                error(response, 400, "We could not parse the JSON body of your request.", "invalid_request_error");
                return;
            }
            String problem = problem(json);
            if (problem != null) {
                error(response, 400, problem, "invalid_request_error");
                return;
            }
            requests.add(json);
            Step step = script.poll();
            if (step == null) {
                step = Step.text("Echo: " + lastUserMessage(json.getJsonArray("messages")));
            }
            Step chosen = step;
            long wait = latencyMillis + chosen.delayMillis();
            if (wait > 0) {
                vertx.setTimer(wait, id -> answer(response, json, chosen));
            } else {
                answer(response, json, chosen);
            }
        });
    }

    private static String problem(JsonObject body) {
        if (!(body.getValue("model") instanceof String model) || model.isBlank()) {
            return "you must provide a model parameter";
        }
        if (!(body.getValue("messages") instanceof JsonArray messages) || messages.isEmpty()) {
            return "'messages' must be a non-empty array";
        }
        for (Object message : messages) {
            if (!(message instanceof JsonObject m) || !(m.getValue("content") instanceof String)
                    || !List.of("system", "user", "assistant", "tool").contains(m.getString("role"))) {
                return "each message needs a role (system, user, assistant or tool) and a string content";
            }
        }
        if (body.getValue("temperature") != null && !(body.getValue("temperature") instanceof Number t
                && t.doubleValue() >= 0 && t.doubleValue() <= 2)) {
            return "temperature must be a number from 0 to 2";
        }
        if (body.getValue("max_tokens") != null && !(body.getValue("max_tokens") instanceof Number n && n.intValue() >= 1)) {
            return "max_tokens must be a positive integer";
        }
        return null;
    }

    private void answer(HttpServerResponse response, JsonObject request, Step step) {
        if (step.silent()) {
            hanging.add(response);
            return;
        }
        if (step.status() != 200) {
            if (step.retryAfterSeconds() != null) {
                response.putHeader("Retry-After", String.valueOf(step.retryAfterSeconds()));
            }
            error(response, step.status(), step.error(), step.status() == 429 ? "rate_limit_error" : "server_error");
            return;
        }
        String id = "chatcmpl-" + ids.incrementAndGet();
        String model = request.getString("model");
        if (!request.getBoolean("stream", false) || step.ignoreStream()) {
            response.putHeader("Content-Type", "application/json").end(new JsonObject().put("id", id)
                    .put("object", "chat.completion").put("created", System.currentTimeMillis() / 1000).put("model", model)
                    .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                            .put("message", new JsonObject().put("role", "assistant").put("content", step.text()))
                            .put("finish_reason", "stop")))
                    .put("usage", new JsonObject().put("prompt_tokens", 10).put("completion_tokens", 5)
                            .put("total_tokens", 15)).encode());
            return;
        }
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        response.write(": OPENROUTER PROCESSING\n\n");
        response.write(event(chunk(id, model, new JsonObject().put("role", "assistant").put("content", ""), null)));
        String text = step.text();
        for (int at = 0; at < text.length(); at += CHUNK) {
            String piece = text.substring(at, Math.min(text.length(), at + CHUNK));
            response.write(event(chunk(id, model, new JsonObject().put("content", piece), null)));
        }
        if (step.cut()) {
            response.reset();
            return;
        }
        response.write(event(chunk(id, model, new JsonObject(), "stop")));
        response.end("data: [DONE]\n\n");
    }

    private static JsonObject chunk(String id, String model, JsonObject delta, String finishReason) {
        return new JsonObject().put("id", id).put("object", "chat.completion.chunk")
                .put("created", System.currentTimeMillis() / 1000).put("model", model)
                .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("delta", delta)
                        .put("finish_reason", finishReason)));
    }

    private static String event(JsonObject data) {
        return "data: " + data.encode() + "\n\n";
    }

    private static String lastUserMessage(JsonArray messages) {
        String last = "";
        for (Object message : messages) {
            JsonObject m = (JsonObject) message;
            if ("user".equals(m.getString("role"))) {
                last = m.getString("content");
            }
        }
        return last;
    }

    private static void error(HttpServerResponse response, int status, String message, String type) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)
                        .put("code", status)).encode());
    }

    @Override
    public void close() {
        hanging.forEach(HttpServerResponse::reset);
        server.close().await();
    }
}
