package dev.switchboard.hub.engineio;

import io.vertx.core.http.HttpServerOptions;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of an Engine.IO endpoint. The defaults are the reference server's, so clients written
 * for it behave the same here.
 */
public final class EngineIoOptions {
    private String path = "/engine.io/";
    private long pingInterval = 25_000;
    private long pingTimeout = 20_000;
    private int maxPayload = 1_000_000;
    private long upgradeTimeout = 10_000;
    private Set<String> allowedOrigins = Set.of("*");
    private boolean corsCredentials;
    private long spacedStart = 1_000;

    public String path() {
        return path;
    }

    /** Where the endpoint answers; a trailing slash is added when missing. */
    public EngineIoOptions path(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("the path must start with /: " + path);
        }
        this.path = path.endsWith("/") ? path : path + "/";
        return this;
    }

    public long pingInterval() {
        return pingInterval;
    }

    /** Milliseconds between the server's pings. */
    public EngineIoOptions pingInterval(long millis) {
        this.pingInterval = positive(millis, "pingInterval");
        return this;
    }

    public long pingTimeout() {
        return pingTimeout;
    }

    /** Milliseconds a client has to answer a ping before its session is closed ("ping timeout"). */
    public EngineIoOptions pingTimeout(long millis) {
        this.pingTimeout = positive(millis, "pingTimeout");
        return this;
    }

    public int maxPayload() {
        return maxPayload;
    }

    /** The largest polling body and the largest WebSocket message, in bytes. */
    public EngineIoOptions maxPayload(int bytes) {
        this.maxPayload = (int) positive(bytes, "maxPayload");
        return this;
    }

    public long upgradeTimeout() {
        return upgradeTimeout;
    }

    /** Milliseconds a probing WebSocket may take to complete the upgrade before it is dropped. */
    public EngineIoOptions upgradeTimeout(long millis) {
        this.upgradeTimeout = positive(millis, "upgradeTimeout");
        return this;
    }

    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /**
     * Browser origins (e.g. {@code https://app.example.com}) allowed to poll or open a WebSocket;
     * {@code "*"} allows any. Requests without an {@code Origin} header (non-browser clients) are
     * always allowed.
     */
    public EngineIoOptions allowedOrigins(List<String> origins) {
        this.allowedOrigins = Set.copyOf(new LinkedHashSet<>(origins));
        return this;
    }

    public boolean corsCredentials() {
        return corsCredentials;
    }

    /** Whether browsers may send cookies with polling requests ({@code withCredentials}). */
    public EngineIoOptions corsCredentials(boolean allowed) {
        this.corsCredentials = allowed;
        return this;
    }

    public long spacedStart() {
        return spacedStart;
    }

    /**
     * Milliseconds after a WebSocket opens during which its packets leave spaced out, as the
     * reference server's one-write-in-flight rule spaces them: a packet after a quiet spell at once,
     * the rest of a burst a moment later. Clients that handle a TCP read at a time then see each
     * packet of a handshake on its own. After it, everything written to a socket during one pass of
     * its event loop leaves in one write; 0 coalesces from the start.
     */
    public EngineIoOptions spacedStart(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("spacedStart must not be negative: " + millis);
        }
        this.spacedStart = millis;
        return this;
    }

    /**
     * Sets what the HTTP server must allow for these options: a WebSocket message of
     * {@link #maxPayload()} (Vert.x closes on frames over 64 KiB by default, socket.io-client sends a
     * packet per frame) and no per-message deflate (the reference server's default too; a
     * compressor per socket costs far more memory than an idle connection itself).
     */
    public HttpServerOptions applyTo(HttpServerOptions server) {
        return server.setMaxWebSocketFrameSize(Math.max(server.getMaxWebSocketFrameSize(), maxPayload))
                .setMaxWebSocketMessageSize(Math.max(server.getMaxWebSocketMessageSize(), maxPayload))
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
    }

    private static long positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }
}
