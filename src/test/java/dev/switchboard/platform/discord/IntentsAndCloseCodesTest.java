package dev.switchboard.platform.discord;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntentsAndCloseCodesTest {
    @Test
    void messagesNeedGuildAndDirectMessagesAndMessageContent() {
        int intents = Intents.forEvents(List.of("messageCreate"));
        assertEquals(Intents.GUILDS | Intents.GUILD_MESSAGES | Intents.DIRECT_MESSAGES | Intents.MESSAGE_CONTENT, intents);
    }

    @Test
    void memberAndReactionEventsAddTheirIntents() {
        assertEquals(Intents.GUILDS | Intents.GUILD_MEMBERS, Intents.forEvents(List.of("guildMemberAdd", "guildMemberRemove")));
        assertEquals(Intents.GUILDS | Intents.GUILD_MESSAGE_REACTIONS | Intents.DIRECT_MESSAGE_REACTIONS,
                Intents.forEvents(List.of("messageReactionAdd")));
        assertEquals(Intents.GUILDS, Intents.forEvents(List.of("interactionCreate")), "interactions need no intent");
    }

    @Test
    void withoutAFilterNoPrivilegedIntentButMessageContentIsAskedFor() {
        int intents = Intents.forEvents(List.of());
        assertEquals(38401 | Intents.DIRECT_MESSAGE_REACTIONS, intents);
        assertEquals(List.of("Message Content Intent"), Intents.privilegedNames(intents));
    }

    @Test
    void fatalCodesStopAndTheRestResumeOrIdentify() {
        for (int code : new int[]{4004, 4010, 4011, 4012, 4013, 4014}) {
            assertEquals(CloseCodes.Action.FATAL, CloseCodes.action(code), "code " + code);
        }
        for (int code : new int[]{4003, 4005, 4007, 4008}) {
            assertEquals(CloseCodes.Action.IDENTIFY, CloseCodes.action(code), "code " + code);
        }
        for (Integer code : new Integer[]{null, 1000, 1001, 1006, 4000, 4001, 4002, 4009, 4999}) {
            assertEquals(CloseCodes.Action.RESUME, CloseCodes.action(code), "code " + code);
        }
    }

    @Test
    void aDisallowedIntentCloseSaysWhichPortalSwitchToTurnOn() {
        String why = CloseCodes.describe(4014, Intents.GUILDS | Intents.GUILD_MEMBERS | Intents.MESSAGE_CONTENT);
        assertTrue(why.contains("Server Members Intent and Message Content Intent"), why);
        assertTrue(why.contains("Developer Portal"), why);
        assertTrue(CloseCodes.describe(4004, 0).contains("discordBotToken"));
    }
}
