package dev.switchboard.identity;

/** An access token that does not open the door, with the reason in words a client developer can act on. */
public final class AccessDenied extends RuntimeException {
    public AccessDenied(String message) {
        super(message, null, false, false);
    }
}
