package dev.switchboard.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Hub access tokens (SPEC §2): HS256 JWTs signed with {@code JWT_SECRET}, claims {@code sub},
 * {@code typ} ({@code agent} or {@code user}), {@code agents} for users, {@code exp}. A host
 * application holding the secret may mint them too. Expiry is checked against the injected clock,
 * so it is the gateway's time, not the library's, that decides.
 */
public final class AccessTokens {
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(1);
    private static final String ALGORITHM = "HS256";
    /** Shared by every all-agents principal: one held per hub connection, it is worth not copying. */
    private static final Set<String> ALL_AGENTS = Set.of(Principal.ANY_AGENT);

    private final JWTAuth jwt;
    private final Clock clock;

    public AccessTokens(Vertx vertx, String secret, Clock clock) {
        this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
                .setJWTOptions(new JWTOptions().setAlgorithm(ALGORITHM).setIgnoreExpiration(true)));
        this.clock = clock;
    }

    public String forAgent(String agentId, Duration lifetime) {
        return sign(new JsonObject().put("sub", agentId).put("typ", Principal.Kind.AGENT.claim()), lifetime);
    }

    /** {@code agents}: the agent ids the user may talk to, or {@code ["*"]} for all. */
    public String forUser(String userId, String name, Set<String> agents, Duration lifetime) {
        JsonObject claims = new JsonObject().put("sub", userId).put("typ", Principal.Kind.USER.claim())
                .put("agents", new JsonArray(agents.stream().sorted().toList()));
        if (name != null) {
            claims.put("name", name);
        }
        return sign(claims, lifetime);
    }

    private String sign(JsonObject claims, Duration lifetime) {
        long now = clock.millis() / 1000;
        return jwt.generateToken(claims.put("iat", now).put("exp", now + lifetime.toSeconds()),
                new JWTOptions().setAlgorithm(ALGORITHM).setNoTimestamp(true));
    }

    /** The principal of a valid, unexpired token; fails with {@link AccessDenied} saying why not. */
    public Future<Principal> verify(String token) {
        if (token == null || token.isBlank()) {
            return Future.failedFuture(new AccessDenied("an access token is required"));
        }
        return jwt.authenticate(new TokenCredentials(token.strip()))
                .recover(e -> Future.failedFuture(new AccessDenied("the access token is not valid")))
                // the library moves exp and iat out of the principal; the decoded token keeps every claim
                .compose(user -> principal(user.attributes().getJsonObject("accessToken", user.principal())));
    }

    private Future<Principal> principal(JsonObject claims) {
        Object exp = claims.getValue("exp");
        if (!(exp instanceof Number seconds) || seconds.longValue() * 1000 <= clock.millis()) {
            return Future.failedFuture(new AccessDenied("the access token has expired"));
        }
        String subject = claims.getValue("sub") instanceof String s && !s.isBlank() ? s : null;
        String type = claims.getValue("typ") instanceof String t ? t : null;
        if (subject == null) {
            return Future.failedFuture(new AccessDenied("the access token names no subject (sub)"));
        }
        if (Principal.Kind.AGENT.claim().equals(type)) {
            return Future.succeededFuture(Principal.agent(subject));
        }
        if (Principal.Kind.USER.claim().equals(type)) {
            Set<String> agents = new HashSet<>();
            Object listed = claims.getValue("agents");
            if (listed instanceof JsonArray array) {
                array.forEach(a -> agents.add(String.valueOf(a)));
            } else if (Principal.ANY_AGENT.equals(listed)) {
                agents.add(Principal.ANY_AGENT);
            }
            return Future.succeededFuture(new Principal(subject, Principal.Kind.USER,
                    claims.getValue("name") instanceof String n ? n : null,
                    agents.equals(ALL_AGENTS) ? ALL_AGENTS : Set.copyOf(agents)));
        }
        return Future.failedFuture(new AccessDenied("the access token's typ must be agent or user"));
    }
}
