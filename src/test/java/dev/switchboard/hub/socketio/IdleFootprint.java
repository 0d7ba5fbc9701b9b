package dev.switchboard.hub.socketio;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * A Socket.IO server with the default options and a "/" namespace whose sockets register handlers
 * and join a room, as the chat layer's do: the subject of the memory-per-idle-connection
 * measurement. Run it with the launcher's JVM settings and -Xmx256m, note the heap after a
 * {@code jcmd <pid> GC.run}, connect {@code node src/test/node/idle-clients.mjs http://127.0.0.1:3000 10000},
 * and compare.
 */
public final class IdleFootprint {
    private IdleFootprint() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Vertx vertx = Vertx.vertx();
        SocketIoOptions options = new SocketIoOptions();
        SocketIoServer io = new SocketIoServer(vertx, options);
        Namespace main = io.namespace("/");
        main.onConnection(socket -> {
            socket.join("conversation-" + (socket.id().hashCode() & 1023));
            socket.on("message:send", (event, ack) -> main.emitTo("conversation-0", "message:new", event));
            socket.on("message:typing", (event, ack) -> { });
            socket.on("conversation:join", (event, ack) -> socket.join(event.getJsonObject(0).getString("id")));
            socket.onDisconnect(reason -> { });
        });
        vertx.createHttpServer(options.applyTo(new HttpServerOptions().setPort(port)))
                .requestHandler(request -> {
                    if (!io.handle(request)) {
                        request.response().setStatusCode(404).end();
                    }
                })
                .listen()
                .onSuccess(server -> System.out.println("idle footprint server on port " + server.actualPort()
                        + ", pid " + ProcessHandle.current().pid()));
    }
}
