package dev.switchboard.core;

/** What {@code GET /connections} shows; {@code error} needs an operator, the others heal by themselves. */
public enum ConnectionStatus {
    CONNECTING, CONNECTED, DISCONNECTED, ERROR;

    public String wireName() {
        return name().toLowerCase();
    }
}
