package dev.switchboard.hub.engineio;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayDeque;

/**
 * The long-polling side of a session: at most one waiting GET, at most one POST at a time. The
 * waiting GET is always answered within a ping interval (the ping itself), so none is held forever.
 */
final class Polling implements Transport {
    static final String NAME = "polling";

    /** The GET waiting for packets; touched on the session's event loop only. */
    HttpServerResponse waiting;
    private boolean posting;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean writable() {
        return waiting != null;
    }

    @Override
    public void flush(ArrayDeque<Object> packets) {
        Future<Void> written = answer(Payload.encode(packets));
        for (Object packet : packets) {
            if (packet instanceof Tracked tracked) {
                tracked.completeWith(written);
            }
        }
        packets.clear();
    }

    /** Ends the waiting GET with this body. */
    Future<Void> answer(String body) {
        HttpServerResponse response = waiting;
        waiting = null;
        if (response != null && !response.ended() && !response.closed()) {
            return response.putHeader("Content-Type", "text/plain; charset=UTF-8").end(body);
        }
        return Future.failedFuture("the poll ended before it could be answered");
    }

    /** POST bodies are read on the request's own event loop, so the guard against overlap is locked. */
    synchronized boolean beginPost() {
        if (posting) {
            return false;
        }
        posting = true;
        return true;
    }

    synchronized void endPost() {
        posting = false;
    }
}
