// Load for the Agent WebSocket benchmark (bench/ws.sh), JDK only:
//
//   java bench/src/WsLoad.java --url 'ws://127.0.0.1:18240/ws?agent=assistant' --token T \
//        --sessions 1000 --rounds 5 --go-file /tmp/go
//
// Opens N sessions (each waits for its welcome), prints "WS_LOAD_OPEN sessions=N", then waits until
// the go file exists (the script measures memory meanwhile). Then, each round, every session sends a
// query at the same moment and times query -> response. Prints one JSON line "WS_LOAD_RESULT {...}"
// with p50/p99/max over all rounds but the first (warm-up), answers per second, and errors.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

public class WsLoad {
    static final AtomicInteger errors = new AtomicInteger();

    /** One session: counts down when its welcome arrives, and when each answer arrives. */
    static final class Session implements WebSocket.Listener {
        final CountDownLatch welcomed = new CountDownLatch(1);
        final StringBuilder partial = new StringBuilder();
        volatile CountDownLatch answered;
        volatile long sentAt;
        final ConcurrentLinkedQueue<Long> latencies;
        WebSocket socket;

        Session(ConcurrentLinkedQueue<Long> latencies) {
            this.latencies = latencies;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (text.contains("\"type\":\"notification\"") && welcomed.getCount() > 0) {
                    welcomed.countDown();
                } else if (text.contains("\"type\":\"response\"")) {
                    latencies.add(System.nanoTime() - sentAt);
                    answered.countDown();
                } else if (text.contains("\"type\":\"error\"")) {
                    errors.incrementAndGet();
                    answered.countDown();
                }
            }
            ws.request(1);
            return null;
        }
    }

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", null);
        String token = arg(args, "--token", null);
        int sessions = Integer.parseInt(arg(args, "--sessions", "1000"));
        int rounds = Integer.parseInt(arg(args, "--rounds", "5"));
        Path go = Path.of(arg(args, "--go-file", "/tmp/ws-load-go"));
        HttpClient http = HttpClient.newHttpClient();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<Session> all = new ArrayList<>();
        Semaphore opening = new Semaphore(64);
        List<CompletableFuture<WebSocket>> opened = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Session session = new Session(latencies);
            all.add(session);
            opening.acquire();
            opened.add(http.newWebSocketBuilder().buildAsync(URI.create(url + "&token=" + token), session)
                    .whenComplete((ws, e) -> {
                        opening.release();
                        session.socket = ws;
                    }));
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        for (Session session : all) {
            if (!session.welcomed.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a session got no welcome");
            }
        }
        System.out.println("WS_LOAD_OPEN sessions=" + sessions);
        while (!Files.exists(go)) {
            Thread.sleep(50);
        }
        double[] roundSeconds = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            if (round == 1) {
                latencies.clear();   // the first round warms the JIT and the pools
            }
            CountDownLatch answered = new CountDownLatch(sessions);
            long start = System.nanoTime();
            for (Session session : all) {
                session.answered = answered;
                session.sentAt = System.nanoTime();
                session.socket.sendText("{\"type\":\"query\",\"content\":\"round " + round + "\"}", true);
            }
            if (!answered.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("round " + round + ": " + answered.getCount() + " answers missing");
            }
            roundSeconds[round] = (System.nanoTime() - start) / 1e9;
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double measuredSeconds = Arrays.stream(roundSeconds).skip(1).sum();
        System.out.printf("WS_LOAD_RESULT {\"sessions\":%d,\"rounds\":%d,\"answers\":%d,\"errors\":%d,"
                        + "\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f,\"answersPerSecond\":%.0f,\"roundSeconds\":%s}%n",
                sessions, rounds, sorted.length, errors.get(), ms(sorted, 0.50), ms(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                measuredSeconds == 0 ? 0 : sorted.length / measuredSeconds, Arrays.toString(roundSeconds));
        for (Session session : all) {
            session.socket.abort();
        }
        System.exit(0);
    }

    static double ms(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) return args[i + 1];
        }
        if (fallback == null) throw new IllegalArgumentException(name + " is required");
        return fallback;
    }
}
