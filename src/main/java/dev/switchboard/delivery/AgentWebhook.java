package dev.switchboard.delivery;

import dev.switchboard.core.Agent;
import dev.switchboard.core.Connection;
import dev.switchboard.core.Event;
import dev.switchboard.net.HttpExchange;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One delivery attempt of SPEC §3.1: wake the agent, POST the event to its webhook with Standard
 * Webhooks headers, and read what the answer means. Retrying is the caller's business.
 */
public final class AgentWebhook {
    private final HttpClient client;
    private final Optional<URI> wakeApi;
    private final String wakeToken;
    private final Duration timeout;
    private final Clock clock;

    public AgentWebhook(HttpClient client, Optional<URI> wakeApi, String wakeToken, Duration timeout, Clock clock) {
        this.client = client;
        this.wakeApi = wakeApi;
        this.wakeToken = wakeToken;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** What one attempt came to. */
    public sealed interface Outcome {
        /** The agent took the event; {@code text} is its answer, if it gave one. */
        record Accepted(Optional<String> text) implements Outcome {
        }

        /** Worth another try, not before {@code notBefore} when the agent said so. */
        record Retry(String reason, Optional<Duration> notBefore) implements Outcome {
        }

        /** Will not work as it is: give the event up. */
        record Rejected(String reason) implements Outcome {
        }

        /** 410: the agent asked for no more deliveries. */
        record Gone(String reason) implements Outcome {
        }
    }

    public Future<Outcome> deliver(Event event, Optional<Agent> agent, Optional<Connection> connection) {
        return wake(event).compose(wakeUrl -> {
            Optional<String> base = wakeUrl.or(() -> connection.flatMap(Connection::agentUrl))
                    .or(() -> agent.flatMap(Agent::webhook));
            if (base.isEmpty()) {
                return Future.succeededFuture(new Outcome.Rejected("no delivery target: the agent " + event.agentId()
                        + " has no webhookUrl, the connection no agentUrl, and no wake answer named one"));
            }
            return post(webhookUrl(base.get()), event, agent.flatMap(Agent::signing));
        }, failure -> Future.succeededFuture(new Outcome.Retry("wake failed: " + failure.getMessage(), Optional.empty())));
    }

    /** SPEC §3.1 posts to {@code {agentUrl}/webhook}; a URL that already ends there is taken as it is. */
    static String webhookUrl(String base) {
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return trimmed.endsWith("/webhook") ? trimmed : trimmed + "/webhook";
    }

    /** Calls the control plane when there is one; its answer may name the agent's URL. */
    private Future<Optional<String>> wake(Event event) {
        if (wakeApi.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        JsonObject body = new JsonObject().put("integrationId", event.integrationId())
                .put("platform", event.platform().wireName()).put("type", event.type());
        return HttpExchange.send(client, HttpMethod.POST, wakeApi.get() + "/internal/trigger/" + event.agentId(),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + wakeToken),
                Buffer.buffer(body.encode()), timeout).compose(response -> {
            if (!response.ok()) {
                return Future.failedFuture("the wake endpoint answered HTTP " + response.status());
            }
            return Future.succeededFuture(jsonField(response.body(), "url"));
        });
    }

    private Future<Outcome> post(String url, Event event, Optional<String> signingSecret) {
        String body = event.toJson().encode();
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("webhook-id", event.id());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        signingSecret.ifPresent(secret -> headers.put("webhook-signature",
                WebhookSigner.sign(secret, event.id(), timestamp, body)));
        return HttpExchange.send(client, HttpMethod.POST, url, headers, Buffer.buffer(body), timeout)
                .map(AgentWebhook::outcome)
                .otherwise(failure -> new Outcome.Retry("webhook unreachable: " + failure.getMessage(), Optional.empty()));
    }

    static Outcome outcome(HttpExchange.Response response) {
        int status = response.status();
        if (response.ok()) {
            return new Outcome.Accepted(jsonField(response.body(), "text").or(() -> jsonField(response.body(), "content")));
        }
        String reason = "webhook answered HTTP " + status;
        if (status == 410) {
            return new Outcome.Gone(reason);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new Outcome.Retry(reason, retryAfter(response.headers().get("Retry-After")));
        }
        return new Outcome.Rejected(reason);
    }

    private static Optional<String> jsonField(Buffer body, String field) {
        if (body == null || body.length() == 0) {
            return Optional.empty();
        }
        try {
            Object value = new JsonObject(body).getValue(field);
            return value instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
        } catch (DecodeException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** {@code Retry-After} in seconds (the HTTP-date form is rare for webhooks and is ignored). */
    private static Optional<Duration> retryAfter(String header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(header.strip()) * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
