package dev.switchboard.hub.engineio;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * An Engine.IO v4 endpoint on a Vert.x HTTP server: checks each request under the path the way
 * the reference server does (same refusals, same JSON error codes), opens sessions, and hands
 * polling requests and WebSockets to their session.
 */
public final class EngineIoServer {
    private final Vertx vertx;
    private final EngineIoOptions options;
    private final Cors cors;
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private volatile Consumer<EngineSession> connectionHandler = session -> { };

    public EngineIoServer(Vertx vertx, EngineIoOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.cors = new Cors(options.allowedOrigins(), options.corsCredentials());
    }

    public EngineIoOptions options() {
        return options;
    }

    /** Called for every new session on its event loop, before any of its packets. */
    public EngineIoServer connectionHandler(Consumer<EngineSession> handler) {
        this.connectionHandler = handler;
        return this;
    }

    public int sessionCount() {
        return sessions.size();
    }

    /**
     * Serves the request if it is under the path: polling GET/POST, a CORS preflight or a WebSocket
     * upgrade. Must run before anything reads the body (a body handler) and on the request's loop.
     */
    public boolean handle(HttpServerRequest request) {
        if (!request.path().startsWith(options.path())) {
            return false;
        }
        boolean upgrade = request.canUpgradeToWebSocket();
        HttpServerResponse response = request.response();
        if (!cors.allows(request)) {
            EngineError.FORBIDDEN.send(response);
            return true;
        }
        if (!upgrade) {
            if (request.method() == HttpMethod.OPTIONS) {
                cors.preflight(request, response);
                return true;
            }
            cors.decorate(request, response);
        }
        String transport = request.getParam("transport");
        if (!Polling.NAME.equals(transport) && !WebSocketTransport.NAME.equals(transport)) {
            EngineError.TRANSPORT_UNKNOWN.send(response);
        } else if (!"4".equals(request.getParam("EIO"))) {
            EngineError.UNSUPPORTED_PROTOCOL_VERSION.send(response);
        } else if (upgrade != WebSocketTransport.NAME.equals(transport)) {
            EngineError.BAD_REQUEST.send(response);
        } else {
            String sid = request.getParam("sid");
            if (sid == null) {
                handshake(request, upgrade);
            } else {
                EngineSession session = sessions.get(sid);
                if (session == null) {
                    EngineError.UNKNOWN_SID.send(response);
                } else if (upgrade) {
                    upgrade(request, session);
                } else {
                    pollingRequest(request, session);
                }
            }
        }
        return true;
    }

    private void handshake(HttpServerRequest request, boolean webSocket) {
        if (request.method() != HttpMethod.GET) {
            EngineError.BAD_HANDSHAKE_METHOD.send(request.response());
            return;
        }
        // a session outlives its request by hours: it keeps a compact copy of what the layers above may ask
        MultiMap query = FrozenMultiMap.params(request.params());
        MultiMap headers = FrozenMultiMap.headers(request.headers());
        String address = address(request.remoteAddress());
        if (!webSocket) {
            Polling polling = new Polling();
            EngineSession session = new EngineSession(SessionIds.next(), this, loop(), query, headers, address,
                    polling, polling);
            // registered before the answer leaves: the client's next request may come on another event loop
            open(session);
            request.response().putHeader("Content-Type", "text/plain; charset=UTF-8")
                    .end(EnginePacket.OPEN + handshakeData(session, true));
            return;
        }
        ContextInternal loop = loop();
        RawWebSocket ws = RawWebSocket.accept(request, loop, options.maxPayload());
        if (ws == null) {
            return;
        }
        WebSocketTransport transport = new WebSocketTransport(ws, loop.nettyEventLoop(), options.spacedStart());
        EngineSession session = new EngineSession(SessionIds.next(), this, loop, query, headers, address,
                transport, null);
        listen(ws, session, transport);
        transport.write(EnginePacket.OPEN + handshakeData(session, false));
        open(session);
    }

    /** From here on the client may send, so the layer above must be listening. */
    private void open(EngineSession session) {
        sessions.put(session.id(), session);
        connectionHandler.accept(session);
        session.startHeartbeat();
    }

    private String handshakeData(EngineSession session, boolean canUpgrade) {
        return new JsonObject()
                .put("sid", session.id())
                .put("upgrades", canUpgrade ? new JsonArray().add(WebSocketTransport.NAME) : new JsonArray())
                .put("pingInterval", options.pingInterval())
                .put("pingTimeout", options.pingTimeout())
                .put("maxPayload", options.maxPayload())
                .encode();
    }

