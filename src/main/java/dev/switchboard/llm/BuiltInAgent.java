package dev.switchboard.llm;

import dev.switchboard.core.Message;
import dev.switchboard.store.ConversationStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The agent Switchboard runs itself for agents with an {@code llm} block (SPEC §5): it answers a
 * conversation from its system prompt and the conversation's last {@code MAX_HISTORY} messages.
 * Without an API key it is the demo echo agent, answering {@code Echo: <text>}.
 */
public final class BuiltInAgent {
    /** Message types that are kept in a conversation but are not part of what the model reads. */
    public static final String RESET = "reset";
    public static final String FEEDBACK = "feedback";
    public static final String ERROR = "error";

    private final Optional<ChatCompletions> model;
    private final ModelSettings defaults;
    private final ConversationStore conversations;
    private final int maxHistory;
    private final CircuitBreaker breaker;

    public BuiltInAgent(Optional<ChatCompletions> model, ModelSettings defaults, ConversationStore conversations,
                        int maxHistory, CircuitBreaker breaker) {
        this.model = model;
        this.defaults = defaults;
        this.conversations = conversations;
        this.maxHistory = maxHistory;
        this.breaker = breaker;
    }

    /** Whether a model is configured; without one every built-in agent echoes. */
    public boolean hasModel() {
        return model.isPresent();
    }

    /**
     * Answers the conversation as it stands (its newest user message last), passing the text on to
     * {@code onDelta} as it arrives. Fails with a {@link ModelException} whose message can be shown.
     */
    public Future<String> answer(JsonObject llm, String conversationId, Consumer<String> onDelta) {
        return conversations.recent(conversationId, Math.max(1, maxHistory)).compose(recent -> {
            List<Message> context = context(recent);
            if (model.isEmpty()) {
                String text = "Echo: " + context.stream().filter(m -> m.role().equals("user"))
                        .reduce((first, second) -> second).map(Message::content).orElse("");
                onDelta.accept(text);
                return Future.succeededFuture(text);
            }
            Duration paused = breaker.waitBeforeAsking();
            if (!paused.isZero()) {
                return Future.failedFuture(new ModelException(ModelException.Kind.PAUSED,
                        "the model provider keeps failing; answers are paused for "
                                + Math.max(1, (paused.toMillis() + 999) / 1000) + " s"));
            }
            ModelSettings settings = defaults.over(llm);
            return model.get().complete(settings, prompt(settings, context), onDelta)
                    .onSuccess(text -> breaker.succeeded())
                    .onFailure(failure -> {
                        if (failure instanceof ModelException e && !e.countsAgainstProvider()) {
                            breaker.succeeded();
                        } else {
                            breaker.failed();
                        }
                    });
        });
    }

    /** The answer in place of one the model could not give: its reason when it is the model's, never an internal one. */
    public static String apology(Throwable failure) {
        return "Sorry, I could not answer: " + (failure instanceof ModelException
                ? failure.getMessage() : "something went wrong on our side");
    }

    /** What the model reads: everything after the last reset, without feedback or earlier errors. */
    public static List<Message> context(List<Message> recent) {
        int start = 0;
        for (int i = 0; i < recent.size(); i++) {
            if (RESET.equals(recent.get(i).json().getString("type"))) {
                start = i + 1;
            }
        }
        return recent.subList(start, recent.size()).stream()
                .filter(m -> m.role().equals("user") || m.role().equals("assistant"))
                .filter(m -> !FEEDBACK.equals(m.json().getString("type")) && !ERROR.equals(m.json().getString("type")))
                .toList();
    }

    private static JsonArray prompt(ModelSettings settings, List<Message> context) {
        JsonArray messages = new JsonArray().add(new JsonObject().put("role", "system").put("content", settings.systemPrompt()));
        context.forEach(m -> messages.add(new JsonObject().put("role", m.role()).put("content", m.content())));
        return messages;
    }
}
