// A tiny webhook agent for the Switchboard benchmarks, JDK only.
//
//   java bench/src/EchoAgent.java --port 18300
//
// POST /webhook with a Switchboard event (SPEC.md §3.1) answers 200 {"text":"echo: <event.text>"},
// so the gateway sends that text back to the chat as a reply. GET /stats answers {"requests":N}.
// Prints "ECHO_AGENT_READY port=P" once it listens.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

public class EchoAgent {
    private static final int MAX_BODY = 1 << 20;
    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final AtomicLong BAD = new AtomicLong();

    public static void main(String[] args) throws IOException {
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) port = Integer.parseInt(args[++i]);
            else if (args[i].startsWith("--port=")) port = Integer.parseInt(args[i].substring(7));
            else { System.err.println("usage: EchoAgent --port P"); System.exit(64); }
        }
        // The JDK server leaves Nagle on by default; with the response head and body written
        // separately that costs up to 40 ms per reply (delayed ACK) and would swamp the latency
        // being measured. Must be set before the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.createContext("/webhook", EchoAgent::webhook);
        server.createContext("/stats", ex -> {
            drain(ex.getRequestBody());
            send(ex, 200, "{\"requests\":" + REQUESTS.get() + ",\"badRequests\":" + BAD.get() + "}");
        });
        server.createContext("/", ex -> {
            drain(ex.getRequestBody());
            send(ex, 404, "{\"error\":\"not found\"}");
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("ECHO_AGENT_STOP requests=" + REQUESTS.get() + " bad=" + BAD.get());
            server.stop(0);
        }));
        System.out.println("ECHO_AGENT_READY port=" + server.getAddress().getPort());
        System.out.flush();
    }

    private static void webhook(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")) {
                drain(ex.getRequestBody());
                send(ex, 405, "{\"error\":\"method not allowed\"}");
                return;
            }
            byte[] body = readBounded(ex.getRequestBody());
            if (body == null) {
                BAD.incrementAndGet();
                send(ex, 413, "{\"error\":\"payload too large\"}");
                return;
            }
            REQUESTS.incrementAndGet();
            String text;
            try {
                text = topLevelString(new String(body, StandardCharsets.UTF_8), "text");
            } catch (IllegalArgumentException e) {
                BAD.incrementAndGet();
                send(ex, 400, "{\"error\":" + quote("bad JSON: " + e.getMessage()) + "}");
                return;
            }
            if (text == null) {
                // Nothing to echo (a non-text event): 204 means "no reply" to the gateway.
                ex.sendResponseHeaders(204, -1);
                return;
            }
            send(ex, 200, "{\"text\":" + quote("echo: " + text) + "}");
        }
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] all = in.readNBytes(MAX_BODY + 1);
        if (all.length > MAX_BODY) {
            drain(in);
            return null;
        }
        return all;
    }

    private static void drain(InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
    }

    // ------------------------------------------------------------------------------------------
    // Minimal JSON: find one member of the top-level object and decode it if it is a string.
    // Nested objects and arrays are skipped (the event's "payload" also has a "text").
    // ------------------------------------------------------------------------------------------

    /** The value of top-level member {@code key} if it is a JSON string, else null. */
    static String topLevelString(String json, String key) {
        Cursor c = new Cursor(json);
        c.ws();
        c.expect('{');
        c.ws();
        if (c.peek() == '}') return null;
        String found = null;
        while (true) {
            c.ws();
            String name = c.string();
            c.ws();
            c.expect(':');
            c.ws();
            if (name.equals(key) && c.peek() == '"') found = c.string();
            else c.skipValue();
            c.ws();
            char next = c.next();
            if (next == '}') return found;
            if (next != ',') throw new IllegalArgumentException("expected , or } at " + (c.pos - 1));
        }
    }

    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s) { this.s = s; }

        char peek() {
            if (pos >= s.length()) throw new IllegalArgumentException("unexpected end");
            return s.charAt(pos);
        }

        char next() { char ch = peek(); pos++; return ch; }

        void expect(char ch) {
            if (next() != ch) throw new IllegalArgumentException("expected " + ch + " at " + (pos - 1));
        }

        void ws() {
            while (pos < s.length()) {
                char ch = s.charAt(pos);
                if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') pos++; else break;
            }
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char ch = next();
                if (ch == '"') return sb.toString();
                if (ch < 0x20) throw new IllegalArgumentException("control character in string");
                if (ch != '\\') { sb.append(ch); continue; }
                char e = next();
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) throw new IllegalArgumentException("short \\u escape");
                        try {
                            sb.append((char) Integer.parseInt(s, pos, pos + 4, 16));
                        } catch (NumberFormatException x) {
                            throw new IllegalArgumentException("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape \\" + e);
                }
            }
        }

        void skipValue() {
            char ch = peek();
            switch (ch) {
                case '"' -> string();
                case '{', '[' -> skipContainer();
                default -> {
                    // number, true, false, null
                    int start = pos;
                    while (pos < s.length() && "-+.0123456789eEtruefalsn".indexOf(s.charAt(pos)) >= 0) pos++;
                    if (pos == start) throw new IllegalArgumentException("unexpected '" + ch + "' at " + pos);
                }
            }
        }

        /** Skips a whole object or array, minding strings (which may contain brackets). */
        void skipContainer() {
            int depth = 0;
            do {
                char ch = peek();
                if (ch == '"') { string(); continue; }
                if (ch == '{' || ch == '[') depth++;
                else if (ch == '}' || ch == ']') depth--;
                pos++;
            } while (depth > 0);
        }
    }

    /** A JSON string literal for {@code s}. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    // U+2028/2029 are legal JSON but break JavaScript consumers; escape them too.
                    if (ch < 0x20 || ch == '\u2028' || ch == '\u2029') sb.append(String.format("\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        return sb.append('"').toString();
    }
}
