package dev.switchboard.hub.engineio;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session and socket ids: 20 url-safe characters from 15 random bytes, like the reference server's.
 * A polling sid is the only credential a polling client shows, so it comes from a secure source.
 */
public final class SessionIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private SessionIds() {
    }

    public static String next() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
