package dev.switchboard.hub.socketio;

import dev.switchboard.hub.engineio.EngineIoServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Socket.IO v5 server over our Engine.IO v4 endpoint. Mount it in front of everything else on the
 * HTTP server ({@code request -> { if (!io.handle(request)) router.handle(request); }}), and give
 * that server {@link SocketIoOptions#applyTo}.
 */
public final class SocketIoServer {
    private final SocketIoOptions options;
    private final EngineIoServer engine;
    private final Map<String, HubNamespace> namespaces = new ConcurrentHashMap<>();

    public SocketIoServer(Vertx vertx, SocketIoOptions options) {
        this.options = options;
        this.engine = new EngineIoServer(vertx, options.engine())
                .connectionHandler(session -> session.handler(new Client(this, session)));
    }

    SocketIoOptions options() {
        return options;
    }

    /** The namespace of this name ("/" is the main one), created on first call; only these accept connections. */
    public Namespace namespace(String name) {
        if (name == null || !name.startsWith("/")) {
            throw new IllegalArgumentException("a namespace name starts with /: " + name);
        }
        return namespaces.computeIfAbsent(name, HubNamespace::new);
    }

    HubNamespace existing(String name) {
        return namespaces.get(name);
    }

    /** True when the request was under the path and is now handled (polling, preflight or WebSocket upgrade). */
    public boolean handle(HttpServerRequest request) {
        return engine.handle(request);
    }

    /** Disconnects every client ("server shutting down"). */
    public Future<Void> close() {
        return engine.close();
    }

    /** Live sockets per namespace, for /stats. */
    public Map<String, Integer> socketsByNamespace() {
        Map<String, Integer> counts = new TreeMap<>();
        namespaces.forEach((name, namespace) -> counts.put(name, namespace.size()));
        return counts;
    }

    /** Open Engine.IO connections, whether or not they joined a namespace. */
    public int connectionCount() {
        return engine.sessionCount();
    }
}
