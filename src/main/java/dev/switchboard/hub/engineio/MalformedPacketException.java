package dev.switchboard.hub.engineio;

/**
 * A client sent something the protocol does not allow. Thrown often by misbehaving clients and
 * always caught, so it carries no stack trace.
 */
public final class MalformedPacketException extends RuntimeException {
    public MalformedPacketException(String message) {
        super(message, null, false, false);
    }
}
