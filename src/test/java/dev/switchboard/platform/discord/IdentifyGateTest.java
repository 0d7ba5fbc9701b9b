package dev.switchboard.platform.discord;

import dev.switchboard.platform.PlatformException;
import dev.switchboard.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentifyGateTest {
    final ManualClock clock = new ManualClock();
    final IdentifyGate gate = new IdentifyGate(clock, Duration.ofSeconds(5));
    static final IdentifyGate.Limit ONE_AT_A_TIME = new IdentifyGate.Limit(1000, Duration.ofHours(4), 1);

    @Test
    void identifiesWithOneTokenAreFiveSecondsApartWhateverConnectionAsks() {
        assertEquals(Duration.ZERO, gate.reserve("t", ONE_AT_A_TIME));
        assertEquals(Duration.ofSeconds(5), gate.reserve("t", ONE_AT_A_TIME));
        assertEquals(Duration.ofSeconds(10), gate.reserve("t", ONE_AT_A_TIME));
        assertEquals(Duration.ZERO, gate.reserve("other", ONE_AT_A_TIME), "another bot has its own limit");
        clock.advance(12_000);
        assertEquals(Duration.ofSeconds(3), gate.reserve("t", ONE_AT_A_TIME));
    }

    @Test
    void maxConcurrencyLetsThatManyStartTogether() {
        IdentifyGate.Limit two = new IdentifyGate.Limit(1000, Duration.ofHours(4), 2);
        assertEquals(Duration.ZERO, gate.reserve("t", two));
        assertEquals(Duration.ZERO, gate.reserve("t", two));
        assertEquals(Duration.ofSeconds(5), gate.reserve("t", two));
    }

    @Test
    void aSpentDailyBudgetRefusesWithTheTimeUntilItResets() {
        IdentifyGate.Limit last = new IdentifyGate.Limit(1, Duration.ofMinutes(90), 1);
        assertEquals(Duration.ZERO, gate.reserve("t", last));
        clock.advance(6_000);
        // Discord's answer may lag behind our own identifies: the gate counts them itself
        PlatformException refused = assertThrows(PlatformException.class, () -> gate.reserve("t", last));
        assertEquals(PlatformException.Kind.TRANSIENT, refused.kind());
        assertEquals(Duration.ofMinutes(90), refused.retryAfter().orElseThrow());
        assertTrue(refused.getMessage().contains("identify budget"), refused.getMessage());
    }

    @Test
    void theBudgetComesBackAfterDiscordResetsIt() {
        assertEquals(Duration.ZERO, gate.reserve("t", new IdentifyGate.Limit(1, Duration.ofMinutes(1), 1)));
        clock.advance(61_000);
        assertEquals(Duration.ZERO, gate.reserve("t", new IdentifyGate.Limit(1000, Duration.ofHours(24), 1)));
    }
}
