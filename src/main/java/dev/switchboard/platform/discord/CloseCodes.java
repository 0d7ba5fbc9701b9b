package dev.switchboard.platform.discord;

import java.util.List;

/**
 * What a gateway close means for the session (PLATFORMS.md §2.9). Fatal codes need an operator,
 * so their text says what to change; every other code is recoverable, by resuming where possible
 * because a resume loses nothing and costs no identify.
 */
final class CloseCodes {
    enum Action {
        /** Reconnect and resume the same session: Discord replays what we missed. */
        RESUME,
        /** The session is gone or unusable: identify anew. */
        IDENTIFY,
        FATAL
    }

    private CloseCodes() {
    }

    /** {@code code} is null when the socket dropped without a close frame. */
    static Action action(Integer code) {
        if (code == null) {
            return Action.RESUME;
        }
        return switch (code) {
            case 4004, 4010, 4011, 4012, 4013, 4014 -> Action.FATAL;
            // 4009 (session timed out): try to resume anyway, Discord answers op 9 when it cannot
            case 4003, 4005, 4007, 4008 -> Action.IDENTIFY;
            default -> Action.RESUME;
        };
    }

    /** The reason as an operator reads it in {@code lastError}. */
    static String describe(Integer code, int intents) {
        if (code == null) {
            return "the gateway connection dropped without a close frame";
        }
        return switch (code) {
            case 4004 -> "Discord rejected the bot token (close 4004 authentication failed): check discordBotToken";
            case 4010 -> "Discord refused the shard (close 4010 invalid shard)";
            case 4011 -> "Discord requires sharding for this bot (close 4011): it is in too many guilds for one"
                    + " gateway connection, which Switchboard does not split yet";
            case 4012 -> "Discord refused the gateway API version (close 4012): Switchboard speaks v10";
            case 4013 -> "Discord refused the intents (close 4013 invalid intents): discordIntents " + intents
                    + " has bits Discord does not know";
            case 4014 -> disallowed(intents);
            case 4007 -> "Discord refused the resume sequence number (close 4007)";
            case 4008 -> "Discord closed the gateway for sending too fast (close 4008 rate limited)";
            case 4009 -> "the gateway session timed out (close 4009)";
            default -> "the gateway closed with code " + code;
        };
    }

    private static String disallowed(int intents) {
        List<String> names = Intents.privilegedNames(intents);
        String which = names.isEmpty() ? "the privileged intents this connection asks for"
                : String.join(" and ", names);
        return "Discord refused privileged intents (close 4014 disallowed intents): switch on " + which
                + " in the Developer Portal (your application, Bot, Privileged Gateway Intents),"
                + " or leave the events that need it out of eventFilter";
    }
}
