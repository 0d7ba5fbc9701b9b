package dev.switchboard.platform.discord;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Event;
import dev.switchboard.platform.Inlet;
import dev.switchboard.platform.PlatformException;
import dev.switchboard.platform.SessionState;
import dev.switchboard.store.Inbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A gateway session for one bot (PLATFORMS.md §2.15): identify or resume, heartbeat, store every
 * dispatch before its sequence number is acknowledged, and resume rather than identify whenever
 * Discord allows it, on the same link's failure and across process restarts alike (the stored
 * {@link GatewayCursor} is the session). A link that fails before it served ends this session, so
 * the supervisor's backoff paces the next attempt, which resumes from the store again.
 * Runs on the supervisor's context.
 */
final class DiscordSession extends SessionState {
    private static final Logger log = LoggerFactory.getLogger(DiscordSession.class);
    /** Any close code but 1000 and 1001 keeps the session resumable at Discord. */
    static final int RESUMABLE_CLOSE = 4000;
    static final int DELETED_CLOSE = 1000;
    /** From connecting to READY or RESUMED; a replay of a long outage still fits. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    /** Resumes refused before the session served again, after which it is given up for an identify. */
    private static final int MAX_RESUME_ATTEMPTS = 3;
    /** Invalid-session answers to identify in a row, after which the supervisor's backoff takes over. */
    private static final int MAX_INVALID_SESSIONS = 3;

    private final Vertx vertx;
    private final DiscordApi api;
    private final WebSocketClient sockets;
    private final Connection connection;
    private final Inlet inlet;
    private final Inbox inbox;
    private final IdentifyGate gate;
    private final Interactions interactions;
    private final DiscordConnector.Timing timing;
    private final Clock clock;
    private final RandomGenerator random;
    private final String token;
    private final int intents;

    private DispatchWriter writer;
    /** The session being identified, resumed or served; null until READY when identifying. */
    private GatewayCursor live;
    private GatewayLink link;
    private Heartbeat heartbeat;
    private SendBudget budget;
    /** The current link got READY or RESUMED. */
    private boolean serving;
    private boolean closing;
    private int invalidSessions;
    /** What {@code GET /gateway/bot} said about identifying, for the identify this session is about to send. */
    private IdentifyGate.Limit identifyLimit;
    private long handshakeTimer = -1;

    DiscordSession(Vertx vertx, DiscordApi api, WebSocketClient sockets, Connection connection, Inlet inlet, Inbox inbox,
                   IdentifyGate gate, Interactions interactions, DiscordConnector.Timing timing, Clock clock,
                   RandomGenerator random) {
        this.vertx = vertx;
        this.api = api;
        this.sockets = sockets;
        this.connection = connection;
        this.inlet = inlet;
        this.inbox = inbox;
        this.gate = gate;
        this.interactions = interactions;
        this.timing = timing;
        this.clock = clock;
        this.random = random;
        this.token = connection.requiredSetting("discordBotToken");
        this.intents = DiscordConnector.intentsOf(connection);
    }

    void start() {
        inbox.cursor(connection.id(), GatewayCursor.NAME).onComplete(read -> {
            if (closing) {
                return;
            }
            if (read.failed()) {
                fail(PlatformException.transientFailure("could not read the stored gateway session", read.cause()));
                return;
            }
            // a session opened with other intents would keep sending what the connection no longer wants
            Optional<GatewayCursor> saved = read.result().flatMap(GatewayCursor::decode).filter(c -> c.intents() == intents);
            writer = new DispatchWriter(inlet, connection.id(), saved.orElse(null));
            saved.ifPresentOrElse(this::resume, this::identify);
        });
    }

    private void identify() {
        live = null;
        api.gatewayBot(token).onComplete(info -> {
            if (closing) {
                return;
            }
            if (info.failed()) {
                fail(PlatformException.classify(info.cause()));
                return;
            }
            identifyLimit = info.result().limit();
            connect(info.result().url());
        });
    }

    private void resume(GatewayCursor from) {
        if (from.resumeAttempts() >= MAX_RESUME_ATTEMPTS) {
            log.info("connection {}: Discord refused {} resumes of session {}; identifying anew", connection.id(),
                    from.resumeAttempts(), from.sessionId());
            writer.forget();
            identify();
            return;
        }
        live = from.withResumeAttempts(from.resumeAttempts() + 1);
        writer.write(List.of(), live);
        connect(live.resumeUrl());
    }