    private void upgrade(HttpServerRequest request, EngineSession session) {
        RawWebSocket ws = RawWebSocket.accept(request, loop(), options.maxPayload());
        if (ws == null) {
            return;
        }
        WebSocketTransport transport = new WebSocketTransport(ws, session.eventLoop(), options.spacedStart());
        listen(ws, session, transport);
        session.execute(() -> session.probe(transport));
    }

    /** Frames are read on the socket's loop and handled on the session's. */
    private void listen(RawWebSocket ws, EngineSession session, WebSocketTransport transport) {
        ws.listener(new Frames(session, transport, options.maxPayload()));
    }

    /** One object per socket for all it reports (lambdas would be one each). */
    private record Frames(EngineSession session, WebSocketTransport transport, int max) implements RawWebSocket.Listener {
        @Override
        public void text(String text) {
            if (text.length() > max) {
                tooLarge();
                return;
            }
            EnginePacket packet;
            try {
                packet = EnginePacket.parseText(text);
            } catch (MalformedPacketException e) {
                session.execute(() -> session.malformed(transport));
                return;
            }
            session.execute(() -> session.receiveFrom(transport, packet));
        }

        @Override
        public void binary(Buffer bytes) {
            if (bytes.length() > max) {
                tooLarge();
                return;
            }
            EnginePacket packet = EnginePacket.binary(bytes);
            session.execute(() -> session.receiveFrom(transport, packet));
        }

        @Override
        public void tooLarge() {
            session.execute(() -> session.tooLarge(transport));
        }

        @Override
        public void closed() {
            session.execute(() -> session.socketClosed(transport));
        }
    }

    private void pollingRequest(HttpServerRequest request, EngineSession session) {
        HttpServerResponse response = request.response();
        if (request.method() == HttpMethod.GET) {
            session.execute(() -> session.poll(response));
        } else if (request.method() == HttpMethod.POST) {
            post(request, session);
        } else {
            EngineError.BAD_REQUEST.send(response);
        }
    }

    private void post(HttpServerRequest request, EngineSession session) {
        HttpServerResponse response = request.response();
        Polling polling = session.polling();
        if (polling == null) {
            EngineError.BAD_REQUEST.send(response);
            return;
        }
        if (!polling.beginPost()) {
            EngineError.BAD_REQUEST.send(response);
            session.execute(() -> session.close("transport error"));
            return;
        }
        int max = options.maxPayload();
        String length = request.getHeader("Content-Length");
        if (length != null && parseLength(length) > max) {
            polling.endPost();
            tooLarge(request, session);
            return;
        }
        var body = new Object() {
            final ArrayList<Buffer> chunks = new ArrayList<>(1);
            int size;
            boolean refused;
        };
        request.handler(chunk -> {
            if (body.refused) {
                return;
            }
            body.size += chunk.length();
            if (body.size > max) {
                body.refused = true;
                tooLarge(request, session);
            } else {
                body.chunks.add(chunk);
            }
        });
        request.exceptionHandler(e -> polling.endPost());
        request.endHandler(v -> {
            polling.endPost();
            if (body.refused) {
                return;
            }
            String text = join(body.chunks, body.size);
            // always queued, never run inline: a GET that arrived in the same loop turn is then already
            // waiting when these packets are handled (a close packet ends it with a noop, as in the
            // reference server, instead of leaving it to find the session gone)
            session.context().runOnContext(ignored -> session.post(text, response));
        });
    }

    private static void tooLarge(HttpServerRequest request, EngineSession session) {
        HttpServerResponse response = request.response();
        if (request.version() != HttpVersion.HTTP_2) {
            // rather than reading and dropping the rest of a body that may never end
            response.putHeader("Connection", "close");
        }
        response.setStatusCode(413).end().onFailure(e -> { });
        session.execute(session::tooLarge);
    }

    private static long parseLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String join(ArrayList<Buffer> chunks, int size) {
        if (chunks.size() == 1) {
            return chunks.getFirst().toString(StandardCharsets.UTF_8);
        }
        Buffer all = Buffer.buffer(size);
        chunks.forEach(all::appendBuffer);
        return all.toString(StandardCharsets.UTF_8);
    }

    /** The event loop's own context, not the request's duplicate: a session outlives the request by hours. */
    private ContextInternal loop() {
        return ((ContextInternal) vertx.getOrCreateContext()).unwrap();
    }

    private static String address(SocketAddress address) {
        return address == null ? "" : address.hostAddress() != null ? address.hostAddress() : address.toString();
    }

    void forget(EngineSession session) {
        sessions.remove(session.id(), session);
    }

    /** Closes every session ({@code server shutting down}). */
    public Future<Void> close() {
        for (EngineSession session : sessions.values()) {
            session.execute(() -> session.close("server shutting down"));
        }
        return Future.succeededFuture();
    }
}
