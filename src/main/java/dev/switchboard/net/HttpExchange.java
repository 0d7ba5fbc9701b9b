package dev.switchboard.net;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.time.Duration;
import java.util.Map;

/** One outbound HTTP request with its whole answer, bounded by a timeout and cancellable: the shape every adapter needs. */
public final class HttpExchange {
    private final Promise<Response> result = Promise.promise();
    private volatile HttpClientRequest request;
    private volatile boolean cancelled;

    private HttpExchange() {
    }

    public record Response(int status, MultiMap headers, Buffer body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * Sends {@code body} and reads the full answer. {@code timeout} bounds the silence on the
     * connection (connecting, or no bytes for that long), so a hung server fails the future.
     */
    public static HttpExchange start(HttpClient client, HttpMethod method, String url, Map<String, String> headers,
                                     Buffer body, Duration timeout) {
        HttpExchange exchange = new HttpExchange();
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(url)
                .setConnectTimeout(Math.min(timeout.toMillis(), 10_000))
                .setIdleTimeout(timeout.toMillis());
        headers.forEach(options::putHeader);
        Future<HttpClientRequest> pending;
        try {
            pending = client.request(options);
        } catch (IllegalStateException closed) {
            // the client was closed under us (shutdown): a failure like any other, not an exception to throw
            exchange.result.fail(closed);
            return exchange;
        }
        pending
                .compose(request -> {
                    exchange.request = request;
                    if (exchange.cancelled) {
                        request.reset();
                    }
                    return body == null ? request.send() : request.send(body);
                })
                .compose(response -> response.body().map(b -> new Response(response.statusCode(), response.headers(), b)))
                .onComplete(exchange.result);
        return exchange;
    }

    public static Future<Response> send(HttpClient client, HttpMethod method, String url, Map<String, String> headers,
                                        Buffer body, Duration timeout) {
        return start(client, method, url, headers, body, timeout).future();
    }

    public Future<Response> future() {
        return result.future();
    }

    /** Abandons the request: its connection is reset and the future fails. */
    public void cancel() {
        cancelled = true;
        HttpClientRequest current = request;
        if (current != null) {
            current.reset();
        }
    }
}
