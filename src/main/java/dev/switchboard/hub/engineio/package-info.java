/**
 * Engine.IO protocol v4 server on Vert.x: HTTP long-polling ({@code \x1e}-separated payloads, binary
 * as {@code b}+base64), WebSocket, the {@code 2probe}/{@code 3probe}/{@code 5} upgrade with the noop
 * that ends the last poll, server pings every pingInterval and a close after pingTimeout without
 * pong, maxPayload (413 on polling, close 1009 on WebSocket), CORS for polling, and the reference
 * server's refusals ({@code {"code":0,"message":"Transport unknown"}} and the others of
 * {@link dev.switchboard.hub.engineio.EngineError}).
 * <p>
 * {@link dev.switchboard.hub.engineio.EngineIoServer} routes requests to
 * {@link dev.switchboard.hub.engineio.EngineSession}s; the layer above (Socket.IO) attaches a
 * {@link dev.switchboard.hub.engineio.SessionHandler} to each. Passes the official
 * engine.io-protocol test suite against {@code ./switchboard conformance-server engineio}.
 */
package dev.switchboard.hub.engineio;
