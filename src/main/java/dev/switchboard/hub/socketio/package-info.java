/**
 * Socket.IO protocol v5 server over {@link dev.switchboard.hub.engineio}: namespaces multiplexed
 * on one connection, CONNECT with an auth payload checked by the namespace's authorizer
 * (CONNECT_ERROR {@code {message, data}} on refusal), events and acknowledgements both ways (with
 * timeouts server to client), binary arguments as attachments with {@code _placeholder}s, rooms
 * and broadcasts, and the reference server's disconnect reasons ({@link
 * dev.switchboard.hub.socketio.DisconnectReason}). Anything malformed ends that client's
 * connection with "parse error" and nobody else's.
 * <p>
 * Wiring, on the one HTTP server:
 * <pre>{@code
 * SocketIoOptions options = new SocketIoOptions();             // path /socket.io/, 25 s / 20 s pings, 1 MB
 * SocketIoServer io = new SocketIoServer(vertx, options);
 * Namespace chat = io.namespace("/chat");
 * chat.authorize(handshake -> verify(handshake.auth().getString("token")));   // Future<principal>, or fail with ConnectRefused
 * chat.onConnection(socket -> {
 *     socket.on("message:send", (args, ack) -> { ...; if (ack != null) ack.send(result); });
 *     socket.onDisconnect(reason -> ...);
 * });
 * vertx.createHttpServer(options.applyTo(new HttpServerOptions()))   // frame size = maxPayload, no per-message deflate
 *     .requestHandler(request -> { if (!io.handle(request)) router.handle(request); })   // before any BodyHandler
 *     .listen(port);
 * }</pre>
 * Binary arguments arrive as Buffers: read them with {@code args.getBuffer(i)} ({@code getValue}
 * would give base64). Passes the official socket.io-protocol test suite against
 * {@code ./switchboard conformance-server socketio}; end to end with socket.io-client 4.8 in
 * {@code SocketIoEndToEndTest}.
 */
package dev.switchboard.hub.socketio;
