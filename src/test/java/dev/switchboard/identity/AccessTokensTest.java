package dev.switchboard.identity;

import dev.switchboard.testing.ManualClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessTokensTest {
    static final String SECRET = "a-test-secret-of-reasonable-length";
    final Vertx vertx = Vertx.vertx();
    final ManualClock clock = new ManualClock();
    final AccessTokens tokens = new AccessTokens(vertx, SECRET, clock);

    @AfterEach
    void close() {
        vertx.close().await();
    }

    Principal verify(String token) {
        return tokens.verify(token).await();
    }

    String denial(String token) {
        Throwable failure = null;
        try {
            tokens.verify(token).await();
        } catch (Exception e) {
            failure = e;
        }
        assertInstanceOf(AccessDenied.class, failure);
        return failure.getMessage();
    }

    @Test
    void anAgentTokenSpeaksForThatAgentOnly() {
        clock.millis = 1_700_000_000_000L;
        Principal agent = verify(tokens.forAgent("agent-1", Duration.ofHours(1)));
        assertTrue(agent.isAgent());
        assertEquals("agent-1", agent.id());
        assertTrue(agent.mayReach("agent-1"));
        assertFalse(agent.mayReach("agent-2"));
    }

    @Test
    void aUserTokenReachesTheListedAgentsOrAll() {
        clock.millis = 1_700_000_000_000L;
        Principal user = verify(tokens.forUser("u1", "Ada", Set.of("agent-1"), Duration.ofHours(1)));
        assertEquals(Principal.Kind.USER, user.kind());
        assertEquals("Ada", user.name());
        assertTrue(user.mayReach("agent-1"));
        assertFalse(user.mayReach("agent-2"));
        assertTrue(verify(tokens.forUser("u2", null, Set.of("*"), Duration.ofHours(1))).mayReach("anyone"));
    }

    @Test
    void anExpiredTokenIsRefusedByTheGatewaysClock() {
        clock.millis = 1_700_000_000_000L;
        String token = tokens.forAgent("agent-1", Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(5).toMillis());
        assertEquals("the access token has expired", denial(token));
    }

    @Test
    void aTokenSignedWithAnotherSecretOrTamperedWithIsRefused() {
        clock.millis = 1_700_000_000_000L;
        String foreign = new AccessTokens(vertx, "another-secret-entirely-different", clock)
                .forAgent("agent-1", Duration.ofHours(1));
        assertEquals("the access token is not valid", denial(foreign));
        String token = tokens.forAgent("agent-1", Duration.ofHours(1));
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"agent-2\",\"typ\":\"agent\",\"exp\":9999999999}".getBytes()) + "." + parts[2];
        assertEquals("the access token is not valid", denial(forged));
        assertEquals("an access token is required", denial(" "));
        assertEquals("the access token is not valid", denial("not.a.jwt"));
    }

    @Test
    void aHostApplicationMayMintTokensWithTheSharedSecret() {
        clock.millis = System.currentTimeMillis();
        JWTAuth host = JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
        String token = host.generateToken(new JsonObject().put("sub", "u9").put("typ", "user").put("agents", "*"),
                new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(60));
        Principal user = verify(token);
        assertEquals("u9", user.id());
        assertTrue(user.mayReach("agent-7"));
        String untyped = host.generateToken(new JsonObject().put("sub", "u9"),
                new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(60));
        assertEquals("the access token's typ must be agent or user", denial(untyped));
    }
}
