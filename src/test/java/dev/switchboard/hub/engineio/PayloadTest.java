package dev.switchboard.hub.engineio;

import io.vertx.core.buffer.Buffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PayloadTest {
    @Test
    void encodesTextAndBinaryPacketsWithTheRecordSeparator() {
        String body = Payload.encode(List.of("4hello", "2", Buffer.buffer(new byte[]{1, 2, 3, 4})));
        assertEquals("4hello\u001e2\u001ebAQIDBA==", body);
    }

    @Test
    void decodesTheReadmeExample() {
        List<EnginePacket> packets = Payload.decode("4hello\u001ebAQIDBA==");
        assertEquals(2, packets.size());
        assertEquals(new EnginePacket('4', "hello", null), packets.get(0));
        assertArrayEquals(new byte[]{1, 2, 3, 4}, packets.get(1).binary().getBytes());
    }

    @Test
    void keepsMultiByteCharactersWhole() {
        assertEquals("€ and 😀", Payload.decode("4€ and 😀").getFirst().text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "7", "4hi\u001e", "\u001e4hi", "b!!!", "4ok\u001e9"})
    void refusesMalformedPayloads(String body) {
        assertThrows(MalformedPacketException.class, () -> Payload.decode(body));
    }

    @Property
    void decodingUndoesEncoding(@ForAll("packets") List<Object> packets) {
        List<EnginePacket> decoded = Payload.decode(Payload.encode(packets));
        List<Object> back = new ArrayList<>();
        for (EnginePacket packet : decoded) {
            back.add(packet.isBinary() ? packet.binary() : packet.type() + packet.text());
        }
        assertEquals(packets, back);
    }

    @Property
    void anyBodyIsDecodedOrRefusedButNeverBreaksTheDecoder(@ForAll String body) {
        try {
            Payload.decode(body);
        } catch (MalformedPacketException expected) {
            // the one way a body may fail
        }
    }

    @Provide
    Arbitrary<List<Object>> packets() {
        Arbitrary<Object> text = Arbitraries.strings().excludeChars(Payload.SEPARATOR).ofMaxLength(40)
                .flatMap(data -> Arbitraries.of('0', '1', '2', '3', '4', '5', '6').map(type -> type + data));
        Arbitrary<Object> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(Buffer::buffer);
        return Arbitraries.oneOf(text, binary).list().ofMinSize(1).ofMaxSize(8);
    }
}
