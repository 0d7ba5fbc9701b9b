package dev.switchboard.hub.engineio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A server WebSocket run straight on the Netty channel of the request that asked for it, in place
 * of Vert.x's. Vert.x 5.0 keeps, for every upgraded connection, the whole HTTP/1.x connection it
 * came from (its handler's connection factory holds it: the request, the response, their headers,
 * and an outbound queue with a 4 KiB array) next to the WebSocket connection (a second such queue):
 * about 11 KB per idle connection, two thirds of all it costs. Here the channel keeps Netty's frame
 * decoder and encoder and this handler, nothing else.
 * <p>
 * It behaves as Vert.x's server WebSocket does for what the Engine.IO transport uses: whole text and
 * binary messages (fragments joined), pings answered, the closing handshake (a close frame answered
 * with the same code, the connection closed by the server, or after {@link #CLOSING_TIMEOUT_MILLIS}
 * when the client does not answer ours), a frame over the maximum or a protocol error drops the
 * connection. Messages reach the {@link Listener} on the Vert.x context of the request.
 */
final class RawWebSocket extends ChannelInboundHandlerAdapter {
    /** Vert.x's default {@code webSocketClosingTimeout}: how long our close frame waits for the client's. */
    static final long CLOSING_TIMEOUT_MILLIS = 10_000;
    /** Vert.x's default largest frame and message, which {@code maxPayload} may only raise. */
    private static final int MIN_FRAME = 65_536;
    private static final int MIN_MESSAGE = 4 * 65_536;
    private static volatile WebSocketDecoderConfig sharedConfig;

    /** What a WebSocket tells its owner; called on the request's context. */
    interface Listener {
        void text(String message);

        void binary(Buffer message);

        /** A message (fragments joined) over the maximum; it was dropped, the connection stays. */
        void tooLarge();

        /** The connection is gone. */
        void closed();
    }

    private final Channel channel;
    private final ContextInternal context;
    private final int maxMessage;
    private Listener listener;
    /** Set once a close frame went either way or the connection ended: nothing more is written. */
    private volatile boolean closed;
    // on the channel's event loop only
    private boolean closeSent;
    private boolean closeReceived;
    private ScheduledFuture<?> closingTimer;
    /** The fragments so far of a message that came in several frames; null between messages. */
    private ByteBuf partial;
    private boolean partialBinary;

    private RawWebSocket(Channel channel, ContextInternal context, int maxMessage) {
        this.channel = channel;
        this.context = context;
        this.maxMessage = maxMessage;
    }

    /**
     * Answers the upgrade request and takes its connection over; on the request's event loop, before
     * its body is read. Returns null when the request is refused (it is answered then, as Vert.x does).
     */
    static RawWebSocket accept(HttpServerRequest request, ContextInternal context, int maxPayload) {
        WebSocketDecoderConfig config = decoderConfig(Math.max(MIN_FRAME, maxPayload));
        // only the headers and the URI matter to the handshake; the request line was checked already
        DefaultFullHttpRequest handshakeRequest = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                request.uri(), Unpooled.EMPTY_BUFFER, headers(request), EmptyHttpHeaders.INSTANCE);
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location(request), null, config)
                .newHandshaker(handshakeRequest);
        // hybi-07, -08 and 13 as Vert.x; not the draft hixie-76 (2010), whose key hides in the request body
        if (handshaker == null || handshaker.version() == WebSocketVersion.V00) {
            request.response().putHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION, WebSocketVersion.V13.toHttpHeaderValue())
                    .setStatusCode(426).end();
            return null;
        }
        Channel channel = ((ConnectionBase) request.connection()).channel();
        RawWebSocket socket = new RawWebSocket(channel, context, Math.max(MIN_MESSAGE, maxPayload));
        try {
            // sends the 101 and swaps the HTTP decoder for the frame decoder (the encoder goes once the 101 is out)
            handshaker.handshake(channel, handshakeRequest, null, channel.newPromise()).addListener(done -> {
                if (!done.isSuccess()) {
                    channel.close();
                }
            });
        } catch (WebSocketHandshakeException e) {
            // e.g. no Sec-WebSocket-Key; nothing was written nor changed yet
            request.response().setStatusCode(400).end("Bad Request");
            return null;
        }
        // Vert.x's HTTP connection leaves the pipeline, and with it everything it held
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.replace(VertxHandler.class, "handler", socket);
        if (pipeline.get(ChunkedWriteHandler.class) != null) {
            // Vert.x adds it for HTTP file responses when compression is on; frames never need it
            pipeline.remove(ChunkedWriteHandler.class);
        }
        channel.config().setAutoRead(true);
        return socket;
    }

    /** Every frame decoder keeps its configuration: one is shared by all (it is immutable). */
    private static WebSocketDecoderConfig decoderConfig(int maxFrame) {
        WebSocketDecoderConfig config = sharedConfig;
        if (config == null || config.maxFramePayloadLength() != maxFrame) {
            config = WebSocketDecoderConfig.newBuilder()
                    .maxFramePayloadLength(maxFrame)
                    .allowExtensions(false)
                    .allowMaskMismatch(false)
                    .closeOnProtocolViolation(false)
                    .build();
            sharedConfig = config;
        }
        return config;
    }

    private static HttpHeaders headers(HttpServerRequest request) {
        if (request.headers() instanceof HttpHeaders netty) {
            return netty;
        }
        HttpHeaders copy = new io.netty.handler.codec.http.DefaultHttpHeaders();
        request.headers().forEach((name, value) -> copy.add(name, value));
        return copy;
    }

    private static String location(HttpServerRequest request) {
        String host = request.getHeader(HttpHeaderNames.HOST);
        return (request.isSSL() ? "wss://" : "ws://") + (host == null ? "localhost" : host) + request.path();
    }

    void listener(Listener listener) {
        this.listener = listener;
    }

    // ---- from the client, on the channel's event loop

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            // e.g. the tail of the upgrade request
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            switch (frame) {
                case TextWebSocketFrame text -> message(text, false);
                case BinaryWebSocketFrame binary -> message(binary, true);
                case ContinuationWebSocketFrame continuation -> continuation(continuation);
                case PingWebSocketFrame ping -> {
                    if (!closeSent) {
                        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                    }
                }
                case CloseWebSocketFrame close -> closeFrame(close);
                default -> {
                    // pongs: the Engine.IO heartbeat is in its own packets
                }
            }
        } finally {
            frame.release();
        }
    }

    private void message(WebSocketFrame frame, boolean binary) {
        if (closeReceived) {
            return;
        }
        dropPartial();
        ByteBuf content = frame.content();
        if (content.readableBytes() > maxMessage) {
            deliverTooLarge();
        } else if (frame.isFinalFragment()) {
            deliver(content, binary);
        } else {
            partial = Unpooled.buffer(content.readableBytes() * 2);
            partial.writeBytes(content);
            partialBinary = binary;
        }
    }

    private void continuation(ContinuationWebSocketFrame frame) {
        if (partial == null || closeReceived) {
            return;
        }
        if (partial.readableBytes() + frame.content().readableBytes() > maxMessage) {
            dropPartial();
            deliverTooLarge();
            return;
        }
        partial.writeBytes(frame.content());
        if (frame.isFinalFragment()) {
            ByteBuf whole = partial;
            partial = null;
            try {
                deliver(whole, partialBinary);
            } finally {
                whole.release();
            }
        }
    }

    private void deliver(ByteBuf content, boolean binary) {
        Listener to = listener;
        if (to == null) {
            return;
        }
        if (binary) {
            context.dispatch(Buffer.buffer(ByteBufUtil.getBytes(content)), to::binary);
        } else {
            context.dispatch(content.toString(StandardCharsets.UTF_8), to::text);
        }
    }

    private void deliverTooLarge() {
        Listener to = listener;
        if (to != null) {
            context.dispatch(v -> to.tooLarge());
        }
    }

    private void dropPartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    private void closeFrame(CloseWebSocketFrame frame) {
        closeReceived = true;
        closed = true;
        if (closeSent) {
            // the answer to ours: the server closes the connection
            channel.close();
        } else {
            // answered with the same code, then closed, as Vert.x does
            closeSent = true;
            int code = frame.statusCode();
            CloseWebSocketFrame answer = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, frame.reasonText());
            channel.writeAndFlush(answer).addListener(done -> channel.close());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        dropPartial();
        if (closingTimer != null) {
            closingTimer.cancel(false);
            closingTimer = null;
        }
        Listener to = listener;
        if (to != null) {
            context.dispatch(v -> to.closed());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a frame over the maximum, a protocol error, a reset: the connection is dropped, as Vert.x does
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        // the server's shutdown event among them: the server closes the channel itself when it ends
        ReferenceCountUtil.release(event);
    }

    // ---- to the client, from any thread

    boolean isClosed() {
        return closed;
    }

    /** Queues a text message nobody waits on (the handshake's packets, pings); {@link #flush} sends what is queued. */
    void writeText(String text) {
        if (!closed) {
            // a frame object, not bytes: until the 101 has left, the HTTP encoder is still in the pipeline
            // and would refuse bytes, and the handshake's own open packet is written before that
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8))),
                    channel.voidPromise());
        }
    }

    /**
     * Queues a whole text frame made beforehand ({@link TextPacket#frame}); {@link #flush} sends what
     * is queued. The frame passes the pipeline's frame encoder as the bytes it already is, and nobody
     * waits on it: no promise and no listener per frame on the hot path. Message packets only ever
     * come once the client has answered the handshake, so after the 101 and its encoder are gone.
     */
    void writeFrame(byte[] frame) {
        if (!closed) {
            channel.write(Unpooled.wrappedBuffer(frame), channel.voidPromise());
        }
    }

    /** As {@link #writeFrame}, telling when the frame was written. */
    Future<Void> writeFrameTracked(byte[] frame) {
        return write(Unpooled.wrappedBuffer(frame));
    }

    Future<Void> writeBinaryMessage(Buffer bytes) {
        return write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes.getBytes())));
    }

    /** A frame, or a whole frame's bytes. */
    private Future<Void> write(Object frame) {
        if (closed) {
            ReferenceCountUtil.release(frame);
            return context.failedFuture("WebSocket is closed");
        }
        Promise<Void> written = context.promise();
        channel.write(frame).addListener(done -> {
            if (done.isSuccess()) {
                written.tryComplete();
            } else {
                written.tryFail(done.cause());
            }
        });
        return written.future();
    }

    void flush() {
        channel.flush();
    }

    /** The closing handshake with 1000 (normal closure). */
    void close() {
        close((short) 1000);
    }

    void close(short code) {
        if (channel.eventLoop().inEventLoop()) {
            sendClose(code);
        } else {
            channel.eventLoop().execute(() -> sendClose(code));
        }
    }

    private void sendClose(short code) {
        if (closeSent || !channel.isActive()) {
            return;
        }
        closeSent = true;
        closed = true;
        channel.writeAndFlush(new CloseWebSocketFrame(code, null)).addListener(done -> {
            if (closeReceived || !done.isSuccess()) {
                channel.close();
            } else if (channel.isActive()) {
                closingTimer = channel.eventLoop().schedule(() -> {
                    closingTimer = null;
                    channel.close();
                }, CLOSING_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }
}
