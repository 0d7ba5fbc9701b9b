package dev.switchboard.platform;

import dev.switchboard.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenBucketTest {
    final ManualClock clock = new ManualClock();
    final TokenBucket bucket = new TokenBucket(30, 30, clock);

    @Test
    void aFullBucketLetsABurstThroughAtOnce() {
        for (int i = 0; i < 30; i++) {
            assertEquals(Duration.ZERO, bucket.reserve());
        }
    }

    @Test
    void pastTheBurstEachReservationWaitsItsTurnAtTheRate() {
        for (int i = 0; i < 30; i++) {
            bucket.reserve();
        }
        assertEquals(Duration.ofMillis(34), bucket.reserve());
        assertEquals(Duration.ofMillis(67), bucket.reserve());
        assertEquals(Duration.ofMillis(100), bucket.reserve());
    }

    @Test
    void timeRefillsTheBucketUpToItsCapacity() {
        for (int i = 0; i < 30; i++) {
            bucket.reserve();
        }
        clock.millis += 1000;
        for (int i = 0; i < 30; i++) {
            assertEquals(Duration.ZERO, bucket.reserve(), "token " + i);
        }
        clock.millis += 60_000;
        for (int i = 0; i < 30; i++) {
            bucket.reserve();
        }
        assertEquals(Duration.ofMillis(34), bucket.reserve(), "a long pause does not bank more than the capacity");
    }
}
