package dev.switchboard;

import dev.switchboard.config.Config;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code ./switchboard chat [agentId]}: a conversation with an agent from the terminal, over the
 * running gateway's {@code /ws}. It mints a user token with the admin token (from the environment or
 * {@code DATA_DIR/admin-token}), so a fresh installation is two commands from a conversation.
 */
final class ChatCommand {
    private final PrintStream out = System.out;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private boolean streaming;

    private ChatCommand() {
    }

    static int run(Config config, String[] args) throws Exception {
        String agentId = args.length > 0 ? args[0] : "assistant";
        String base = System.getenv().getOrDefault("SWITCHBOARD_URL", "http://localhost:" + config.port());
        String adminToken = config.adminToken().orElse(null);
        Path tokenFile = config.dataDir().resolve("admin-token");
        if (adminToken == null && Files.exists(tokenFile)) {
            adminToken = Files.readString(tokenFile).strip();
        }
        if (adminToken == null) {
            System.err.println("switchboard chat: no admin token: set SWITCHBOARD_ADMIN_TOKEN or start the gateway once");
            return 2;
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> minted;
        try {
            minted = http.send(HttpRequest.newBuilder(URI.create(base + "/tokens"))
                    .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("userId", "cli")
                            .put("agents", new JsonArray().add(agentId)).encode())).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.err.println("switchboard chat: no gateway at " + base + " (start it with ./switchboard, or set SWITCHBOARD_URL)");
            return 1;
        }
        if (minted.statusCode() != 200) {
            System.err.println("switchboard chat: could not get a token (HTTP " + minted.statusCode() + "): " + minted.body());
            return 1;
        }
        String token = new JsonObject(minted.body()).getString("accessToken");
        String url = base.replaceFirst("^http", "ws") + "/ws?agent=" + URLEncoder.encode(agentId, StandardCharsets.UTF_8)
                + "&token=" + token;
        return new ChatCommand().talk(http, URI.create(url), agentId);
    }

    private int talk(HttpClient http, URI url, String agentId) throws Exception {
        WebSocket socket;
        try {
            socket = http.newWebSocketBuilder().buildAsync(url, new Printer()).join();
        } catch (RuntimeException e) {
            System.err.println("switchboard chat: cannot talk to agent " + agentId + ": " + e.getCause().getMessage());
            return 1;
        }
        out.println("Talking to " + agentId + ". /history, /reset, /quit.");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !closed.isDone(); line = in.readLine()) {
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            if (text.equals("/quit") || text.equals("/exit")) {
                break;
            }
            String type = text.equals("/history") || text.equals("/reset") ? "command" : "query";
            socket.sendText(new JsonObject().put("type", type).put("content", text).encode(), true).join();
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null).join();
        return 0;
    }

    /** Shows what the server says: the answer as it streams, then a line break when it is whole. */
    private final class Printer implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                show(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        private void show(JsonObject message) {
            Object content = message.getValue("content");
            switch (message.getString("type", "")) {
                case "stream" -> {
                    out.print(streaming ? content : "< " + content);
                    streaming = true;
                }
                case "response" -> {
                    out.println(streaming ? "" : "< " + content);
                    streaming = false;
                }
                case "history" -> ((JsonArray) content).forEach(m -> out.println("  " + ((JsonObject) m).getString("role")
                        + ": " + ((JsonObject) m).getString("content")));
                case "status" -> {
                }
                default -> out.println("* " + content);
            }
            out.flush();
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            out.println("* closed: " + reason);
            closed.complete(null);
            return null;
        }
    }
}
