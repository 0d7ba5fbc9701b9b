package dev.switchboard.platform.discord;

import dev.switchboard.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;

import static org.junit.jupiter.api.Assertions.assertTrue;

class SendBudgetTest {
    @Test
    void aFloodOfRequestedBeatsNeverPassesDiscordsLimitOf120In60Seconds() {
        ManualClock clock = new ManualClock();
        SendBudget budget = new SendBudget(clock);
        Deque<Long> sent = new ArrayDeque<>();
        int mostInAWindow = 0;
        for (int i = 0; i < 300_000; i++) {
            clock.advance(1);
            // a scheduled beat every 41.25 s always goes, the server's op 1 requests only while budget is left
            boolean scheduled = clock.millis() % 41_250 == 0;
            if (scheduled) {
                budget.take();
            }
            if (scheduled || budget.tryTakeSpare()) {
                sent.add(clock.millis());
            }
            while (sent.peekFirst() <= clock.millis() - 60_000) {
                sent.pollFirst();
            }
            mostInAWindow = Math.max(mostInAWindow, sent.size());
        }
        assertTrue(mostInAWindow <= 120, "most sends in any 60 s: " + mostInAWindow);
        assertTrue(mostInAWindow > 60, "the budget is used, not just refused: " + mostInAWindow);
    }
}
