package dev.switchboard.core;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/** Prefixed, time-ordered, unguessable ids ({@code evt_}, {@code msg_}, ...). */
public final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final RandomGenerator RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next(String prefix) {
        StringBuilder id = new StringBuilder(prefix).append('_');
        id.append(Long.toString(System.currentTimeMillis(), 36));
        // twelve base-36 digits out of one draw: 62 random bits, and one call to the secure source, not twelve
        long random = RANDOM.nextLong() >>> 2;
        for (int i = 0; i < 12; i++) {
            id.append(ALPHABET[(int) (random % ALPHABET.length)]);
            random /= ALPHABET.length;
        }
        return id.toString();
    }

    /** A random URL-safe token, e.g. a Telegram webhook secret or a generated agent secret. */
    public static String secret(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