    private void connect(String url) {
        serving = false;
        budget = new SendBudget(clock);
        GatewayLink opened = GatewayLink.open(sockets, url, this::onPayload);
        link = opened;
        opened.closed().onSuccess(code -> onClosed(opened, code));
        handshakeTimer = vertx.setTimer(HANDSHAKE_TIMEOUT.toMillis(), id -> {
            if (link == opened && !serving) {
                fail(PlatformException.transientFailure("Discord did not complete the gateway handshake within "
                        + HANDSHAKE_TIMEOUT.toSeconds() + " s", (Throwable) null));
            }
        });
    }

    private void onPayload(GatewayLink from, JsonObject payload) {
        if (from != link || closing) {
            return;
        }
        switch (payload.getInteger("op", -1)) {
            case 10 -> onHello(payload.getValue("d") instanceof JsonObject d ? d : new JsonObject());
            case 11 -> {
                if (heartbeat != null) {
                    heartbeat.acked();
                }
            }
            case 1 -> {
                if (budget.tryTakeSpare()) {
                    link.send(beat());
                }
            }
            case 7 -> resumeNow("Discord asked for a reconnect (op 7)");
            case 9 -> onInvalidSession(Boolean.TRUE.equals(payload.getValue("d")));
            case 0 -> onDispatch(payload.getString("t"), payload.getLong("s"),
                    payload.getValue("d") instanceof JsonObject d ? d : null);
            default -> {
            }
        }
    }

    private void onHello(JsonObject hello) {
        if (heartbeat != null) {
            heartbeat.stop();
        }
        heartbeat = new Heartbeat(vertx, () -> {
            budget.take();
            link.send(beat());
        }, () -> resumeNow("no heartbeat ACK since the last beat (zombie connection)"));
        heartbeat.start(hello.getLong("heartbeat_interval", 41_250L), random.nextDouble());
        if (live != null) {
            budget.take();
            link.send(new JsonObject().put("op", 6).put("d", new JsonObject().put("token", token)
                    .put("session_id", live.sessionId()).put("seq", live.seq())));
            return;
        }
        // the slot is taken now, not when the URL was fetched: Discord counts identifies as they arrive
        long wait;
        try {
            wait = gate.reserve(token, identifyLimit).toMillis();
        } catch (PlatformException budgetSpent) {
            fail(budgetSpent);
            return;
        }
        GatewayLink current = link;
        if (wait > 0) {
            vertx.setTimer(wait, id -> sendIdentify(current));
        } else {
            sendIdentify(current);
        }
    }

    private void sendIdentify(GatewayLink on) {
        if (on != link || closing) {
            return;
        }
        budget.take();
        on.send(new JsonObject().put("op", 2).put("d", new JsonObject()
                .put("token", token)
                .put("intents", intents)
                .put("properties", new JsonObject().put("os", System.getProperty("os.name", "linux").toLowerCase())
                        .put("browser", "switchboard").put("device", "switchboard"))));
    }

    /** Heartbeats carry the last stored sequence number: Discord learns nothing we have not kept. */
    private JsonObject beat() {
        GatewayCursor stored = writer.stored();
        return new JsonObject().put("op", 1).put("d", live != null && live.sameSession(stored) ? stored.seq() : null);
    }

    private void onDispatch(String type, Long seq, JsonObject d) {
        if (type == null || seq == null) {
            return;
        }
        switch (type) {
            case "READY" -> {
                if (d == null) {
                    return;
                }
                live = new GatewayCursor(d.getString("session_id"), d.getString("resume_gateway_url"), seq,
                        d.getJsonObject("user", new JsonObject()).getString("id"),
                        d.getJsonObject("application", new JsonObject()).getString("id"), intents, 0);
                invalidSessions = 0;
                writer.write(List.of(), live);
                served("identified, session " + live.sessionId());
            }
            case "RESUMED" -> {
                live = live.withResumeAttempts(0).at(Math.max(seq, live.seq()));
                writer.write(List.of(), live);
                served("resumed session " + live.sessionId());
            }
            default -> store(type, seq, d);
        }
    }

