package dev.switchboard.hub.socketio;

import dev.switchboard.hub.engineio.MalformedPacketException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The encodings of the protocol README, both ways, and what the reference parser refuses. */
class PacketCodecTest {
    private static final Buffer ONE_TO_FOUR = Buffer.buffer(new byte[]{1, 2, 3, 4});

    @Test
    void encodesTheReadmeExamples() {
        assertEquals("0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}", PacketCodec.encode(Packet.CONNECT, "/admin", -1,
                new JsonObject().put("sid", "oSO0OpakMV_3jnilAAAA")).text());
        assertEquals("4{\"message\":\"Not authorized\"}", PacketCodec.encode(Packet.CONNECT_ERROR, "/", -1,
                new JsonObject().put("message", "Not authorized")).text());
        assertEquals("2[\"foo\"]", PacketCodec.event("/", -1, "foo", new Object[0]).text());
        assertEquals("2/admin,[\"bar\"]", PacketCodec.event("/admin", -1, "bar", new Object[0]).text());
        assertEquals("212[\"foo\"]", PacketCodec.event("/", 12, "foo", new Object[0]).text());
        assertEquals("3/admin,13[\"bar\"]", PacketCodec.encode(Packet.ACK, "/admin", 13, JsonArray.of("bar")).text());
        assertEquals("1/admin,", PacketCodec.encode(Packet.DISCONNECT, "/admin", -1, null).text());
        assertEquals("1", PacketCodec.encode(Packet.DISCONNECT, "/", -1, null).text());
    }

    @Test
    void preEncodedJsonGoesInAsItIs() {
        String stored = "{\"_id\":\"msg_1\",\"content\":\"caf\u00e9 \\\"quoted\\\"\"}";
        Encoded packet = PacketCodec.event("/chat", -1, "message:new", new Object[]{new RawJson(stored), 7});
        assertEquals("2/chat,[\"message:new\"," + stored + ",7]", packet.text());
        assertEquals(new JsonArray().add("message:new").add(new JsonObject(stored)).add(7),
                PacketCodec.decode(packet.text(), 0).data());
    }

    @Test
    void movesBinariesToAttachments() {
        Encoded event = PacketCodec.event("/", -1, "baz", new Object[]{ONE_TO_FOUR});
        assertEquals("51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", event.text());
        assertEquals(List.of(ONE_TO_FOUR), event.attachments());

        Encoded two = PacketCodec.event("/admin", -1, "baz", new Object[]{new byte[]{1, 2},
                new JsonObject().put("deep", JsonArray.of(Buffer.buffer(new byte[]{3, 4})))});
        assertEquals("52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"deep\":[{\"_placeholder\":true,\"num\":1}]}]",
                two.text());

        Encoded ack = PacketCodec.encode(Packet.ACK, "/", 15, JsonArray.of("bar", ONE_TO_FOUR));
        assertEquals("61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]", ack.text());
    }

    @Test
    void decodesTheReadmeExamples() {
        Packet connect = PacketCodec.decode("0/admin,{\"token\":\"123\"}", 10);
        assertEquals(new Packet(Packet.CONNECT, "/admin", -1, new JsonObject().put("token", "123"), 0), connect);
        assertEquals(new Packet(Packet.CONNECT, "/random", -1, null, 0), PacketCodec.decode("0/random", 10));
        Packet event = PacketCodec.decode("2/admin,13[\"bar\",1]", 10);
        assertEquals("/admin", event.namespace());
        assertEquals(13, event.id());
        assertEquals(JsonArray.of("bar", 1), event.data());
        assertEquals(new Packet(Packet.DISCONNECT, "/", -1, null, 0), PacketCodec.decode("1", 10));
    }

    @Test
    void joinsAttachmentsToTheirPlaceholders() {
        Packet header = PacketCodec.decode("452-789[\"m\",{\"_placeholder\":true,\"num\":1},{\"x\":{\"_placeholder\":true,\"num\":0}}]".substring(1), 10);
        assertEquals(Packet.BINARY_EVENT, header.type());
        assertEquals(2, header.attachments());
        assertEquals(789, header.id());
        Buffer first = Buffer.buffer("first");
        Buffer second = Buffer.buffer("second");
        JsonArray data = (JsonArray) PacketCodec.fill(header, List.of(first, second)).data();
        assertEquals(second, data.getBuffer(1));
        assertEquals(first, data.getJsonObject(2).getBuffer("x"));
    }

