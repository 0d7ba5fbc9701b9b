package dev.switchboard.platform;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new SplittableRandom(7));

    @Test
    void theCeilingDoublesFromTheBaseUpToTheCap() {
        assertEquals(Duration.ofSeconds(1), backoff.ceiling(0));
        assertEquals(Duration.ofSeconds(2), backoff.ceiling(1));
        assertEquals(Duration.ofSeconds(32), backoff.ceiling(5));
        assertEquals(Duration.ofSeconds(60), backoff.ceiling(6));
        assertEquals(Duration.ofSeconds(60), backoff.ceiling(Integer.MAX_VALUE));
    }

    @Property
    void everyDelayLiesBetweenZeroAndTheCeiling(@ForAll @IntRange(min = 0, max = 200) int attempt) {
        Duration delay = backoff.delay(attempt);
        assertTrue(!delay.isNegative() && delay.compareTo(backoff.ceiling(attempt)) <= 0, delay + " for " + attempt);
    }

    @Test
    void aRetryAfterLongerThanTheJitteredDelayWins() {
        assertEquals(Duration.ofMinutes(5), backoff.delay(0, java.util.Optional.of(Duration.ofMinutes(5))));
        assertTrue(backoff.delay(0, java.util.Optional.of(Duration.ZERO)).compareTo(Duration.ofSeconds(1)) <= 0);
    }

    @Test
    void fullJitterSpreadsDelaysOverTheWholeWindow() {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            long ms = backoff.delay(10).toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertTrue(min < 3_000, "some retries come early: " + min);
        assertTrue(max > 57_000, "some come late: " + max);
    }
}
