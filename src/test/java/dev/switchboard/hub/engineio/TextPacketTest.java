package dev.switchboard.hub.engineio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The frame a broadcast packet is written as, read back by Netty's own client-side frame decoder. */
class TextPacketTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 124, 125, 126, 1_000, 65_534, 65_535, 70_000})
    void theFrameIsOneFinalTextFrameHoldingThePacket(int length) {
        // multi-byte characters too: the frame length counts bytes, not chars
        String data = "é".repeat(length / 2) + "x".repeat(length % 2);
        TextPacket packet = TextPacket.message(data);
        assertEquals("4" + data, packet.text());

        // a client reads unmasked frames from the server
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
        client.writeInbound(Unpooled.wrappedBuffer(packet.frame()));
        TextWebSocketFrame frame = client.readInbound();
        try {
            assertTrue(frame.isFinalFragment());
            assertEquals("4" + data, frame.text());
            ByteBuf rest = client.readInbound();
            assertNull(rest, "nothing after the frame");
        } finally {
            frame.release();
            client.finishAndReleaseAll();
        }
    }
}
