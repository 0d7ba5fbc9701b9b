package dev.switchboard.hub.socketio;

import dev.switchboard.hub.engineio.EngineIoOptions;
import dev.switchboard.hub.engineio.EngineIoServer;
import dev.switchboard.hub.engineio.EngineSession;
import dev.switchboard.hub.engineio.SessionHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.function.Predicate;

/**
 * The server the official protocol test suites talk to, configured as their READMEs say: port
 * 3000, pingInterval 300, pingTimeout 200, maxPayload 1e6, any origin; {@code engineio} echoes
 * every message on /engine.io/, {@code socketio} echoes events and acks on "/" and greets "/custom"
 * with the auth payload on /socket.io/ (connectTimeout 1000).
 * <p>
 * {@code ./switchboard conformance-server socketio|engineio [port]}
 */
public final class ConformanceServer {
    private ConformanceServer() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "socketio";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        Vertx vertx = Vertx.vertx();
        start(vertx, mode, port)
                .onSuccess(server -> System.out.println("conformance server (" + mode + ") listening on port "
                        + server.actualPort()))
                .onFailure(e -> {
                    System.err.println("conformance server: " + e.getMessage());
                    vertx.close();
                    System.exit(1);
                });
    }

    public static Future<HttpServer> start(Vertx vertx, String mode, int port) {
        EngineIoOptions options = new EngineIoOptions().pingInterval(300).pingTimeout(200).maxPayload(1_000_000)
                .allowedOrigins(List.of("*"));
        Predicate<HttpServerRequest> endpoint = switch (mode) {
            case "engineio" -> engineIo(vertx, options);
            case "socketio" -> socketIo(vertx);
            default -> throw new IllegalArgumentException("mode is socketio or engineio, not " + mode);
        };
        return vertx.createHttpServer(options.applyTo(new HttpServerOptions().setPort(port)))
                .requestHandler(request -> {
                    if (!endpoint.test(request)) {
                        request.response().setStatusCode(404).end();
                    }
                })
                .listen();
    }

    private static Predicate<HttpServerRequest> engineIo(Vertx vertx, EngineIoOptions options) {
        EngineIoServer server = new EngineIoServer(vertx, options.path("/engine.io/"));
        server.connectionHandler(ConformanceServer::echo);
        return server::handle;
    }

    private static void echo(EngineSession session) {
        session.handler(new SessionHandler() {
            @Override
            public void onMessage(String text) {
                session.send(text);
            }

            @Override
            public void onBinary(Buffer bytes) {
                session.send(bytes);
            }

            @Override
            public void onClose(String reason) {
            }
        });
    }

    private static Predicate<HttpServerRequest> socketIo(Vertx vertx) {
        SocketIoServer io = new SocketIoServer(vertx, new SocketIoOptions().pingInterval(300).pingTimeout(200)
                .maxPayload(1_000_000).connectTimeout(1000).allowedOrigins(List.of("*")));
        io.namespace("/").onConnection(socket -> {
            socket.emit("auth", socket.handshake().auth());
            socket.on("message", (args, ack) -> socket.emit("message-back", args.getList().toArray()));
            socket.on("message-with-ack", (args, ack) -> {
                if (ack != null) {
                    ack.send(args.getList().toArray());
                }
            });
        });
        io.namespace("/custom").onConnection(socket -> socket.emit("auth", socket.handshake().auth()));
        return io::handle;
    }
}
