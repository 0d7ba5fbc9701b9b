package dev.switchboard.llm;

import dev.switchboard.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CircuitBreakerTest {
    final ManualClock clock = new ManualClock();
    final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

    @Test
    void failuresBelowTheThresholdLeaveItClosed() {
        breaker.failed();
        breaker.failed();
        breaker.succeeded();
        breaker.failed();
        breaker.failed();
        assertEquals(Duration.ZERO, breaker.waitBeforeAsking(), "a success in between starts the count again");
    }

    @Test
    void thresholdFailuresInARowOpenItForTheCooldown() {
        failThreeTimes();
        assertEquals(Duration.ofSeconds(30), breaker.waitBeforeAsking());
        clock.advance(20_000);
        assertEquals(Duration.ofSeconds(10), breaker.waitBeforeAsking());
    }

    @Test
    void afterTheCooldownOneTrialGoesAndItsOutcomeDecides() {
        failThreeTimes();
        clock.advance(30_000);
        assertEquals(Duration.ZERO, breaker.waitBeforeAsking(), "the trial");
        assertEquals(Duration.ofSeconds(30), breaker.waitBeforeAsking(), "nobody else while the trial runs");
        breaker.failed();
        assertEquals(Duration.ofSeconds(30), breaker.waitBeforeAsking(), "a failed trial opens it again");

        clock.advance(30_000);
        assertEquals(Duration.ZERO, breaker.waitBeforeAsking());
        breaker.succeeded();
        assertEquals(Duration.ZERO, breaker.waitBeforeAsking(), "a good trial closes it");
        assertEquals(Duration.ZERO, breaker.waitBeforeAsking());
    }

    private void failThreeTimes() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, breaker.waitBeforeAsking());
            breaker.failed();
        }
    }
}
