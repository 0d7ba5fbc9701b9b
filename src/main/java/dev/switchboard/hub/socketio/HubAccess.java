package dev.switchboard.hub.socketio;

import dev.switchboard.identity.AccessDenied;
import dev.switchboard.identity.AccessTokens;
import dev.switchboard.identity.Principal;
import dev.switchboard.store.AgentStore;
import io.vertx.core.Future;

/**
 * Who may connect to a hub namespace (SPEC §4.1): a valid access token from the handshake's
 * {@code auth.token}, the {@code token} query parameter or an {@code Authorization: Bearer}
 * header; a suspended agent is refused. Every refusal is a {@code connect_error} that says why.
 */
final class HubAccess {
    private final AccessTokens tokens;
    private final AgentStore agents;

    HubAccess(AccessTokens tokens, AgentStore agents) {
        this.tokens = tokens;
        this.agents = agents;
    }

    Future<Object> authorize(Handshake handshake) {
        return tokens.verify(token(handshake))
                .recover(e -> Future.failedFuture(new ConnectRefused(e instanceof AccessDenied ? e.getMessage()
                        : "the access token could not be checked")))
                .compose(this::admit);
    }

    /** An agent unknown here may still connect (registering is optional); a suspended one may not. */
    private Future<Object> admit(Principal principal) {
        if (!principal.isAgent()) {
            return Future.succeededFuture(principal);
        }
        return agents.find(principal.id()).map(agent -> {
            if (agent.isPresent() && agent.get().suspended()) {
                throw new ConnectRefused("agent " + principal.id() + " is suspended");
            }
            return principal;
        });
    }

    static String token(Handshake handshake) {
        if (handshake.auth().getValue("token") instanceof String token && !token.isBlank()) {
            return token;
        }
        String query = handshake.query().get("token");
        if (query != null && !query.isBlank()) {
            return query;
        }
        String header = handshake.headers().get("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).strip();
        }
        return null;
    }
}