    private void store(String type, long seq, JsonObject d) {
        if (live == null) {
            return;
        }
        live = live.at(seq);
        List<Event> events = DiscordEvents.normalize(type, d, connection,
                new DiscordEvents.Origin(live.sessionId(), seq, live.botUserId(), clock.instant())).map(List::of).orElse(List.of());
        GatewayLink on = link;
        writer.write(events, live).onComplete(stored -> {
            if (stored.failed()) {
                // nothing past the stored sequence number was acknowledged: a resume replays it
                if (on == link) {
                    resumeNow("could not store a dispatch: " + stored.cause().getMessage());
                }
                return;
            }
            for (Event event : events) {
                if (event.type().equals(DiscordEvents.INTERACTION) && connection.accepts(DiscordEvents.INTERACTION)) {
                    interactions.open(event.payload());
                }
            }
        });
    }

    private void served(String how) {
        serving = true;
        vertx.cancelTimer(handshakeTimer);
        log.info("connection {}: Discord gateway {}", connection.id(), how);
        markConnected();
    }

    private void onInvalidSession(boolean resumable) {
        if (resumable && live != null && serving) {
            resumeNow("Discord invalidated the session but allows a resume (op 9)");
            return;
        }
        writer.forget();
        live = null;
        stopLink(RESUMABLE_CLOSE);
        if (++invalidSessions > MAX_INVALID_SESSIONS) {
            fail(PlatformException.transientFailure("Discord keeps invalidating new sessions (op 9)", (Throwable) null));
            return;
        }
        identifyLater();
    }

    /** Discord asks for a random 1–5 s before identifying after an invalid session (PLATFORMS.md §2.8). */
    private void identifyLater() {
        long max = timing.reidentifyWait().toMillis();
        long wait = max / 5 + random.nextLong(max - max / 5 + 1);
        vertx.setTimer(Math.max(1, wait), id -> {
            if (!closing) {
                identify();
            }
        });
    }

    private void onClosed(GatewayLink from, Integer code) {
        if (from != link || closing) {
            return;
        }
        stopLink(RESUMABLE_CLOSE);
        String why = CloseCodes.describe(code, intents);
        switch (CloseCodes.action(code)) {
            case FATAL -> fail(PlatformException.fatal(why));
            case IDENTIFY -> {
                writer.forget();
                live = null;
                if (serving && code != 4008) {
                    log.info("connection {}: {}; identifying anew", connection.id(), why);
                    identifyLater();
                } else {
                    fail(PlatformException.transientFailure(why, (Throwable) null));
                }
            }
            case RESUME -> resumeAfter(why);
        }
    }

    /** Closes the link (so Discord keeps the session) and resumes on a new one. */
    private void resumeNow(String why) {
        if (closing) {
            return;
        }
        stopLink(RESUMABLE_CLOSE);
        resumeAfter(why);
    }

    private void resumeAfter(String why) {
        if (!serving || live == null) {
            // this link never served: pace the next try with the supervisor's backoff
            fail(PlatformException.transientFailure(why, (Throwable) null));
            return;
        }
        log.info("connection {}: {}; resuming", connection.id(), why);
        serving = false;
        writer.idle().onComplete(v -> {
            if (closing) {
                return;
            }
            GatewayCursor stored = writer.stored();
            if (live.sameSession(stored)) {
                resume(stored);
            } else {
                identify();
            }
        });
    }

    private void stopLink(int code) {
        if (handshakeTimer >= 0) {
            vertx.cancelTimer(handshakeTimer);
            handshakeTimer = -1;
        }
        if (heartbeat != null) {
            heartbeat.stop();
            heartbeat = null;
        }
        if (link != null) {
            GatewayLink closed = link;
            link = null;
            closed.close(code);
        }
    }

    /** The first reason wins; the session ends once what it received is stored. */
    private void fail(PlatformException reason) {
        if (closing) {
            return;
        }
        closing = true;
        stopLink(RESUMABLE_CLOSE);
        idle().onComplete(v -> markFailed(reason));
    }

    /** 1000 only when the connection is deleted: every other close leaves the session for the next start to resume. */
    @Override
    public Future<Void> close(boolean forget) {
        if (!closing) {
            closing = true;
            stopLink(forget ? DELETED_CLOSE : RESUMABLE_CLOSE);
        }
        return idle().onComplete(v -> markClosed());
    }

    private Future<Void> idle() {
        return writer == null ? Future.succeededFuture() : writer.idle();
    }
}
