package dev.switchboard.platform;

import dev.switchboard.core.Connection;
import dev.switchboard.core.Platform;
import dev.switchboard.core.ReplySink;

import java.util.Map;

/** A platform adapter: opens sessions for its connections and sends replies to its channels. */
public interface Connector extends ReplySink {
    Platform platform();

    /** Checks a connection's platform settings before it is stored: field name → what is wrong. */
    Map<String, String> validate(Connection connection);

    PlatformSession open(Connection connection, Inlet inlet);
}
