package dev.switchboard.hub.engineio;

import io.vertx.core.MultiMap;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a session keeps of the headers or the query of the request that opened it: a read-only
 * snapshot in one array of names and values. The request lives for a moment, the session for hours:
 * Vert.x's maps of it (an entry object per value, a bucket array, names as separate strings) cost
 * over a kilobyte of every idle connection; this costs the array. Well-known names and values are
 * shared constants; header names come lower-case, as Node.js gives them (looked up in any case).
 */
final class FrozenMultiMap implements MultiMap {
    /**
     * Hop-by-hop headers and those of the WebSocket handshake: they tell how that one request
     * travelled, nothing about the client (a session opened by polling never had most of them).
     */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "upgrade",
            "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions");
    private static final Map<String, String> SHARED = Stream.of(
            // header names
            "host", "origin", "user-agent", "accept", "accept-encoding", "accept-language", "authorization",
            "cookie", "cache-control", "pragma", "referer", "sec-websocket-protocol", "x-forwarded-for",
            "x-forwarded-proto", "x-forwarded-host", "x-real-ip", "forwarded", "content-type", "content-length",
            "sec-fetch-site", "sec-fetch-mode", "sec-fetch-dest", "dnt",
            // query names and values of the protocol
            "EIO", "4", "transport", "websocket", "polling", "sid", "t", "b64", "token")
            .collect(Collectors.toUnmodifiableMap(Function.identity(), Function.identity()));
    private static final String[] NONE = {};

    /** name, value, name, value... in the request's order; names are looked up in any case, as Vert.x does */
    private final String[] pairs;

    private FrozenMultiMap(String[] pairs) {
        this.pairs = pairs;
    }

    /** The request's headers less the hop-by-hop ones; names lower-case. */
    static FrozenMultiMap headers(MultiMap headers) {
        List<String> kept = new ArrayList<>(headers.size() * 2);
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name)) {
                kept.add(shared(name));
                kept.add(header.getValue());
            }
        }
        return new FrozenMultiMap(kept.isEmpty() ? NONE : kept.toArray(NONE));
    }

    /** The query parameters, as they are. */
    static FrozenMultiMap params(MultiMap params) {
        List<String> kept = new ArrayList<>(params.size() * 2);
        for (Map.Entry<String, String> param : params) {
            kept.add(shared(param.getKey()));
            kept.add(shared(param.getValue()));
        }
        return new FrozenMultiMap(kept.isEmpty() ? NONE : kept.toArray(NONE));
    }

    private static String shared(String text) {
        return text == null ? null : SHARED.getOrDefault(text, text);
    }

    private static boolean matches(String name, CharSequence wanted) {
        return name.length() == wanted.length() && name.equalsIgnoreCase(wanted.toString());
    }

    @Override
    public String get(CharSequence name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (matches(pairs[i], name)) {
                return pairs[i + 1];
            }
        }
        return null;
    }

    @Override
    public String get(String name) {
        return get((CharSequence) name);
    }

    @Override
    public List<String> getAll(CharSequence name) {
        List<String> values = new ArrayList<>(1);
        for (int i = 0; i < pairs.length; i += 2) {
            if (matches(pairs[i], name)) {
                values.add(pairs[i + 1]);
            }
        }
        return List.copyOf(values);
    }

    @Override
    public List<String> getAll(String name) {
        return getAll((CharSequence) name);
    }

    @Override
    public boolean contains(CharSequence name) {
        return get(name) != null;
    }

    @Override
    public boolean contains(String name) {
        return get(name) != null;
    }

    @Override
    public boolean isEmpty() {
        return pairs.length == 0;
    }

    @Override
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < pairs.length; i += 2) {
            names.add(pairs[i]);
        }
        return names;
    }

    @Override
    public int size() {
        return names().size();
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < pairs.length;
            }

            @Override
            public Map.Entry<String, String> next() {
                if (next >= pairs.length) {
                    throw new NoSuchElementException();
                }
                Map.Entry<String, String> entry = new AbstractMap.SimpleImmutableEntry<>(pairs[next], pairs[next + 1]);
                next += 2;
                return entry;
            }
        };
    }

    @Override
    public boolean isMutable() {
        return false;
    }

    @Override
    public MultiMap copy(boolean mutable) {
        if (!mutable) {
            return this;
        }
        MultiMap copy = MultiMap.caseInsensitiveMultiMap();
        forEach(copy::add);
        return copy;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            text.append(pairs[i]).append(": ").append(pairs[i + 1]).append('\n');
        }
        return text.toString();
    }

    // ---- read-only

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("the handshake's headers and query are read-only");
    }

    @Override
    public MultiMap add(String name, String value) {
        throw readOnly();
    }

    @Override
    public MultiMap add(CharSequence name, CharSequence value) {
        throw readOnly();
    }

    @Override
    public MultiMap add(String name, Iterable<String> values) {
        throw readOnly();
    }

    @Override
    public MultiMap add(CharSequence name, Iterable<CharSequence> values) {
        throw readOnly();
    }

    @Override
    public MultiMap addAll(MultiMap map) {
        throw readOnly();
    }

    @Override
    public MultiMap addAll(Map<String, String> headers) {
        throw readOnly();
    }

    @Override
    public MultiMap set(String name, String value) {
        throw readOnly();
    }

    @Override
    public MultiMap set(CharSequence name, CharSequence value) {
        throw readOnly();
    }

    @Override
    public MultiMap set(String name, Iterable<String> values) {
        throw readOnly();
    }

    @Override
    public MultiMap set(CharSequence name, Iterable<CharSequence> values) {
        throw readOnly();
    }

    @Override
    public MultiMap setAll(MultiMap map) {
        throw readOnly();
    }

    @Override
    public MultiMap setAll(Map<String, String> headers) {
        throw readOnly();
    }

    @Override
    public MultiMap remove(String name) {
        throw readOnly();
    }

    @Override
    public MultiMap remove(CharSequence name) {
        throw readOnly();
    }

    @Override
    public MultiMap clear() {
        throw readOnly();
    }
}
