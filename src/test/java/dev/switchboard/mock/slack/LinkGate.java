package dev.switchboard.mock.slack;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * A Netty handler placed just before Vert.x's on one socket's channel. Vert.x answers every ping with a pong before
 * any user handler sees it, so the only way to make a socket "half-open" (alive at TCP level, deaf above it) is to
 * swallow frames before they reach Vert.x. It also counts client pings, which Vert.x never shows us.
 *
 * <p>Close frames always pass: a client that gives up on a deaf socket should still be able to close it, so it does
 * not linger against the app's socket cap. Runs on the channel's event loop (the server's loop, as Vert.x puts a
 * server's connections on its own context); the fields are volatile anyway since the gate can't check that.
 */
final class LinkGate extends ChannelInboundHandlerAdapter {

    static final String NAME = "mockSlackLinkGate";

    private volatile boolean deaf;
    private volatile long pings;

    void deaf(boolean on) {
        deaf = on;
    }

    long pings() {
        return pings;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PingWebSocketFrame) {
            pings++;
        }
        if (deaf && msg instanceof WebSocketFrame && !(msg instanceof CloseWebSocketFrame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
