package dev.switchboard.llm;

import dev.switchboard.core.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BuiltInAgentContextTest {
    static Message message(String role, String content, String type) {
        return Message.create("c1", "p", role, content, new JsonObject().put("type", type), Instant.EPOCH);
    }

    @Test
    void theModelReadsUserAndAssistantMessagesAfterTheLastReset() {
        List<Message> conversation = List.of(
                message("user", "forgotten", "text"),
                message("system", "/reset", BuiltInAgent.RESET),
                message("user", "hello", "text"),
                message("assistant", "Sorry, I could not answer: the model is rate limited", BuiltInAgent.ERROR),
                message("user", "nice", BuiltInAgent.FEEDBACK),
                message("tool", "{}", "text"),
                message("user", "hello again", "text"),
                message("assistant", "hi", "text"));
        assertEquals(List.of("hello", "hello again", "hi"),
                BuiltInAgent.context(conversation).stream().map(Message::content).toList());
    }
}
