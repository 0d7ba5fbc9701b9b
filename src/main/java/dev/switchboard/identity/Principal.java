package dev.switchboard.identity;

import java.util.Set;

/**
 * Who an access token speaks for: an agent, or a human user of the hub together with the agents
 * that user may talk to ({@code *} for all of them).
 */
public record Principal(String id, Kind kind, String name, Set<String> agents) {
    public static final String ANY_AGENT = "*";

    public enum Kind {
        AGENT("agent"), USER("user");

        private final String claim;

        Kind(String claim) {
            this.claim = claim;
        }

        public String claim() {
            return claim;
        }
    }

    public static Principal agent(String agentId) {
        return new Principal(agentId, Kind.AGENT, null, Set.of());
    }

    public boolean isAgent() {
        return kind == Kind.AGENT;
    }

    /** An agent reaches only itself; a user the agents its token lists. */
    public boolean mayReach(String agentId) {
        return isAgent() ? id.equals(agentId) : agents.contains(ANY_AGENT) || agents.contains(agentId);
    }
}
