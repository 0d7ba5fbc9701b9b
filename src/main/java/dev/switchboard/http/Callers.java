package dev.switchboard.http;

import dev.switchboard.identity.AccessDenied;
import dev.switchboard.identity.AccessTokens;
import dev.switchboard.identity.Principal;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who is calling: the operator, with the admin token (compared in constant time), or an agent or
 * user of the hub, with an access token. Anyone else gets 401. Routes that an access token may use
 * are mounted between this handler and {@link #adminOnly()}, and check the principal's rights.
 */
final class Callers implements Handler<RoutingContext> {
    private static final String KEY = "caller";

    /** The admin, or the principal of a valid access token. */
    record Caller(Principal principal) {
        static final Caller ADMIN = new Caller(null);

        boolean admin() {
            return principal == null;
        }
    }

    private final byte[] adminToken;
    private final AccessTokens tokens;

    Callers(String adminToken, AccessTokens tokens) {
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.tokens = tokens;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String token = bearer(ctx);
        if (token == null) {
            ctx.fail(ApiError.unauthorized("send the admin token or an access token as Authorization: Bearer <token>"));
            return;
        }
        if (MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
            ctx.put(KEY, Caller.ADMIN);
            ctx.next();
            return;
        }
        tokens.verify(token).onComplete(verified -> {
            if (verified.succeeded()) {
                ctx.put(KEY, new Caller(verified.result()));
                ctx.next();
            } else {
                ctx.fail(ApiError.unauthorized(verified.cause() instanceof AccessDenied denied ? denied.getMessage()
                        : "the token is not valid"));
            }
        });
    }

    static Caller of(RoutingContext ctx) {
        return ctx.get(KEY);
    }

    /** The gate in front of the operator's routes: an access token does not open them. */
    static Handler<RoutingContext> adminOnly() {
        return ctx -> {
            if (of(ctx).admin()) {
                ctx.next();
            } else {
                ctx.fail(ApiError.forbidden("this route needs the admin token"));
            }
        };
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
