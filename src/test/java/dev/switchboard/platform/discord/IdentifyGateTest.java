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
    void identifiesWithOneTokenAreAWindowApartWhateverConnectionAsks() {
        // a window of 5 s plus a twentieth, for identifies that reach Discord later than they were sent
        assertEquals(Duration.ZERO, gate.reserve("t", ONE_AT_A_TIME));
        assertEquals(Duration.ofMillis(5250), gate.reserve("t", ONE_AT_A_TIME));
        assertEquals(Duration.ofMillis(10500), gate.reserve("t", ONE_AT_A_TIME));
        assertEquals(Duration.ZERO, gate.reserve("other", ONE_AT_A_TIME), "another bot has its own limit");
        clock.advance(12_000);
        assertEquals(Duration.ofMillis(3750), gate.reserve("t", ONE_AT_A_TIME));
    }

    @Test
    void maxConcurrencyLetsThatManyStartTogether() {
        IdentifyGate.Limit two = new IdentifyGate.Limit(1000, Duration.ofHours(4), 2);
        assertEquals(Duration.ZERO, gate.reserve("t", two));
        assertEquals(Duration.ZERO, gate.reserve("t", two));
        assertEquals(Duration.ofMillis(5250), gate.reserve("t", two));
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