    @Test
    void refusesAPlaceholderWithoutItsAttachment() {
        Packet header = PacketCodec.decode("51-[\"m\",{\"_placeholder\":true,\"num\":3}]", 10);
        assertThrows(MalformedPacketException.class, () -> PacketCodec.fill(header, List.of(ONE_TO_FOUR)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "7", "2", "2{}", "2[]", "2[1", "2abc[\"x\"]", "2[\"connect\"]",
            "2[\"disconnect\",1]", "1[\"x\"]", "0[\"x\"]", "3{}", "3", "5[\"x\"]", "5x-[\"x\"]", "511-[\"x\"]",
            "2/chat,9999999999[\"x\"]", "2[\"x\"]trailing", "2[true]", "0\"token\""})
    void refusesWhatTheReferenceParserRefuses(String text) {
        assertThrows(MalformedPacketException.class, () -> PacketCodec.decode(text, 10));
    }

    @Test
    void acceptsNumericEventNamesAndEmptyAcks() {
        assertEquals(JsonArray.of(1, "x"), PacketCodec.decode("2[1,\"x\"]", 10).data());
        assertEquals(new JsonArray(), PacketCodec.decode("30[]", 10).data());
        assertNull(PacketCodec.decode("0", 10).data());
    }

    @Property
    void eventsSurviveTheRoundTrip(@ForAll("names") String namespace, @ForAll("ackIds") int ackId,
                                   @ForAll("events") String event, @ForAll("arguments") List<Object> args) {
        Encoded encoded = PacketCodec.event(namespace, ackId, event, args.toArray());
        Packet decoded = PacketCodec.decode(encoded.text(), 10);
        if (!encoded.attachments().isEmpty()) {
            decoded = PacketCodec.fill(decoded, encoded.attachments());
        }
        assertEquals(namespace, decoded.namespace());
        assertEquals(ackId, decoded.id());
        JsonArray expected = new JsonArray().add(event);
        args.forEach(expected::add);
        assertEquals(expected, decoded.data());
    }

    @Property
    void anyTextIsDecodedOrRefusedButNeverBreaksTheDecoder(@ForAll("packetLike") String text) {
        try {
            Packet packet = PacketCodec.decode(text, 10);
            assertTrue(packet.type() >= 0 && packet.type() <= 6);
            assertInstanceOf(String.class, packet.namespace());
        } catch (MalformedPacketException expected) {
            // the one way a packet may fail
        }
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.just("/"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).map(name -> "/" + name));
    }

    @Provide
    Arbitrary<Integer> ackIds() {
        return Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.integers().between(0, Integer.MAX_VALUE));
    }

    @Provide
    Arbitrary<String> events() {
        return Arbitraries.strings().ofMaxLength(12).filter(name -> !List.of("connect", "connect_error", "disconnect",
                "disconnecting", "newListener", "removeListener").contains(name));
    }

    @Provide
    Arbitrary<List<Object>> arguments() {
        Arbitrary<Object> scalar = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(bytes -> (Object) Buffer.buffer(bytes)));
        Arbitrary<Object> object = scalar.list().ofMaxSize(3).map(values -> {
            JsonObject json = new JsonObject();
            for (int i = 0; i < values.size(); i++) {
                json.put("k" + i, values.get(i));
            }
            return json;
        });
        Arbitrary<Object> array = scalar.list().ofMaxSize(3).map(values -> (Object) new JsonArray(values));
        return Arbitraries.oneOf(scalar, object, array).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> packetLike() {
        Arbitrary<String> prefix = Arbitraries.of("0", "1", "2", "3", "4", "5", "6", "51-", "62-", "2/chat,", "212",
                "x", "");
        Arbitrary<String> rest = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
                Arbitraries.of("[\"e\"]", "{}", "[1,{\"_placeholder\":true,\"num\":0}]", "[", "\"s\"", "null"));
        return net.jqwik.api.Combinators.combine(prefix, rest).as(String::concat);
    }
}
