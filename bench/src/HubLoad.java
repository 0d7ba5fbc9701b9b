// Load for the hub benchmark (bench/hub.sh), JDK only: Socket.IO v5 clients on /chat over raw
// WebSockets, with access tokens it signs itself (HS256, the server's JWT_SECRET). The same load runs
// against Switchboard and against the reference Node.js server.
//
// It has to cost little next to the server it measures, since both share two cores: one NIO selector
// thread (--threads) drives every client, frames are parsed in place in one read buffer, only the
// handshake's packets become strings, a message's send time is read straight from its bytes, and what
// a client has to send while a read batch is handled goes out in one write at the end of the batch.
//
//   java bench/src/HubLoad.java --url http://127.0.0.1:18230 --secret S --server-pid PID --scenario idle --connections 10000
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
// Prints "HUB_LOAD_RESULT {json}" with messages sent, deliveries, per second, p50/p99/max in ms, and the
// CPU seconds the server (--server-pid; --clock-ticks is getconf CLK_TCK) and this generator used over
// the measured window, with the server's rates per CPU-second.

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

public class HubLoad {
    static InetSocketAddress address;
    static String hostHeader;
    static String secret;
    static long serverPid;
    static int clockTicks;
    static Loop[] loops;
    static volatile boolean measuring;
    static volatile boolean started;
    static volatile boolean running = true;

    static final byte[] MESSAGE_NEW = ascii("42/chat,[\"message:new\"");
    static final byte[] PRESENCE = ascii("42/chat,[\"presence:update\"");
    static final byte[] ACK = ascii("43/chat,");
    static final byte[] CONNECTED = ascii("40/chat,");
    static final byte[] REFUSED = ascii("44/chat,");
    static final byte[] OPEN = ascii("0{");
    static final byte[] SENT_AT = ascii("\"content\":\"t=");

    /** Latencies in a fixed log-linear histogram: 10 us steps to 100 ms, then 1 ms steps to 10 s. One per loop. */
    static final class Latencies {
        final long[] buckets = new long[10_000 + 9_900 + 1];

        void add(long nanos) {
            long micros = nanos / 1000;
            buckets[micros < 100_000 ? (int) (micros / 10) : (int) Math.min(19_900, 10_000 + (micros - 100_000) / 1000)]++;
        }

        void addAll(Latencies other) {
            for (int i = 0; i < buckets.length; i++) buckets[i] += other.buckets[i];
        }

        double quantileMs(double q) {
            long total = Arrays.stream(buckets).sum();
            if (total == 0) return 0;
            long rank = (long) Math.ceil(q * total), seen = 0;
            for (int i = 0; i < buckets.length; i++) {
                seen += buckets[i];
                if (seen >= rank) return i < 10_000 ? (i + 1) * 0.01 : 100 + (i - 10_000 + 1);
            }
            return 10_000;
        }
    }

    /** One selector thread and the clients it drives; its counters are touched by its thread only. */
    static final class Loop implements Runnable {
        final Selector selector;
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        /** Read buffer shared by the loop's clients; a frame split across reads waits in its client. */
        final ByteBuffer in = ByteBuffer.allocate(256 * 1024);
        final List<Client> toWrite = new ArrayList<>();
        Latencies latencies = new Latencies();
        long sent;
        long delivered;

        Loop() throws IOException {
            selector = Selector.open();
        }

        void execute(Runnable task) {
            tasks.add(task);
            selector.wakeup();
        }

        <T> T call(java.util.function.Supplier<T> task) throws Exception {
            CompletableFuture<T> result = new CompletableFuture<>();
            execute(() -> result.complete(task.get()));
            return result.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select();
                    for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) task.run();
                    for (SelectionKey key : selector.selectedKeys()) {
                        Client client = (Client) key.attachment();
                        try {
                            if (key.isConnectable()) client.connected();
                            if (key.isValid() && key.isReadable()) client.read();
                            if (key.isValid() && key.isWritable()) client.writePending();
                        } catch (IOException | RuntimeException e) {
                            client.fail(e);
                        }
                    }
                    selector.selectedKeys().clear();
                    for (Client client : toWrite) client.flush();
                    toWrite.clear();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One Socket.IO client on /chat over a WebSocket. Subclasses react to events and acknowledgements. */
    static class Client {
        final CompletableFuture<Client> ready = new CompletableFuture<>();
        final CompletableFuture<Void> firstAck = new CompletableFuture<>();
        final CompletableFuture<Void> presence = new CompletableFuture<>();
        final String token;
        Loop loop;
        SelectionKey key;
        SocketChannel channel;
        boolean upgraded;
        /** Bytes of an unfinished frame (or response head) from the last read. */
        byte[] leftover = new byte[0];
        /** What waits to be written, from 0 to outLength. */
        byte[] out = new byte[128];
        int outLength;
        int nextAck = 1;

