package dev.switchboard.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A blocking client for the gateway's REST API, for test threads. */
public final class Api {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    public Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public Api withToken(String other) {
        return new Api(base, other);
    }

    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public JsonArray array() {
            return new JsonArray(body);
        }

        public JsonObject error() {
            return json().getJsonObject("error");
        }
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, JsonObject body) {
        return postRaw(path, body.encode(), "application/json");
    }

    public Response patch(String path, JsonObject body) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    public Response postRaw(String path, String body, String contentType) {
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (Exception e) {
            throw new IllegalStateException("request failed: " + e, e);
        }
    }

    /** Registers an agent whose webhook is {@code webhookUrl}. */
    public JsonObject createAgent(String id, String webhookUrl) {
        Response response = post("/agents", new JsonObject().put("id", id).put("name", "Agent " + id)
                .put("webhookUrl", webhookUrl));
        if (response.status() != 201) {
            throw new IllegalStateException("agent not created: " + response.status() + " " + response.body());
        }
        return response.json();
    }

    public JsonObject createTelegramConnection(String id, String agentId, String token, JsonObject extra) {
        JsonObject config = new JsonObject().put("agentId", agentId).put("platform", "telegram")
                .put("telegramBotToken", token).mergeIn(extra);
        Response response = post("/connections", new JsonObject().put("integrationId", id).put("config", config));
        if (response.status() != 201 && response.status() != 200) {
            throw new IllegalStateException("connection not created: " + response.status() + " " + response.body());
        }
        return response.json();
    }

    public String status(String connectionId) {
        return get("/connections/" + connectionId).json().getString("status");
    }
}
