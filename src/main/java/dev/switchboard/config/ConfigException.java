package dev.switchboard.config;

/** A configuration value that the gateway cannot start with; the message names the variable. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
