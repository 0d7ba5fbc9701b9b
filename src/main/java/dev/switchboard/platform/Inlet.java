package dev.switchboard.platform;

import dev.switchboard.core.Event;
import dev.switchboard.store.Inbox.CursorMove;
import io.vertx.core.Future;

import java.util.List;

/** Where a session hands what it received. The future completes once it is durably stored: then, and only then, may the session acknowledge it to the platform. */
public interface Inlet {
    Future<Void> accept(List<Event> events, CursorMove cursor);
}