        Client(String token) {
            this.token = token;
        }

        void open(Loop loop) throws IOException {
            this.loop = loop;
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            key = channel.register(loop.selector, SelectionKey.OP_CONNECT, this);
            if (channel.connect(address)) connected();
        }

        void connected() throws IOException {
            channel.finishConnect();
            key.interestOps(SelectionKey.OP_READ);
            queue(ascii("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: " + hostHeader
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n"));
        }

        void fail(Exception e) {
            if (!ready.completeExceptionally(e)) System.err.println("a client failed: " + e);
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a socket that failed
            }
        }

        void read() throws IOException {
            ByteBuffer in = loop.in;
            in.clear();
            in.put(leftover);
            int n = channel.read(in);
            if (n < 0) throw new IOException("the server closed the connection");
            byte[] bytes = in.array();
            int end = in.position(), at = 0;
            if (!upgraded) {
                int head = indexOf(bytes, 0, end, ascii("\r\n\r\n"));
                if (head < 0) {
                    leftover = Arrays.copyOf(bytes, end);
                    return;
                }
                String status = new String(bytes, 0, head, StandardCharsets.US_ASCII);
                if (!status.startsWith("HTTP/1.1 101")) throw new IOException("upgrade refused: " + status.lines().findFirst().orElse(""));
                upgraded = true;
                at = head + 4;
            }
            while (end - at >= 2) {
                int opcode = bytes[at] & 0x0f, length = bytes[at + 1] & 0x7f, header = 2;
                if (length == 126) {
                    if (end - at < 4) break;
                    length = (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
                    header = 4;
                } else if (length == 127) {
                    if (end - at < 10) break;
                    length = (int) ByteBuffer.wrap(bytes, at + 2, 8).getLong();
                    header = 10;
                }
                if (header + length > in.capacity()) throw new IOException("a frame of " + length + " bytes is too big here");
                if (end - at < header + length) break;
                frame(opcode, bytes, at + header, length);
                at += header + length;
            }
            leftover = at == end ? EMPTY : Arrays.copyOfRange(bytes, at, end);
        }

        private void frame(int opcode, byte[] bytes, int at, int length) throws IOException {
            switch (opcode) {
                case 1 -> text(bytes, at, length);
                case 8 -> throw new IOException("the server closed the WebSocket");
                case 9 -> queueFrame(0xA, bytes, at, length);
                default -> {
                    // pongs; no binary frames or fragments in this load
                }
            }
        }

        void text(byte[] bytes, int at, int length) {
            if (startsWith(bytes, at, length, MESSAGE_NEW)) {
                messageNew(bytes, at, length);
            } else if (startsWith(bytes, at, length, ACK)) {
                firstAck.complete(null);
                acked();
            } else if (length == 1 && bytes[at] == '2') {
                send("3");
            } else if (startsWith(bytes, at, length, PRESENCE)) {
                presence.complete(null);
            } else if (startsWith(bytes, at, length, OPEN)) {
                send("40/chat,{\"token\":\"" + token + "\"}");
            } else if (startsWith(bytes, at, length, CONNECTED)) {
                ready.complete(this);
            } else if (startsWith(bytes, at, length, REFUSED)) {
                ready.completeExceptionally(new IllegalStateException("refused: " + new String(bytes, at, length, StandardCharsets.UTF_8)));
            }
        }

        void acked() {
        }

        void messageNew(byte[] bytes, int at, int length) {
        }

        /** An event with an acknowledgement id. */
        void emit(String event, String json) {
            send("42/chat," + nextAck++ + "[\"" + event + "\"," + json + "]");
        }

        void send(String text) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            queueFrame(0x1, payload, 0, payload.length);
        }

        /** A client frame, masked with a zero key: servers unmask every frame alike, and the bytes stay as they are. */
        void queueFrame(int opcode, byte[] payload, int at, int length) {
            int header = length < 126 ? 6 : 8;
            ensure(header + length);
            out[outLength] = (byte) (0x80 | opcode);
            if (length < 126) {
                out[outLength + 1] = (byte) (0x80 | length);
            } else {
                out[outLength + 1] = (byte) (0x80 | 126);
                out[outLength + 2] = (byte) (length >>> 8);
                out[outLength + 3] = (byte) length;
            }
            Arrays.fill(out, outLength + header - 4, outLength + header, (byte) 0);
            System.arraycopy(payload, at, out, outLength + header, length);
            outLength += header + length;
            if (outLength == header + length) loop.toWrite.add(this);
        }

        void queue(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, out, outLength, bytes.length);
            outLength += bytes.length;
            if (outLength == bytes.length) loop.toWrite.add(this);
        }

