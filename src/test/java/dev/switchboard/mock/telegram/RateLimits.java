package dev.switchboard.mock.telegram;

/**
 * sendMessage limits for one bot, modelled on the Bot FAQ (about 1/s per private chat, 20/min per group, 30/s overall).
 *
 * <p>Each limit is a token bucket refilled at its rate. {@code burst} is how many messages a single chat may send
 * back-to-back before its rate applies; the global bucket always holds at least one second's worth, so a burst
 * spread over many chats is not throttled below {@code globalPerSecond}. A rate of 0 disables that limit, and
 * {@link #OFF} (all zero) disables the limiter.
 */
public record RateLimits(int perPrivateChatPerSecond, int perGroupPerMinute, int globalPerSecond, int burst) {

    public static final RateLimits OFF = new RateLimits(0, 0, 0, 0);

    /** The Bot FAQ numbers with a burst of 3. */
    public static final RateLimits TELEGRAM_DEFAULTS = new RateLimits(1, 20, 30, 3);

    public RateLimits {
        if (perPrivateChatPerSecond < 0 || perGroupPerMinute < 0 || globalPerSecond < 0 || burst < 0) {
            throw new IllegalArgumentException("rate limits must not be negative");
        }
    }

    public boolean enabled() {
        return perPrivateChatPerSecond > 0 || perGroupPerMinute > 0 || globalPerSecond > 0;
    }
}
