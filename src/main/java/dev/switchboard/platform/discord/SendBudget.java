package dev.switchboard.platform.discord;

import java.time.Clock;

/**
 * Discord closes a link that sends more than 120 payloads in 60 s (4008, PLATFORMS.md §2.10). A
 * bucket of 60 refilled at one a second can never let more than 120 through in any 60 s. What the
 * session must send (identify, resume, its scheduled beats) always goes; extra beats the server
 * asks for with op 1 go only while a reserve is left, so a flood of op 1 cannot get us closed.
 */
final class SendBudget {
    static final int CAPACITY = 60;
    private static final double RESERVE = 10;

    private final Clock clock;
    private double tokens = CAPACITY;
    private long refilledAt;

    SendBudget(Clock clock) {
        this.clock = clock;
        this.refilledAt = clock.millis();
    }

    /** Counts a payload that must go out. */
    void take() {
        refill();
        tokens -= 1;
    }

    /** Takes one for a payload that may be skipped; false when only the reserve is left. */
    boolean tryTakeSpare() {
        refill();
        if (tokens < RESERVE + 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    private void refill() {
        long now = clock.millis();
        tokens = Math.min(CAPACITY, tokens + (now - refilledAt) / 1000.0);
        refilledAt = now;
    }
}
