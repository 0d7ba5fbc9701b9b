package dev.switchboard.mock.llm;

import io.vertx.core.Vertx;

/**
 * The mock model for benchmarks: {@code --port P --key K --latency-ms L}. Prints
 * {@code MOCK_MODEL_READY port=P} once it listens.
 */
public final class MockModelMain {
    private MockModelMain() {
    }

    public static void main(String[] args) {
        int port = 0;
        String key = "bench-key";
        long latency = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--key" -> key = args[i + 1];
                case "--latency-ms" -> latency = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        MockModelServer mock = MockModelServer.start(Vertx.vertx(), key, port);
        mock.latency(latency);
        System.out.println("MOCK_MODEL_READY port=" + mock.baseUrl().replaceAll(".*:(\\d+)/v1", "$1"));
    }
}