        private void ensure(int more) {
            if (outLength + more > out.length) out = Arrays.copyOf(out, Math.max(out.length * 2, outLength + more));
        }

        /** At the end of a read batch: one write for everything queued. */
        void flush() {
            if ((key.interestOps() & SelectionKey.OP_WRITE) != 0 || !channel.isOpen()) return;
            try {
                writePending();
            } catch (IOException e) {
                fail(e);
            }
        }

        void writePending() throws IOException {
            ByteBuffer pending = ByteBuffer.wrap(out, 0, outLength);
            channel.write(pending);
            int left = pending.remaining();
            System.arraycopy(out, pending.position(), out, 0, left);
            outLength = left;
            key.interestOps(left == 0 ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
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
        void messageNew(byte[] bytes, int at, int length) {
            if (!timesMessages || !measuring) return;
            int start = indexOf(bytes, at, at + length, SENT_AT);
            if (start < 0) return;
            long sentAt = 0;
            boolean negative = bytes[start + SENT_AT.length] == '-';
            for (int i = start + SENT_AT.length + (negative ? 1 : 0); bytes[i] >= '0' && bytes[i] <= '9'; i++) {
                sentAt = sentAt * 10 + (bytes[i] - '0');
            }
            loop.latencies.add(System.nanoTime() - (negative ? -sentAt : sentAt));
            loop.delivered++;
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
            if (measuring) loop.sent++;
        }

        @Override
        void acked() {
            if (started) {
                sendOne();   // the acknowledgement of conversation:join comes before the run starts
            }
        }
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(arg(args, "--url", null));
        address = new InetSocketAddress(url.getHost(), url.getPort());
        hostHeader = url.getHost() + ":" + url.getPort();
        secret = arg(args, "--secret", null);
        serverPid = Long.parseLong(arg(args, "--server-pid", null));
        clockTicks = Integer.parseInt(arg(args, "--clock-ticks", "100"));
        loops = new Loop[Integer.parseInt(arg(args, "--threads", "1"))];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new Loop();
            Thread thread = new Thread(loops[i], "hub-load-" + i);
            thread.setDaemon(true);
            thread.start();
        }
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
        join(all, i -> "a" + (i % 100), 300);
        System.out.println("HUB_LOAD_READY connections=" + all.size());
        while (!Files.exists(done)) Thread.sleep(100);
        System.out.println("HUB_LOAD_RESULT {\"scenario\":\"idle\",\"connections\":" + all.size() + "}");
    }

    static void pairs(int pairs, int window, int warmup, int duration) throws Exception {
        List<Client> agents = connectAll(pairs, i -> new Receiver(agentToken("pair" + i)));
        for (Client agent : agents) agent.presence.get(30, TimeUnit.SECONDS);
        // 1:1: what counts is the message reaching the agent, not its echo to the sender
        List<Client> users = connectAll(pairs, i -> new Sender(userToken("pair-user" + i), false));
        join(users, i -> "pair" + i, 30);
        run(users.stream().map(u -> (Sender) u).toList(), window, warmup, duration, "pairs", pairs * 2);
    }

    static void fanout(int groups, int members, int window, int warmup, int duration) throws Exception {
        List<Sender> senders = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String agentId = "fan" + g;
            connectAll(1, i -> new Receiver(agentToken(agentId))).get(0).presence.get(30, TimeUnit.SECONDS);
            int group = g;
            List<Client> users = connectAll(members - 1, i -> i == 0 ? new Sender(userToken("fan" + group + "-u" + i), true)
                    : new Receiver(userToken("fan" + group + "-u" + i)));
            join(users, i -> agentId, 60);
            senders.add((Sender) users.get(0));
        }
        run(senders, window, warmup, duration, "fanout", groups * members);
    }

