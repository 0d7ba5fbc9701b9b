package dev.switchboard.core;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Where events come from, with the event names of SPEC §3.3: the chat platforms Switchboard holds
 * connections to, and the hub, whose users' messages reach agents that are not connected the same way.
 */
public enum Platform {
    SLACK("slack", Set.of("message", "app_mention", "app_home_opened", "reaction_added", "reaction_removed",
            "slash_command", "interactive")),
    DISCORD("discord", Set.of("messageCreate", "interactionCreate", "guildMemberAdd", "guildMemberRemove",
            "messageReactionAdd")),
    TELEGRAM("telegram", Set.of("message", "callback_query", "inline_query", "edited_message", "channel_post")),
    HUB("hub", Set.of("message"));

    private final String wireName;
    private final Set<String> eventTypes;

    Platform(String wireName, Set<String> eventTypes) {
        this.wireName = wireName;
        this.eventTypes = eventTypes;
    }

    public String wireName() {
        return wireName;
    }

    public Set<String> eventTypes() {
        return eventTypes;
    }

    /** Whether an operator can connect it with {@code POST /connections}: every platform but the hub. */
    public boolean connectable() {
        return this != HUB;
    }

    public static Optional<Platform> fromWire(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
