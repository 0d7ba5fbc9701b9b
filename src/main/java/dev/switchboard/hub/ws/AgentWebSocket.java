package dev.switchboard.hub.ws;

import dev.switchboard.core.Agent;
import dev.switchboard.core.Conversation;
import dev.switchboard.hub.ChatHub;
import dev.switchboard.hub.Member;
import dev.switchboard.hub.Rooms;
import dev.switchboard.identity.AccessDenied;
import dev.switchboard.identity.AccessTokens;
import dev.switchboard.identity.Principal;
import dev.switchboard.store.AgentStore;
import dev.switchboard.store.ConversationStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plain WebSocket endpoint {@code /ws?agent={id}} (SPEC §4.2): checks who connects to which
 * agent before the upgrade, so a refusal is an ordinary HTTP error, then runs a {@link WsSession}
 * per socket. As a hub transport, it shows a session's conversation the answers given in it.
 */
public final class AgentWebSocket implements Rooms {
    public static final String PATH = "/ws";
    private static final Logger log = LoggerFactory.getLogger(AgentWebSocket.class);

    private final Vertx vertx;
    private final AccessTokens tokens;
    private final AgentStore agents;
    private final ConversationStore conversations;
    private final WsSession.Limits limits;
    private final boolean allowAnonymous;
    private final Clock clock;
    private final Map<String, Set<WsSession>> sessions = new ConcurrentHashMap<>();
    private volatile ChatHub hub;

    public AgentWebSocket(Vertx vertx, AccessTokens tokens, AgentStore agents, ConversationStore conversations,
                          Settings settings, Clock clock) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.agents = agents;
        this.conversations = conversations;
        this.limits = new WsSession.Limits(settings.idle(), settings.pingInterval(), settings.messagesPerMinute(),
                settings.maxHistory());
        this.allowAnonymous = settings.allowAnonymous();
        this.clock = clock;
    }

    /** What the operator sets: {@code SESSION_TIMEOUT}, the ping interval, {@code WS_RATE_LIMIT}, {@code MAX_HISTORY}, {@code WS_ALLOW_ANONYMOUS}. */
    public record Settings(Duration idle, Duration pingInterval, int messagesPerMinute,
                           int maxHistory, boolean allowAnonymous) {
    }

    /** The rules are built over every transport's rooms, this one's included, so they come after it. */
    public void serve(ChatHub rules) {
        this.hub = rules;
    }

    /** Takes requests for {@link #PATH}; false for any other path. */
    public boolean handle(HttpServerRequest request) {
        if (!PATH.equals(request.path())) {
            return false;
        }
        if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            request.response().setStatusCode(400).putHeader("Content-Type", "text/plain").end("Expected WebSocket request");
            return true;
        }
        if (hub == null) {
            refuse(request, 503, "unavailable", "the hub is starting");
            return true;
        }
        String agentId = request.getParam("agent");
        if (agentId == null || agentId.isBlank()) {
            refuse(request, 400, "validation_failed", "the agent query parameter is required: /ws?agent={agentId}");
            return true;
        }
        request.pause();
        principal(request, agentId)
                .compose(principal -> agent(agentId).compose(agent -> session(request.getParam("session"), agent, principal))
                        .compose(conversation -> request.toWebSocket().map(socket -> {
                            WsSession session = new WsSession(socket, principal, conversation, hub, conversations,
                                    limits, vertx, clock);
                            sessions.computeIfAbsent(conversation.id(), id -> ConcurrentHashMap.newKeySet()).add(session);
                            session.start(this::forget);
                            return session;
                        })))
                .onFailure(failure -> {
                    if (failure instanceof Refusal refusal) {
                        refuse(request, refusal.status, refusal.code, refusal.getMessage());
                    } else {
                        log.error("a /ws connection failed", failure);
                        refuse(request, 500, "internal", "internal error");
                    }
                });
        return true;
    }

    /** The token from the {@code token} parameter or a Bearer header; none only when anonymous sessions are allowed. */
    private Future<Principal> principal(HttpServerRequest request, String agentId) {
        String token = request.getParam("token");
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if ((token == null || token.isBlank()) && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).strip();
        }
        if (token == null || token.isBlank()) {
            return allowAnonymous
                    ? Future.succeededFuture(new Principal("anonymous-" + UUID.randomUUID(), Principal.Kind.USER, null,
                    Set.of(agentId)))
                    : Future.failedFuture(new Refusal(401, "unauthorized", "an access token is required"
                    + " (token query parameter or Authorization: Bearer)"));
        }
        return tokens.verify(token).recover(e -> Future.failedFuture(e instanceof AccessDenied
                ? new Refusal(401, "unauthorized", e.getMessage()) : e)).map(principal -> {
            if (principal.isAgent()) {
                throw new Refusal(403, "forbidden", "the Agent WebSocket is for people talking to an agent;"
                        + " agents connect to /chat");
            }
            if (!principal.mayReach(agentId)) {
                throw new Refusal(403, "forbidden", "this token may not talk to agent " + agentId);
            }
            return principal;
        });
    }

    private Future<Agent> agent(String agentId) {
        return agents.find(agentId).map(found -> {
            Agent agent = found.orElseThrow(() -> new Refusal(404, "not_found", "no agent " + agentId));
            if (agent.suspended()) {
                throw new Refusal(403, "forbidden", "agent " + agentId + " is suspended");
            }
            return agent;
        });
    }

    /** A new session, or the one named by {@code session} when it is this person's session with this agent. */
    private Future<Conversation> session(String sessionId, Agent agent, Principal principal) {
        if (sessionId == null || sessionId.isBlank()) {
            return conversations.open(Conversation.session(UUID.randomUUID().toString(), agent.id(), clock.instant()),
                    principal.id(), principal.kind().claim());
        }
        return conversations.find(sessionId).compose(found -> {
            boolean resumable = found.filter(c -> c.kind() == Conversation.Kind.SESSION)
                    .filter(c -> c.agentId().equals(agent.id())).isPresent();
            if (!resumable) {
                return Future.failedFuture(new Refusal(404, "not_found", "no session " + sessionId + " with agent " + agent.id()));
            }
            return conversations.isParticipant(sessionId, principal.id()).map(own -> {
                if (!own) {
                    throw new Refusal(403, "forbidden", "session " + sessionId + " is someone else's");
                }
                return found.get();
            });
        });
    }

    private void forget(WsSession session) {
        sessions.computeIfPresent(session.id(), (id, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    private static void refuse(HttpServerRequest request, int status, String code, String message) {
        if (!request.response().ended()) {
            request.resume();
            request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).encode());
        }
    }

    /** How many sessions are open: for {@code /stats}. */
    public int size() {
        return sessions.values().stream().mapToInt(Set::size).sum();
    }

    // ---- as a hub transport

    @Override
    public void broadcast(String conversationId, String event, JsonObject payload, Member except) {
        if (event.equals("message:new")) {
            sessionsIn(conversationId).forEach(session -> session.show(payload));
        }
    }

    @Override
    public List<Member> membersIn(String conversationId) {
        return new ArrayList<>(sessionsIn(conversationId));
    }

    @Override
    public void streamed(String conversationId, String delta) {
        sessionsIn(conversationId).forEach(session -> session.streamed(delta));
    }

    @Override
    public boolean agentOnline(String agentId) {
        return false;
    }

    private Set<WsSession> sessionsIn(String conversationId) {
        return sessions.getOrDefault(conversationId, Set.of());
    }

    /** Why a connection is refused before its upgrade: the HTTP status and error code to answer with. */
    private static final class Refusal extends RuntimeException {
        final int status;
        final String code;

        Refusal(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