    static void join(List<Client> clients, java.util.function.IntFunction<String> agentOf, int timeoutSeconds) throws Exception {
        for (int i = 0; i < clients.size(); i++) {
            Client client = clients.get(i);
            String agentId = agentOf.apply(i);
            client.loop.execute(() -> client.emit("conversation:join", "{\"agentId\":\"" + agentId + "\"}"));
        }
        for (Client client : clients) client.firstAck.get(timeoutSeconds, TimeUnit.SECONDS);
    }

    static void run(List<Sender> senders, int window, int warmup, int duration, String scenario, int connections)
            throws Exception {
        started = true;
        for (Sender sender : senders) {
            sender.loop.execute(() -> {
                for (int w = 0; w < window; w++) sender.sendOne();
            });
        }
        Thread.sleep(warmup * 1000L);
        System.out.println("HUB_LOAD_MEASURING");
        measuring = true;
        long start = System.nanoTime();
        long cpuStart = ownCpuNanos();
        long serverTicksStart = serverCpuTicks();
        Thread.sleep(duration * 1000L);
        measuring = false;
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (ownCpuNanos() - cpuStart) / 1e9;
        double serverCpuSeconds = (serverCpuTicks() - serverTicksStart) / (double) clockTicks;
        Latencies latencies = new Latencies();
        long sent = 0, delivered = 0;
        for (Loop loop : loops) {
            // read on the loop's own thread, so every count it made is seen
            long[] counts = loop.call(() -> new long[] {loop.sent, loop.delivered});
            sent += counts[0];
            delivered += counts[1];
            latencies.addAll(loop.call(() -> loop.latencies));
        }
        running = false;
        System.out.printf("HUB_LOAD_RESULT {\"scenario\":\"%s\",\"connections\":%d,\"senders\":%d,\"window\":%d,"
                        + "\"seconds\":%.1f,\"sent\":%d,\"deliveries\":%d,\"sentPerSecond\":%.0f,\"deliveriesPerSecond\":%.0f,"
                        + "\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f,\"loadCpuSeconds\":%.2f,\"cpuSeconds\":%.2f,"
                        + "\"sentPerCpuSecond\":%.0f,\"deliveriesPerCpuSecond\":%.0f}%n", scenario, connections,
                senders.size(), window, seconds, sent, delivered, sent / seconds, delivered / seconds,
                latencies.quantileMs(0.50), latencies.quantileMs(0.99), latencies.quantileMs(1.0), cpuSeconds,
                serverCpuSeconds, sent / serverCpuSeconds, delivered / serverCpuSeconds);
    }

    /**
     * The server's CPU time in clock ticks (user + system, /proc/PID/stat), read here at the edges of
     * the measured window: a script polling for them would itself take CPU from the two servers.
     */
    static long serverCpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
            // the fields after the command name, which is in parentheses and may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CPU time of server process " + serverPid, e);
        }
    }

    /** This generator's own CPU time, so a run shows what the load took of the machine. */
    static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    interface Factory {
        Client make(int index);
    }

    /** Opens the clients, at most 200 handshakes at a time, spread over the loops. */
    static List<Client> connectAll(int count, Factory factory) throws Exception {
        Semaphore opening = new Semaphore(200);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            opening.acquire();
            Client client = factory.make(i);
            Loop loop = loops[i % loops.length];
            client.ready.whenComplete((c, e) -> opening.release());
            loop.execute(() -> {
                try {
                    client.open(loop);
                } catch (IOException e) {
                    client.ready.completeExceptionally(e);
                }
            });
            clients.add(client);
        }
        for (Client client : clients) client.ready.get(120, TimeUnit.SECONDS);
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

    static final byte[] EMPTY = new byte[0];

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean startsWith(byte[] bytes, int at, int length, byte[] prefix) {
        return length >= prefix.length && Arrays.equals(bytes, at, at + prefix.length, prefix, 0, prefix.length);
    }

    static int indexOf(byte[] bytes, int from, int to, byte[] needle) {
        for (int i = from; i <= to - needle.length; i++) {
            if (bytes[i] == needle[0] && Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) return i;
        }
        return -1;
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) return args[i + 1];
        }
        if (fallback == null) throw new IllegalArgumentException(name + " is required");
        return fallback;
    }
}
