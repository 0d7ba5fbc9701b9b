package dev.switchboard.delivery;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class WebhookSignerTest {

    @Test
    void matchesTheStandardWebhooksPublishedVector() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSigner.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}"));
    }

    @Test
    void theSignatureCoversIdTimestampAndBody() {
        String base = WebhookSigner.sign("secret", "evt_1", 100, "{}");
        assertNotEquals(base, WebhookSigner.sign("secret", "evt_2", 100, "{}"));
        assertNotEquals(base, WebhookSigner.sign("secret", "evt_1", 101, "{}"));
        assertNotEquals(base, WebhookSigner.sign("secret", "evt_1", 100, "{ }"));
        assertNotEquals(base, WebhookSigner.sign("other", "evt_1", 100, "{}"));
    }
}
