package dev.switchboard.hub;

/** A request the hub refuses, with a message that says what was wrong; nothing else happens. */
public final class HubError extends RuntimeException {
    public HubError(String message) {
        super(message, null, false, false);
    }
}
