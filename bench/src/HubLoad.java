// Load for the hub benchmark (bench/hub.sh), JDK only: Socket.IO v5 clients on /chat over raw
// WebSockets (Engine.IO v4 framing by hand, so the generator costs little next to the server), with
// access tokens it signs itself (HS256, the server's JWT_SECRET). The same load runs against
// Switchboard and against the reference Node.js server.
//
//   java bench/src/HubLoad.java --url http://127.0.0.1:18230 --secret S --scenario idle --connections 10000
//   java bench/src/HubLoad.java ... --scenario pairs --pairs 50 --window 8 --warmup 5 --duration 15
//   java bench/src/HubLoad.java ... --scenario fanout --groups 10 --members 100 --window 4 --warmup 5 --duration 15
//
// idle:   N users connect and join one of 100 agents' conversations; prints HUB_LOAD_READY, holds
//         them until the --done-file exists, prints HUB_LOAD_RESULT.
// pairs:  P agents and P users, each user in its agent's conversation, sends message:send with an
//         acknowledgement, W in flight; counted: message:new arriving at the agent, and the time
//         from send to that arrival.
// fanout: G conversations of M members (one agent, M-1 users); one user of each sends, W in flight;
//         counted: every member's message:new (the sender's own included), each one's latency.
// Prints "HUB_LOAD_RESULT {json}" with messages sent, deliveries, per second, p50/p99/max in ms.

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

public class HubLoad {
    static String base;
    static String secret;
    static HttpClient http;
    static final Latencies latencies = new Latencies();
    static final AtomicLong sent = new AtomicLong();
    static final AtomicLong delivered = new AtomicLong();
    static volatile boolean measuring;
    static volatile boolean started;
    static volatile boolean running = true;

    /** Latencies in a fixed log-linear histogram: 10 us steps to 100 ms, then 1 ms steps to 10 s. */
    static final class Latencies {
        final AtomicLongArray buckets = new AtomicLongArray(10_000 + 9_900 + 1);

        void add(long nanos) {
            long micros = nanos / 1000;
            int bucket = micros < 100_000 ? (int) (micros / 10) : (int) Math.min(19_900, 10_000 + (micros - 100_000) / 1000);
            buckets.incrementAndGet(bucket);
        }

        double quantileMs(double q) {
            long total = 0;
            for (int i = 0; i < buckets.length(); i++) total += buckets.get(i);
            if (total == 0) return 0;
            long rank = (long) Math.ceil(q * total), seen = 0;
            for (int i = 0; i < buckets.length(); i++) {
                seen += buckets.get(i);
                if (seen >= rank) return i < 10_000 ? (i + 1) * 0.01 : 100 + (i - 10_000 + 1);
            }
            return 10_000;
        }

        void reset() {
            for (int i = 0; i < buckets.length(); i++) buckets.set(i, 0);
        }
    }

    /** One Socket.IO client on /chat. Subclasses react to events and acknowledgements. */
    static class Client implements WebSocket.Listener {
        final CompletableFuture<Client> connected = new CompletableFuture<>();
        final CompletableFuture<String> firstAck = new CompletableFuture<>();
        final CompletableFuture<String> presence = new CompletableFuture<>();
        final String token;
        final StringBuilder partial = new StringBuilder();
        WebSocket socket;
        int nextAck = 1;
        /** The JDK client takes one send at a time: each waits for the one before, without blocking a thread. */
        CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        Client(String token) {
            this.token = token;
        }

        CompletableFuture<Client> open() {
            String ws = base.replaceFirst("^http", "ws") + "/socket.io/?EIO=4&transport=websocket";
            return http.newWebSocketBuilder().buildAsync(URI.create(ws), this).thenCompose(s -> connected);
        }

        @Override
        public void onOpen(WebSocket ws) {
            socket = ws;
            ws.request(1);
        }

        synchronized void send(String text) {
            sending = sending.thenCompose(done -> socket.sendText(text, true));
        }

