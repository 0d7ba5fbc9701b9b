package dev.switchboard.hub.ws;

import dev.switchboard.core.Conversation;
import dev.switchboard.core.Message;
import dev.switchboard.hub.ChatHub;
import dev.switchboard.hub.HubError;
import dev.switchboard.hub.Member;
import dev.switchboard.identity.Principal;
import dev.switchboard.llm.BuiltInAgent;
import dev.switchboard.platform.TokenBucket;
import dev.switchboard.store.ConversationStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One Agent WebSocket session (SPEC §4.2): a person talking to one agent in the session's own
 * conversation, through the same chat rules as the hub's other transports. Queries are answered by
 * whoever answers the agent (its socket, its webhook, or the built-in model, whose answer streams);
 * commands and feedback are handled here. Quiet sessions are closed, silent peers dropped.
 */
final class WsSession implements Member {
    private static final Logger log = LoggerFactory.getLogger(WsSession.class);

    /** How long a session may stay quiet, how often the server pings, how many messages a minute it takes. */
    record Limits(Duration idle, Duration pingInterval, int messagesPerMinute, int maxHistory) {
    }

    private final ServerWebSocket socket;
    private final Principal principal;
    private final Conversation conversation;
    private final ChatHub hub;
    private final ConversationStore conversations;
    private final Limits limits;
    private final TokenBucket rate;
    private final Vertx vertx;
    private final Clock clock;
    private volatile long lastHeard;
    private volatile boolean pongSeen = true;
    private long idleTimer;
    private long pingTimer;

    WsSession(ServerWebSocket socket, Principal principal, Conversation conversation, ChatHub hub,
              ConversationStore conversations, Limits limits, Vertx vertx, Clock clock) {
        this.socket = socket;
        this.principal = principal;
        this.conversation = conversation;
        this.hub = hub;
        this.conversations = conversations;
        this.limits = limits;
        // a minute's worth may come at once, then one every 60/limit seconds
        this.rate = new TokenBucket(limits.messagesPerMinute() / 60.0, limits.messagesPerMinute(), clock);
        this.vertx = vertx;
        this.clock = clock;
    }

    String id() {
        return conversation.id();
    }

    /** Greets the client and starts listening; {@code onClose} runs once the socket is gone. */
    void start(Consumer<WsSession> onClose) {
        lastHeard = clock.millis();
        socket.textMessageHandler(this::received);
        socket.binaryMessageHandler(bytes -> error("binary messages are not part of this protocol: send JSON text"));
        socket.pongHandler(pong -> pongSeen = true);
        socket.closeHandler(closed -> {
            vertx.cancelTimer(idleTimer);
            vertx.cancelTimer(pingTimer);
            hub.disconnected(this, Set.of(conversation.id()));
            onClose.accept(this);
        });
        send(WsMessages.welcome(conversation.id(), clock.instant()));
        idleTimer = vertx.setTimer(limits.idle().toMillis(), id -> checkIdle());
        pingTimer = vertx.setPeriodic(limits.pingInterval().toMillis(), id -> ping());
    }

