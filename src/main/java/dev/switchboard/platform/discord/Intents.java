package dev.switchboard.platform.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gateway intents (PLATFORMS.md §2.6): which dispatches Discord sends us. Derived from the events
 * the connection wants, so a bot is never asked for a privileged intent it does not need.
 */
final class Intents {
    static final int GUILDS = 1;
    static final int GUILD_MEMBERS = 1 << 1;
    static final int GUILD_PRESENCES = 1 << 8;
    static final int GUILD_MESSAGES = 1 << 9;
    static final int GUILD_MESSAGE_REACTIONS = 1 << 10;
    static final int DIRECT_MESSAGES = 1 << 12;
    static final int DIRECT_MESSAGE_REACTIONS = 1 << 13;
    static final int MESSAGE_CONTENT = 1 << 15;
    /** Every bit Discord defines today is below this one; higher bits are refused with close 4013. */
    static final int LIMIT = 1 << 26;

    /** Privileged intents with the name the Developer Portal gives their switch. */
    private static final Map<Integer, String> PRIVILEGED = Map.of(
            GUILD_MEMBERS, "Server Members Intent",
            GUILD_PRESENCES, "Presence Intent",
            MESSAGE_CONTENT, "Message Content Intent");

    private static final Map<String, Integer> BY_EVENT = Map.of(
            "messageCreate", GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT,
            "interactionCreate", 0,
            "guildMemberAdd", GUILD_MEMBERS,
            "guildMemberRemove", GUILD_MEMBERS,
            "messageReactionAdd", GUILD_MESSAGE_REACTIONS | DIRECT_MESSAGE_REACTIONS);

    /**
     * When every event is wanted (no filter): all but the member events, whose intent is privileged
     * and off in most bots, so an unfiltered connection works without a trip to the portal.
     */
    static final int DEFAULT = GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT
            | GUILD_MESSAGE_REACTIONS | DIRECT_MESSAGE_REACTIONS;

    private Intents() {
    }

    /** GUILDS always: it brings the guild list that every other guild event depends on. */
    static int forEvents(List<String> eventFilter) {
        if (eventFilter.isEmpty()) {
            return DEFAULT;
        }
        int intents = GUILDS;
        for (String event : eventFilter) {
            intents |= BY_EVENT.getOrDefault(event, 0);
        }
        return intents;
    }

    /** The portal switches that {@code intents} needs, e.g. "Message Content Intent". */
    static List<String> privilegedNames(int intents) {
        List<String> names = new ArrayList<>();
        for (int bit : new int[]{GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT}) {
            if ((intents & bit) != 0) {
                names.add(PRIVILEGED.get(bit));
            }
        }
        return names;
    }
}
