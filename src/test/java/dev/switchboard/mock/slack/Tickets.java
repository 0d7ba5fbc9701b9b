package dev.switchboard.mock.slack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The WebSocket URLs apps.connections.open hands out. Each ticket opens one socket: it is consumed by the upgrade,
 * so a reused URL is refused. Confined to the server's event loop.
 */
final class Tickets {

    /** Unused tickets beyond this are forgotten oldest first, like an expiry, so a retry loop can't grow memory. */
    private static final int MAX_UNUSED = 100_000;

    private final Map<String, MockSlackApp> unused = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MockSlackApp> eldest) {
            return size() > MAX_UNUSED;
        }
    };
    private final String wsBase;

    /** {@code wsBase} is like {@code ws://127.0.0.1:1234}. */
    Tickets(String wsBase) {
        this.wsBase = wsBase;
    }

    /** A fresh single-use URL for the app's next socket. */
    String issue(MockSlackApp app) {
        String ticket = Ids.uuid();
        unused.put(ticket, app);
        return wsBase + "/link/?ticket=" + ticket + "&app_id=" + app.appId();
    }

    /** The app a ticket was issued to, consuming it; null when unknown or already used. */
    MockSlackApp take(String ticket) {
        return ticket == null ? null : unused.remove(ticket);
    }

    /** Forgets an app's unused tickets (the app was removed). */
    void revoke(MockSlackApp app) {
        unused.values().removeIf(a -> a == app);
    }
}
