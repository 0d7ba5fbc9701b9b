package dev.switchboard.llm;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One call to an OpenAI-compatible {@code POST /chat/completions}, streamed: each piece of text goes
 * to the caller as it arrives (server-sent events), and the future completes with the whole text.
 * A provider that ignores {@code stream} and answers with one JSON document works too. Every
 * failure becomes a {@link ModelException} saying what went wrong in words for the user.
 */
public final class ChatCompletions {
    private static final int MAX_ERROR_DETAIL = 200;

    private final Vertx vertx;
    private final HttpClient client;
    private final String url;
    private final String apiKey;
    private final Duration timeout;

    public ChatCompletions(Vertx vertx, HttpClient client, URI baseUrl, String apiKey, Duration timeout) {
        this.vertx = vertx;
        this.client = client;
        String base = baseUrl.toString();
        this.url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions";
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    public Future<String> complete(ModelSettings settings, JsonArray messages, Consumer<String> onDelta) {
        JsonObject body = new JsonObject().put("model", settings.model()).put("messages", messages)
                .put("temperature", settings.temperature()).put("max_tokens", settings.maxTokens())
                .put("stream", true);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setConnectTimeout(Math.min(timeout.toMillis(), 10_000)).setIdleTimeout(timeout.toMillis())
                .putHeader("Authorization", "Bearer " + apiKey).putHeader("Content-Type", "application/json")
                .putHeader("Accept", "text/event-stream");
        Promise<String> answer = Promise.promise();
        Future<HttpClientRequest> request = client.request(options);
        // the idle timeout bounds silence; this bounds a provider that trickles forever
        long deadline = vertx.setTimer(timeout.toMillis(), id -> {
            if (answer.tryFail(timedOut())) {
                request.onSuccess(HttpClientRequest::reset);
            }
        });
        request.compose(r -> r.send(Buffer.buffer(body.encode())))
                .onSuccess(response -> read(response, onDelta, answer))
                .onFailure(failure -> answer.tryFail(unreachable(failure)));
        return answer.future().onComplete(done -> vertx.cancelTimer(deadline));
    }

    private void read(HttpClientResponse response, Consumer<String> onDelta, Promise<String> answer) {
        if (response.statusCode() != 200) {
            response.body().onComplete(body -> answer.tryFail(refusal(response.statusCode(), response.headers(),
                    body.succeeded() ? body.result() : Buffer.buffer())));
            return;
        }
        String type = response.getHeader("Content-Type");
        if (type == null || !type.startsWith("text/event-stream")) {
            response.body().onComplete(body -> {
                if (body.failed()) {
                    answer.tryFail(unreachable(body.cause()));
                    return;
                }
                try {
                    String text = whole(new JsonObject(body.result()));
                    onDelta.accept(text);
                    answer.tryComplete(text);
                } catch (DecodeException | ClassCastException | NullPointerException e) {
                    answer.tryFail(new ModelException(ModelException.Kind.UNAVAILABLE,
                            "the model provider sent an answer that is not a chat completion"));
                }
            });
            return;
        }
        ServerSentEvents events = new ServerSentEvents(onDelta);
        response.handler(RecordParser.newDelimited("\n", line -> events.line(line.toString())));
        // the answer had begun: a connection lost now cut it off
        response.exceptionHandler(failure -> answer.tryFail(cutOff()));
        response.endHandler(end -> {
            if (events.failure() != null) {
                answer.tryFail(events.failure());
            } else if (events.finished()) {
                answer.tryComplete(events.text());
            } else {
                answer.tryFail(cutOff());
            }
        });
    }

    private static ModelException cutOff() {
        return new ModelException(ModelException.Kind.UNAVAILABLE, "the model's answer was cut off");
    }

    private static String whole(JsonObject completion) {
        return completion.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content", "");
    }

    private ModelException refusal(int status, MultiMap headers, Buffer body) {
        Optional<Duration> retryAfter = Optional.ofNullable(headers.get("Retry-After")).flatMap(ChatCompletions::seconds);
        return switch (status) {
            case 401, 403 -> new ModelException(ModelException.Kind.REFUSED,
                    "the model provider refused the API key (HTTP " + status + ")");
            case 429 -> new ModelException(ModelException.Kind.RATE_LIMITED, "the model is rate limited"
                    + retryAfter.map(d -> "; try again in " + Math.max(1, d.toSeconds()) + " s").orElse(""), retryAfter);
            case 408 -> timedOut();
            default -> status >= 500
                    ? new ModelException(ModelException.Kind.UNAVAILABLE, "the model provider is unavailable (HTTP " + status + ")")
                    : new ModelException(ModelException.Kind.REFUSED, "the model provider refused the request (HTTP "
                    + status + ")" + detail(body).map(d -> ": " + d).orElse(""));
        };
    }

    /** The provider's own explanation, short, and never with the key in it. */
    private Optional<String> detail(Buffer body) {
        try {
            JsonObject error = new JsonObject(body).getJsonObject("error");
            String message = error == null ? null : error.getString("message");
            if (message == null || message.isBlank()) {
                return Optional.empty();
            }
            String safe = message.replace(apiKey, "***");
            return Optional.of(safe.length() > MAX_ERROR_DETAIL ? safe.substring(0, MAX_ERROR_DETAIL) + "…" : safe);
        } catch (DecodeException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private ModelException timedOut() {
        return new ModelException(ModelException.Kind.TIMEOUT, "the model did not answer within "
                + (timeout.toMillis() < 1000 ? timeout.toMillis() + " ms" : timeout.toSeconds() + " s"));
    }

    private static ModelException unreachable(Throwable failure) {
        if (failure instanceof ModelException model) {
            return model;
        }
        String message = String.valueOf(failure.getMessage()).toLowerCase();
        if (message.contains("timeout") || message.contains("timed out")) {
            return new ModelException(ModelException.Kind.TIMEOUT, "the model did not answer in time");
        }
        return new ModelException(ModelException.Kind.UNAVAILABLE, "the model provider cannot be reached");
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(header.strip()) * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The {@code data:} lines of a chat completion stream, one chunk each, until {@code [DONE]}. */
    private static final class ServerSentEvents {
        private final Consumer<String> onDelta;
        private final StringBuilder text = new StringBuilder();
        private boolean finished;
        private ModelException failure;

        ServerSentEvents(Consumer<String> onDelta) {
            this.onDelta = onDelta;
        }

        void line(String raw) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            // blank lines end events and lines starting with ':' are comments (OpenRouter's keep-alives)
            if (!line.startsWith("data:") || finished || failure != null) {
                return;
            }
            String data = line.substring(5).strip();
            if (data.equals("[DONE]")) {
                finished = true;
                return;
            }
            try {
                chunk(new JsonObject(data));
            } catch (DecodeException | ClassCastException e) {
                failure = new ModelException(ModelException.Kind.UNAVAILABLE, "the model provider sent a malformed stream");
            }
        }

        private void chunk(JsonObject chunk) {
            JsonObject error = chunk.getJsonObject("error");
            if (error != null) {
                failure = new ModelException(ModelException.Kind.UNAVAILABLE, "the model failed while answering"
                        + (error.getValue("message") instanceof String m ? ": " + m : ""));
                return;
            }
            JsonArray choices = chunk.getJsonArray("choices");
            if (choices == null || choices.isEmpty()) {
                return;
            }
            JsonObject choice = choices.getJsonObject(0);
            JsonObject delta = choice.getJsonObject("delta");
            String piece = delta == null ? null : delta.getString("content");
            if (piece != null && !piece.isEmpty()) {
                text.append(piece);
                onDelta.accept(piece);
            }
            if (choice.getValue("finish_reason") != null) {
                // some compatible servers end the stream here without a [DONE]
                finished = true;
            }
        }

        boolean finished() {
            return finished;
        }

        ModelException failure() {
            return failure;
        }

        String text() {
            return text.toString();
        }
    }
}