        /** An event with an acknowledgement id; returns the id. */
        int emit(String event, String json) {
            int id;
            synchronized (this) {
                id = nextAck++;
            }
            send("42/chat," + id + "[\"" + event + "\"," + json + "]");
            return id;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                handle(text);
            }
            ws.request(1);
            return null;
        }

        void handle(String text) {
            if (text.equals("2")) {
                send("3");
            } else if (text.startsWith("0{")) {
                send("40/chat,{\"token\":\"" + token + "\"}");
            } else if (text.startsWith("40/chat,")) {
                connected.complete(this);
            } else if (text.startsWith("44/chat,")) {
                connected.completeExceptionally(new IllegalStateException("refused: " + text));
            } else if (text.startsWith("43/chat,")) {
                firstAck.complete(text);
                acked(text);
            } else if (text.startsWith("42/chat,[\"message:new\"")) {
                messageNew(text);
            } else if (text.startsWith("42/chat,[\"presence:update\"")) {
                presence.complete(text);
            }
        }

        void acked(String text) {
        }

        void messageNew(String text) {
        }
    }

    /** A member that times every user message it receives (the content carries the send time). */
    static class Receiver extends Client {
        final boolean timesMessages;

        Receiver(String token, boolean timesMessages) {
            super(token);
            this.timesMessages = timesMessages;
        }

        Receiver(String token) {
            this(token, true);
        }

        @Override
        void messageNew(String text) {
            if (!timesMessages) return;
            int at = text.indexOf("\"content\":\"t=");
            if (at < 0 || !text.contains("\"role\":\"user\"")) return;
            int start = at + 13;
            int end = text.indexOf('"', start);
            long sentAt = Long.parseLong(text, start, end, 10);
            if (measuring) {
                latencies.add(System.nanoTime() - sentAt);
                delivered.incrementAndGet();
            }
        }
    }

    /** A user that keeps W messages in flight: each acknowledgement lets the next one go. */
    static class Sender extends Receiver {
        Sender(String token, boolean timesOwnMessages) {
            super(token, timesOwnMessages);
        }

        void sendOne() {
            if (!running) return;
            emit("message:send", "{\"role\":\"user\",\"content\":\"t=" + System.nanoTime() + "\"}");
            if (measuring) sent.incrementAndGet();
        }

        @Override
        void acked(String text) {
            if (started) {
                sendOne();   // the acknowledgement of conversation:join comes before the run starts
            }
        }
    }

    public static void main(String[] args) throws Exception {
        base = arg(args, "--url", null);
        secret = arg(args, "--secret", null);
        http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
        String scenario = arg(args, "--scenario", "pairs");
        switch (scenario) {
            case "idle" -> idle(Integer.parseInt(arg(args, "--connections", "10000")), Path.of(arg(args, "--done-file", "/tmp/hub-load-done")));
            case "pairs" -> pairs(Integer.parseInt(arg(args, "--pairs", "50")), Integer.parseInt(arg(args, "--window", "8")),
                    Integer.parseInt(arg(args, "--warmup", "5")), Integer.parseInt(arg(args, "--duration", "15")));
            case "fanout" -> fanout(Integer.parseInt(arg(args, "--groups", "10")), Integer.parseInt(arg(args, "--members", "100")),
                    Integer.parseInt(arg(args, "--window", "4")), Integer.parseInt(arg(args, "--warmup", "5")),
                    Integer.parseInt(arg(args, "--duration", "15")));
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        System.exit(0);
    }

    static void idle(int connections, Path done) throws Exception {
        List<Client> all = connectAll(connections, i -> new Client(userToken("u" + i)));
        List<CompletableFuture<String>> joins = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            all.get(i).emit("conversation:join", "{\"agentId\":\"a" + (i % 100) + "\"}");
            joins.add(all.get(i).firstAck);
        }
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
        System.out.println("HUB_LOAD_READY connections=" + all.size());
        while (!Files.exists(done)) Thread.sleep(100);
        System.out.println("HUB_LOAD_RESULT {\"scenario\":\"idle\",\"connections\":" + all.size() + "}");
    }

    static void pairs(int pairs, int window, int warmup, int duration) throws Exception {
        List<Client> agents = connectAll(pairs, i -> new Receiver(agentToken("pair" + i)));
        for (Client agent : agents) agent.presence.get(30, TimeUnit.SECONDS);
        // 1:1: what counts is the message reaching the agent, not its echo to the sender
        List<Client> users = connectAll(pairs, i -> new Sender(userToken("pair-user" + i), false));
        for (int i = 0; i < pairs; i++) {
            users.get(i).emit("conversation:join", "{\"agentId\":\"pair" + i + "\"}");
            users.get(i).firstAck.get(30, TimeUnit.SECONDS);
        }
        List<Sender> senders = users.stream().map(u -> (Sender) u).toList();
        run(senders, window, warmup, duration, "pairs", pairs * 2);
    }

    static void fanout(int groups, int members, int window, int warmup, int duration) throws Exception {
        List<Sender> senders = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String agentId = "fan" + g;
            List<Client> agent = connectAll(1, i -> new Receiver(agentToken(agentId)));
            agent.get(0).presence.get(30, TimeUnit.SECONDS);
            int group = g;
            List<Client> users = connectAll(members - 1, i -> i == 0 ? new Sender(userToken("fan" + group + "-u" + i), true)
                    : new Receiver(userToken("fan" + group + "-u" + i)));
            for (Client user : users) user.emit("conversation:join", "{\"agentId\":\"" + agentId + "\"}");
            for (Client user : users) user.firstAck.get(60, TimeUnit.SECONDS);
            senders.add((Sender) users.get(0));
        }
        run(senders, window, warmup, duration, "fanout", groups * members);
    }

    static void run(List<Sender> senders, int window, int warmup, int duration, String scenario, int connections)
            throws Exception {
        started = true;
        for (Sender sender : senders) {
            for (int w = 0; w < window; w++) sender.sendOne();
        }
        Thread.sleep(warmup * 1000L);
        latencies.reset();
        sent.set(0);
        delivered.set(0);
        System.out.println("HUB_LOAD_MEASURING");
        measuring = true;
        long start = System.nanoTime();
        Thread.sleep(duration * 1000L);
        measuring = false;
        double seconds = (System.nanoTime() - start) / 1e9;
        running = false;
        System.out.printf("HUB_LOAD_RESULT {\"scenario\":\"%s\",\"connections\":%d,\"senders\":%d,\"window\":%d,"
                        + "\"seconds\":%.1f,\"sent\":%d,\"deliveries\":%d,\"sentPerSecond\":%.0f,\"deliveriesPerSecond\":%.0f,"
                        + "\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f}%n", scenario, connections, senders.size(), window,
                seconds, sent.get(), delivered.get(), sent.get() / seconds, delivered.get() / seconds,
                latencies.quantileMs(0.50), latencies.quantileMs(0.99), latencies.quantileMs(1.0));
    }

    interface Factory {
        Client make(int index);
    }

    static List<Client> connectAll(int count, Factory factory) throws Exception {
        Semaphore opening = new Semaphore(200);
        List<CompletableFuture<Client>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            opening.acquire();
            pending.add(factory.make(i).open().whenComplete((c, e) -> opening.release()));
        }
        List<Client> clients = new ArrayList<>();
        for (CompletableFuture<Client> client : pending) clients.add(client.get(120, TimeUnit.SECONDS));
        return clients;
    }

    static String userToken(String userId) {
        return jwt("{\"sub\":\"" + userId + "\",\"typ\":\"user\",\"agents\":[\"*\"],\"exp\":" + expiry() + "}");
    }

    static String agentToken(String agentId) {
        return jwt("{\"sub\":\"" + agentId + "\",\"typ\":\"agent\",\"exp\":" + expiry() + "}");
    }

    static long expiry() {
        return System.currentTimeMillis() / 1000 + 3600;
    }

    static String jwt(String claims) {
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String unsigned = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return unsigned + "." + b64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) return args[i + 1];
        }
        if (fallback == null) throw new IllegalArgumentException(name + " is required");
        return fallback;
    }
}
