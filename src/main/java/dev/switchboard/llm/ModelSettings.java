package dev.switchboard.llm;

import io.vertx.core.json.JsonObject;

/**
 * How the built-in agent asks the model on an agent's behalf: the agent's {@code llm} block (SPEC
 * §2), whatever it leaves out taken from the process defaults ({@code MODEL}, {@code TEMPERATURE},
 * {@code MAX_TOKENS}).
 */
public record ModelSettings(String model, String systemPrompt, double temperature, int maxTokens) {
    public static final String DEFAULT_PROMPT = "You are a helpful assistant.";

    /** An {@code llm} block over the defaults; fields of the wrong type were refused when the agent was saved. */
    public ModelSettings over(JsonObject llm) {
        if (llm == null) {
            return this;
        }
        return new ModelSettings(
                llm.getValue("model") instanceof String m && !m.isBlank() ? m : model,
                llm.getValue("systemPrompt") instanceof String p && !p.isBlank() ? p : systemPrompt,
                llm.getValue("temperature") instanceof Number t ? t.doubleValue() : temperature,
                llm.getValue("maxTokens") instanceof Number n ? n.intValue() : maxTokens);
    }
}
