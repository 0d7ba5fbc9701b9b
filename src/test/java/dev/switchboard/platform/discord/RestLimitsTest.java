package dev.switchboard.platform.discord;

import dev.switchboard.net.HttpExchange;
import dev.switchboard.testing.ManualClock;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RestLimitsTest {
    final ManualClock clock = new ManualClock();
    final RestLimits limits = new RestLimits(clock);
    final RestLimits.Route channelA = new RestLimits.Route("POST /channels/{channel}/messages", "A", true);
    final RestLimits.Route channelB = new RestLimits.Route("POST /channels/{channel}/messages", "B", true);

    static HttpExchange.Response response(int status, String... headers) {
        MultiMap map = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < headers.length; i += 2) {
            map.add(headers[i], headers[i + 1]);
        }
        return new HttpExchange.Response(status, map, Buffer.buffer());
    }

    @Test
    void anExhaustedBucketHoldsItsChannelUntilTheResetButNotOthers() {
        limits.record("t", channelA, response(200, "X-RateLimit-Bucket", "abc", "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset-After", "1.5"), Duration.ZERO);
        assertEquals(Duration.ofMillis(1500), limits.admit("t", channelA));
        assertEquals(Duration.ZERO, limits.admit("t", channelB), "the bucket is per channel");
        assertEquals(Duration.ZERO, limits.admit("other-bot", channelA), "and per bot");
        clock.advance(1500);
        assertEquals(Duration.ZERO, limits.admit("t", channelA));
    }

    @Test
    void remainingRequestsAreCountedDownBeforeTheAnswersCome() {
        limits.record("t", channelA, response(200, "X-RateLimit-Bucket", "abc", "X-RateLimit-Remaining", "2",
                "X-RateLimit-Reset-After", "5"), Duration.ZERO);
        assertEquals(Duration.ZERO, limits.admit("t", channelA));
        assertEquals(Duration.ZERO, limits.admit("t", channelA));
        assertEquals(Duration.ofSeconds(5), limits.admit("t", channelA));
    }

    @Test
    void aRouteLimitedResponseHoldsTheBucketForRetryAfter() {
        limits.record("t", channelA, response(429, "X-RateLimit-Bucket", "abc"), Duration.ofMillis(2500));
        assertEquals(Duration.ofMillis(2500), limits.admit("t", channelA));
        assertEquals(Duration.ZERO, limits.admit("t", channelB));
    }

    @Test
    void aGlobalLimitHoldsEveryRouteOfThatBot() {
        limits.record("t", channelA, response(429, "X-RateLimit-Global", "true"), Duration.ofSeconds(3));
        assertEquals(Duration.ofSeconds(3), limits.admit("t", channelB));
        assertEquals(Duration.ZERO, limits.admit("other-bot", channelB));
    }

    @Test
    void aBotSendsAtMostFiftyRequestsASecond() {
        for (int i = 0; i < 50; i++) {
            assertEquals(Duration.ZERO, limits.admit("t", new RestLimits.Route("r", "c" + i, true)));
        }
        assertEquals(Duration.ofMillis(20), limits.admit("t", channelA));
        assertEquals(Duration.ZERO, limits.admit("t", new RestLimits.Route("callback", "i1", false)),
                "interaction callbacks are exempt");
    }
}
