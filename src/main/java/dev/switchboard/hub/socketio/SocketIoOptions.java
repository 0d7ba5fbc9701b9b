package dev.switchboard.hub.socketio;

import dev.switchboard.hub.engineio.EngineIoOptions;
import io.vertx.core.http.HttpServerOptions;

import java.util.List;

/** Settings of the Socket.IO server; the defaults are the reference server's. */
public final class SocketIoOptions {
    private final EngineIoOptions engine = new EngineIoOptions().path("/socket.io/");
    private long connectTimeout = 45_000;
    private int maxAttachments = 10;

    public EngineIoOptions engine() {
        return engine;
    }

    public String path() {
        return engine.path();
    }

    public SocketIoOptions path(String path) {
        engine.path(path);
        return this;
    }

    public SocketIoOptions pingInterval(long millis) {
        engine.pingInterval(millis);
        return this;
    }

    public SocketIoOptions pingTimeout(long millis) {
        engine.pingTimeout(millis);
        return this;
    }

    public SocketIoOptions maxPayload(int bytes) {
        engine.maxPayload(bytes);
        return this;
    }

    /** Browser origins allowed to connect ({@code "*"}: any, the default). */
    public SocketIoOptions allowedOrigins(List<String> origins) {
        engine.allowedOrigins(origins);
        return this;
    }

    public SocketIoOptions corsCredentials(boolean allowed) {
        engine.corsCredentials(allowed);
        return this;
    }

    public long connectTimeout() {
        return connectTimeout;
    }

    /** Milliseconds a new connection has to join a namespace before it is closed. */
    public SocketIoOptions connectTimeout(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + millis);
        }
        this.connectTimeout = millis;
        return this;
    }

    public int maxAttachments() {
        return maxAttachments;
    }

    /** The most binary attachments one packet may announce (the reference parser's limit is 10 too). */
    public SocketIoOptions maxAttachments(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("maxAttachments must not be negative: " + count);
        }
        this.maxAttachments = count;
        return this;
    }

    /** See {@link EngineIoOptions#applyTo}: what the HTTP server must allow for these options. */
    public HttpServerOptions applyTo(HttpServerOptions server) {
        return engine.applyTo(server);
    }
}
