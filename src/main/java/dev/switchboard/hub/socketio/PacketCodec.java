package dev.switchboard.hub.socketio;

import dev.switchboard.hub.engineio.MalformedPacketException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text form of Socket.IO packets, as the reference parser writes and reads it:
 * {@code <type>[<attachments>-][<namespace>,][<ack id>][<JSON>]}, binary values replaced by
 * {@code {"_placeholder":true,"num":n}} and sent as the frames that follow.
 */
final class PacketCodec {
    private PacketCodec() {
    }

    // ---- encoding

    static Encoded encode(int type, String namespace, int id, Object data) {
        List<Buffer> attachments = List.of();
        Object json = data;
        if (hasBinary(data)) {
            attachments = new ArrayList<>(2);
            json = extract(data, attachments);
            type = type == Packet.ACK ? Packet.BINARY_ACK : Packet.BINARY_EVENT;
        }
        StringBuilder text = new StringBuilder(64).append(type);
        if (!attachments.isEmpty()) {
            text.append(attachments.size()).append('-');
        }
        if (!Packet.MAIN.equals(namespace)) {
            text.append(namespace).append(',');
        }
        if (id >= 0) {
            text.append(id);
        }
        if (json != null) {
            appendJson(text, json);
        }
        return new Encoded(text.toString(), attachments);
    }

    /** The JSON text of {@code json}; the items of an array that are {@link RawJson} go in as they are. */
    private static void appendJson(StringBuilder text, Object json) {
        if (!(json instanceof JsonArray array) || array.getList().stream().noneMatch(RawJson.class::isInstance)) {
            text.append(Json.encode(json));
            return;
        }
        text.append('[');
        List<?> items = array.getList();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(items.get(i) instanceof RawJson raw ? raw.text() : Json.encode(items.get(i)));
        }
        text.append(']');
    }

    static Encoded event(String namespace, int ackId, String event, Object[] args) {
        JsonArray data = new JsonArray(new ArrayList<>(args.length + 1)).add(event);
        for (Object arg : args) {
            data.add(arg);
        }
        return encode(Packet.EVENT, namespace, ackId, data);
    }

    private static boolean hasBinary(Object value) {
        if (value instanceof Buffer || value instanceof byte[]) {
            return true;
        }
        if (value instanceof JsonArray array) {
            return hasBinary(array.getList());
        }
        if (value instanceof JsonObject object) {
            return hasBinary(object.getMap());
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (hasBinary(item)) {
                    return true;
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Object item : map.values()) {
                if (hasBinary(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A copy of {@code value} with every binary replaced by a placeholder, the binaries appended to {@code out}. */
    @SuppressWarnings("unchecked")
    private static Object extract(Object value, List<Buffer> out) {
        if (value instanceof Buffer || value instanceof byte[]) {
            out.add(value instanceof byte[] bytes ? Buffer.buffer(bytes) : (Buffer) value);
            return new JsonObject().put("_placeholder", true).put("num", out.size() - 1);
        }
        if (value instanceof JsonArray array) {
            return new JsonArray((List<Object>) extract(array.getList(), out));
        }
        if (value instanceof JsonObject object) {
            return new JsonObject((Map<String, Object>) extract(object.getMap(), out));
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(extract(item, out));
            }
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), extract(item, out)));
            return copy;
        }
        return value;
    }

    // ---- decoding

    /**
     * Reads one text packet; its placeholders stay until {@link #fill} when it announces attachments.
     *
     * @throws MalformedPacketException for anything the reference parser refuses, and for more than
     *                                  {@code maxAttachments} attachments
     */
    static Packet decode(String text, int maxAttachments) {
        int length = text.length();
        if (length == 0) {
            throw new MalformedPacketException("empty packet");
        }
        int type = text.charAt(0) - '0';
        if (type < Packet.CONNECT || type > Packet.BINARY_ACK) {
            throw new MalformedPacketException("unknown packet type");
        }
        int i = 1;
        int attachments = 0;
        if (type == Packet.BINARY_EVENT || type == Packet.BINARY_ACK) {
            int dash = text.indexOf('-', i);
            if (dash < 0 || dash == i || dash - i > 3 || !digits(text, i, dash)) {
                throw new MalformedPacketException("illegal attachments");
            }
            attachments = Integer.parseInt(text, i, dash, 10);
            if (attachments > maxAttachments) {
                throw new MalformedPacketException("too many attachments");
            }
            i = dash + 1;
        }
        String namespace = Packet.MAIN;
        if (i < length && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? length : comma;
            namespace = text.substring(i, end);
            i = comma < 0 ? length : comma + 1;
        }
        int id = -1;
        int idStart = i;
        while (i < length && Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
            i++;
        }
        if (i > idStart) {
            long parsed = i - idStart > 10 ? Long.MAX_VALUE : Long.parseLong(text, idStart, i, 10);
            if (parsed > Integer.MAX_VALUE) {
                throw new MalformedPacketException("ack id out of range");
            }
            id = (int) parsed;
        }
        Object data = null;
        if (i < length) {
            try {
                data = Json.decodeValue(text.substring(i));
            } catch (DecodeException e) {
                throw new MalformedPacketException("invalid payload");
            }
        }
        if (!valid(type, data)) {
            throw new MalformedPacketException("invalid payload");
        }
        return new Packet(type, namespace, id, data, attachments);
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean valid(int type, Object data) {
        return switch (type) {
            case Packet.CONNECT -> data == null || data instanceof JsonObject;
            case Packet.DISCONNECT -> data == null;
            case Packet.CONNECT_ERROR -> data instanceof String || data instanceof JsonObject;
            case Packet.EVENT, Packet.BINARY_EVENT -> data instanceof JsonArray array && !array.isEmpty()
                    && (array.getValue(0) instanceof Number
                    || array.getValue(0) instanceof String name && !reserved(name));
            default -> data instanceof JsonArray;
        };
    }

    /** Event names the reference implementation keeps for itself; a client may not send them. */
    private static boolean reserved(String event) {
        return switch (event) {
            case "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener" -> true;
            default -> false;
        };
    }

    /** Puts the received binaries in place of their placeholders. */
    static Packet fill(Packet packet, List<Buffer> buffers) {
        return packet.withData(fill(packet.data(), buffers));
    }

    @SuppressWarnings("unchecked")
    private static Object fill(Object value, List<Buffer> buffers) {
        // nested values may be JsonObject/JsonArray or the raw Map/List the JSON parser left inside them
        if (value instanceof JsonArray array) {
            fillList(array.getList(), buffers);
        } else if (value instanceof List<?> list) {
            fillList((List<Object>) list, buffers);
        } else if (value instanceof JsonObject object) {
            return fillMap(object.getMap(), buffers, value);
        } else if (value instanceof Map<?, ?> map) {
            return fillMap((Map<String, Object>) map, buffers, value);
        }
        return value;
    }

    private static void fillList(List<Object> list, List<Buffer> buffers) {
        for (int i = 0; i < list.size(); i++) {
            list.set(i, fill(list.get(i), buffers));
        }
    }

    private static Object fillMap(Map<String, Object> map, List<Buffer> buffers, Object self) {
        if (Boolean.TRUE.equals(map.get("_placeholder"))) {
            if (map.get("num") instanceof Integer num && num >= 0 && num < buffers.size()) {
                return buffers.get(num);
            }
            throw new MalformedPacketException("illegal attachments");
        }
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            entry.setValue(fill(entry.getValue(), buffers));
        }
        return self;
    }
}
