package dev.switchboard.hub;

import dev.switchboard.core.Agent;
import dev.switchboard.core.Message;
import dev.switchboard.llm.BuiltInAgent;
import dev.switchboard.store.AgentStore;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's message to an agent with an {@code llm} block is answered by the built-in agent (SPEC
 * §5): the conversation sees the agent typing, the transports that can show the answer growing get
 * it piece by piece, and the whole answer is stored as the agent's message. A provider failure is
 * answered too, with a message saying why. Other agents' messages go to {@code others}.
 */
public final class LlmRelay implements AgentRelay {
    private static final Logger log = LoggerFactory.getLogger(LlmRelay.class);

    private final AgentStore agents;
    private final BuiltInAgent builtIn;
    private final AnswerPoster answers;
    private final Rooms rooms;
    private final AgentRelay others;

    public LlmRelay(AgentStore agents, BuiltInAgent builtIn, AnswerPoster answers, Rooms rooms, AgentRelay others) {
        this.agents = agents;
        this.builtIn = builtIn;
        this.answers = answers;
        this.rooms = rooms;
        this.others = others;
    }

    @Override
    public void relay(String agentId, Message message) {
        agents.find(agentId).onComplete(found -> {
            if (found.succeeded() && found.result().map(Agent::llm).isPresent()) {
                answer(found.result().get(), message.conversationId());
            } else {
                others.relay(agentId, message);
            }
        });
    }

    private void answer(Agent agent, String conversationId) {
        typing(agent, conversationId, true);
        builtIn.answer(agent.llm(), conversationId, delta -> rooms.streamed(conversationId, delta))
                .compose(text -> answers.post(conversationId, agent.id(), text, "text"))
                .recover(failure -> {
                    log.warn("the built-in agent {} could not answer in {}: {}", agent.id(), conversationId,
                            failure.getMessage());
                    return answers.post(conversationId, agent.id(), BuiltInAgent.apology(failure), BuiltInAgent.ERROR);
                })
                .onComplete(done -> typing(agent, conversationId, false))
                .onFailure(e -> log.error("the answer of agent {} could not be stored in {}", agent.id(), conversationId, e));
    }

    private void typing(Agent agent, String conversationId, boolean isTyping) {
        rooms.broadcast(conversationId, "user:typing", new JsonObject().put("type", "agent").put("agentId", agent.id())
                .put("conversationId", conversationId).put("isTyping", isTyping), null);
    }
}
