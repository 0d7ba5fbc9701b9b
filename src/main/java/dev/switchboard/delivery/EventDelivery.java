package dev.switchboard.delivery;

import dev.switchboard.core.Agent;
import dev.switchboard.core.Connection;
import dev.switchboard.core.Event;
import dev.switchboard.core.Ids;
import dev.switchboard.core.Reply;
import dev.switchboard.metrics.Stats;
import dev.switchboard.platform.Backoff;
import dev.switchboard.store.AgentStore;
import dev.switchboard.store.Inbox;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Takes stored events to their agents: to the agent's live hub connection when it has one, to the
 * built-in agent when the agent has an {@code llm} block, else by webhook, one attempt at a time per
 * event, retried with backoff under the same {@code webhook-id} until the agent accepts, refuses
 * for good, or the attempts run out.
 * The answer becomes a reply in the outbox in the same transaction that marks the event delivered.
 * Runs on one context, so its queue needs no locks.
 */
public final class EventDelivery {
    private static final Logger log = LoggerFactory.getLogger(EventDelivery.class);
    /** Enough to keep many slow agents busy without letting a backlog open thousands of sockets at once. */
    static final int MAX_IN_FLIGHT = 256;
    private static final Duration STORE_RETRY = Duration.ofSeconds(5);

    private final Context context;
    private final Inbox inbox;
    private final AgentStore agents;
    private final Function<String, Optional<Connection>> connections;
    private final LiveRoute live;
    private final BuiltInAnswers builtIn;
    private final AgentWebhook webhook;
    private final Replies replies;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Stats stats;
    private final Clock clock;
    private final Deque<Inbox.Pending> ready = new ArrayDeque<>();
    private int inFlight;
    private boolean stopped;

    public EventDelivery(Context context, Inbox inbox, AgentStore agents, Function<String, Optional<Connection>> connections,
                         LiveRoute live, BuiltInAnswers builtIn, AgentWebhook webhook, Replies replies, Backoff backoff, int maxAttempts,
                         Stats stats, Clock clock) {
        this.context = context;
        this.inbox = inbox;
        this.agents = agents;
        this.connections = connections;
        this.live = live;
        this.builtIn = builtIn;
        this.webhook = webhook;
        this.replies = replies;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.stats = stats;
        this.clock = clock;
    }

    /** A newly stored event: deliver it now. */
    public void submit(Event event) {
        Instant now = clock.instant();
        context.runOnContext(v -> enqueue(new Inbox.Pending(event, 0, now, now)));
    }

    /** Events left pending by an earlier run, each at its scheduled time. */
    public void resume(List<Inbox.Pending> pending) {
        context.runOnContext(v -> pending.forEach(this::schedule));
    }

    /** Stops starting attempts; what is pending stays pending in the store for the next start. */
    public void stop() {
        context.runOnContext(v -> {
            stopped = true;
            ready.clear();
        });
    }

    private void schedule(Inbox.Pending pending) {
        long wait = Duration.between(clock.instant(), pending.nextAttemptAt()).toMillis();
        if (wait <= 0) {
            enqueue(pending);
        } else {
            context.owner().setTimer(wait, id -> enqueue(pending));
        }
    }

    private void enqueue(Inbox.Pending pending) {
        if (stopped) {
            return;
        }
        ready.add(pending);
        drain();
    }

    private void drain() {
        while (inFlight < MAX_IN_FLIGHT && !ready.isEmpty() && !stopped) {
            Inbox.Pending next = ready.poll();
            inFlight++;
            attempt(next).onComplete(done -> {
                inFlight--;
                if (done.failed() && !stopped) {
                    // the store refused the outcome: the event is still pending there, so try again later
                    // (while stopping, the store closing under an attempt is expected, and the event simply stays pending)
                    log.error("delivery of {} could not record its outcome", next.event().id(), done.cause());
                    context.owner().setTimer(STORE_RETRY.toMillis(), id -> enqueue(next));
                }
                drain();
            });
        }
    }

    private Future<Void> attempt(Inbox.Pending pending) {
        Event event = pending.event();
        return live.take(event).compose(taken -> taken ? settle(pending, new AgentWebhook.Outcome.Accepted(Optional.empty()))
                : attemptWebhook(pending));
    }

    private Future<Void> attemptWebhook(Inbox.Pending pending) {
        Event event = pending.event();
        return agents.recipient(event.agentId()).compose(recipient -> {
            if (recipient.blockReason().isPresent()) {
                return giveUp(pending, "delivery disabled for agent " + event.agentId() + " ("
                        + recipient.blockReason().get() + "); update the agent to enable it again");
            }
            Optional<Agent> answeredHere = recipient.agent().filter(agent -> agent.llm() != null);
            if (answeredHere.isPresent()) {
                return builtIn.answer(answeredHere.get(), event)
                        .compose(text -> settle(pending, new AgentWebhook.Outcome.Accepted(text)));
            }
            return webhook.deliver(event, recipient.agent(), connections.apply(event.integrationId()))
                    .compose(outcome -> settle(pending, outcome));
        });
    }

    private Future<Void> settle(Inbox.Pending pending, AgentWebhook.Outcome outcome) {
        Event event = pending.event();
        return switch (outcome) {
            case AgentWebhook.Outcome.Accepted accepted -> {
                Reply answer = accepted.text().map(text -> new Reply(Ids.next("msg"), event.integrationId(),
                        event.respondTo(), event.replyToken(), text, event.type(), event.id())).orElse(null);
                yield inbox.delivered(event.id(), answer, event.integrationId(), clock.instant()).onSuccess(v -> {
                    stats.delivered(event.platform(), Duration.between(pending.receivedAt(), clock.instant()));
                    if (answer != null) {
                        replies.submit(event.integrationId(), answer);
                    }
                });
            }
            case AgentWebhook.Outcome.Retry retry -> retry(pending, retry);
            case AgentWebhook.Outcome.Rejected rejected -> giveUp(pending, rejected.reason());
            case AgentWebhook.Outcome.Gone gone -> agents.block(event.agentId(), gone.reason(), clock.instant())
                    .compose(v -> giveUp(pending, gone.reason() + ": delivery disabled for agent " + event.agentId()));
        };
    }

    private Future<Void> retry(Inbox.Pending pending, AgentWebhook.Outcome.Retry retry) {
        int attempts = pending.attempts() + 1;
        if (attempts >= maxAttempts) {
            return giveUp(pending, retry.reason() + " (gave up after " + attempts + " attempts)");
        }
        Instant next = clock.instant().plus(backoff.delay(attempts - 1, retry.notBefore()));
        return inbox.retryLater(pending.event().id(), attempts, next, retry.reason())
                .onSuccess(v -> schedule(pending.retried(attempts, next)));
    }

    private Future<Void> giveUp(Inbox.Pending pending, String reason) {
        Event event = pending.event();
        log.warn("event {} for agent {} failed: {}", event.id(), event.agentId(), reason);
        stats.failed(event.platform());
        return inbox.failed(event.id(), pending.attempts() + 1, reason, clock.instant());
    }
}