    private void received(String text) {
        lastHeard = clock.millis();
        if (!rate.tryTake()) {
            error("rate limit exceeded: at most " + limits.messagesPerMinute() + " messages a minute");
            return;
        }
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            error("malformed JSON: expected an object like {\"type\":\"query\",\"content\":\"...\"}");
            return;
        }
        if (!(message.getValue("content") instanceof String content) || content.isBlank()) {
            error("content is required");
            return;
        }
        String type = message.getValue("type") instanceof String t ? t : "query";
        switch (type) {
            case "query" -> query(content);
            case "command" -> command(content.strip());
            case "human_feedback" -> feedback(content);
            default -> error("unknown message type " + type + ": expected query, command or human_feedback");
        }
    }

    private void query(String content) {
        send(WsMessages.of("status", "Thinking...", clock.instant()));
        hub.send(this, new JsonObject().put("role", "user").put("content", content)
                .put("conversationId", conversation.id())).onFailure(this::failed);
    }

    private void command(String command) {
        switch (command) {
            case "/reset" -> store("system", command, BuiltInAgent.RESET)
                    .onSuccess(v -> send(WsMessages.of("notification", "Context cleared", clock.instant())));
            case "/history" -> conversations.recent(conversation.id(), limits.maxHistory()).onComplete(recent -> {
                if (recent.failed()) {
                    failed(recent.cause());
                    return;
                }
                JsonArray history = new JsonArray();
                BuiltInAgent.context(recent.result()).forEach(m -> history.add(new JsonObject().put("role", m.role())
                        .put("content", m.content()).put("timestamp", m.json().getString("createdAt"))));
                send(WsMessages.of("history", history, clock.instant()));
            });
            default -> error("unknown command " + command + ": try /reset or /history");
        }
    }

    private void feedback(String content) {
        store("user", content, BuiltInAgent.FEEDBACK)
                .onSuccess(v -> send(WsMessages.of("notification", "Feedback received", clock.instant())));
    }

    /** Kept in the conversation without going to the agent: context markers and feedback. */
    private Future<Message> store(String role, String content, String type) {
        Message message = Message.create(conversation.id(), principal.id(), role, content,
                new JsonObject().put("type", type), clock.instant());
        return conversations.append(message).onFailure(this::failed);
    }

    /** An answer in the conversation, as this protocol says it. */
    void show(JsonObject message) {
        if (!"assistant".equals(message.getString("role"))) {
            return;
        }
        boolean failed = BuiltInAgent.ERROR.equals(message.getString("type"));
        send(WsMessages.of(failed ? "error" : "response", message.getString("content"), clock.instant()));
    }

    void streamed(String delta) {
        send(WsMessages.of("stream", delta, clock.instant()));
    }

    /** Closes the session once it has been quiet for the whole idle time; activity moves the deadline on. */
    private void checkIdle() {
        long quiet = clock.millis() - lastHeard;
        long idle = limits.idle().toMillis();
        if (quiet < idle) {
            idleTimer = vertx.setTimer(idle - quiet, id -> checkIdle());
            return;
        }
        send(WsMessages.of("notification", "Session closed due to inactivity", clock.instant()));
        socket.close((short) 1000, "Session timeout");
    }

    /** A peer that did not answer the last ping in a whole interval is gone: its socket is dropped. */
    private void ping() {
        if (!pongSeen) {
            log.debug("session {} missed a ping; dropping it", conversation.id());
            // a dead peer would never answer a close frame either: the connection goes now, not after the closing timeout
            ((WebSocketInternal) socket).channelHandlerContext().close();
            return;
        }
        pongSeen = false;
        socket.writePing(Buffer.buffer());
    }

    private void failed(Throwable failure) {
        if (failure instanceof HubError) {
            error(failure.getMessage());
        } else {
            log.error("session {} failed to handle a message", conversation.id(), failure);
            error("internal error");
        }
    }

    private void error(String reason) {
        send(WsMessages.of("error", reason, clock.instant()));
    }

    private void send(JsonObject message) {
        if (!socket.isClosed()) {
            socket.writeTextMessage(message.encode());
        }
    }

    // ---- as a member of its conversation

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public void enter(Conversation other) {
        throw new UnsupportedOperationException("a WebSocket session stays in its own conversation");
    }

    @Override
    public void exit(String conversationId) {
        throw new UnsupportedOperationException("a WebSocket session stays in its own conversation");
    }

    @Override
    public boolean isIn(String conversationId) {
        return conversation.id().equals(conversationId);
    }

    @Override
    public String agentOf(String conversationId) {
        return isIn(conversationId) ? conversation.agentId() : null;
    }

    @Override
    public String current() {
        return conversation.id();
    }
}
