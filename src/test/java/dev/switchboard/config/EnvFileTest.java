package dev.switchboard.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EnvFileTest {

    @Test
    void readsTheFormPeopleWriteByHand() {
        Map<String, String> values = EnvFile.parse("""
                # comment
                PORT=4000
                export HOST = 127.0.0.1
                PUBLIC_URL="https://bot.example.com"
                MODEL='openai/gpt-4o' 
                NAME=plain value # trailing comment

                """);
        assertEquals(Map.of("PORT", "4000", "HOST", "127.0.0.1", "PUBLIC_URL", "https://bot.example.com",
                "MODEL", "openai/gpt-4o", "NAME", "plain value"), values);
    }

    @Test
    void aLineWithoutEqualsIsAnErrorNamingTheLine() {
        assertEquals(".env line 2: expected KEY=value",
                assertThrows(ConfigException.class, () -> EnvFile.parse("A=1\nBROKEN\n")).getMessage());
    }
}
