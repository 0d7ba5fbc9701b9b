// One scripted conversation of the official socket.io-client with the server of SocketIoEndToEndTest.
// Usage: node conversation.mjs <base url> <polling|websocket|upgrade>
// Prints one JSON object per line; the Java test asserts on them. Exits 0 after {"event":"done"}.
import { io } from "socket.io-client";

const [url, mode] = process.argv.slice(2);
const transports = mode === "polling" ? ["polling"] : mode === "websocket" ? ["websocket"] : ["polling", "websocket"];
const print = (line) => console.log(JSON.stringify(line));
const hex = (buffer) => Buffer.from(buffer).toString("hex");
const once = (emitter, event) => new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
// every argument of the acknowledgement (emitWithAck would keep only the first)
const ack = (socket, event, ...args) =>
  new Promise((resolve, reject) =>
    socket.timeout(5000).emit(event, ...args, (error, ...answer) => (error ? reject(error) : resolve(answer))));

setTimeout(() => {
  print({ event: "timeout" });
  process.exit(2);
}, 20000).unref();

// a refused connection: the authorizer's message and data arrive as the connect_error
const refused = io(url, { transports, forceNew: true, reconnection: false, auth: { token: "bad" } });
const [error] = await once(refused, "connect_error");
print({ event: "connect_error", message: error.message, data: error.data ?? null });
refused.close();

// "/" and "/chat" share one Engine.IO connection (same Manager)
const main = io(url, { transports, reconnection: false, auth: { token: "good" } });
const chat = io(url + "/chat", { transports, reconnection: false, auth: { token: "good" } });
main.on("question", (question, callback) => callback("answer to " + question));
const welcome = once(main, "welcome");
await Promise.all([once(main, "connect"), once(chat, "connect")]);
print({ event: "connected", main: main.id, chat: chat.id, sameEngine: main.io === chat.io });
const [greeting, blob] = await welcome;
print({ event: "welcome", greeting, blob: hex(blob) });

const echoed = await ack(main, "echo", { a: 1, nested: { b: [true, null] } }, "two", 3);
print({ event: "echo", args: echoed });

const binary = await ack(main, "binary", Buffer.from([1, 2, 3]), { inner: Buffer.from([255, 0]), text: "x" });
print({ event: "binary", first: hex(binary[0]), inner: hex(binary[1].inner), text: binary[1].text });

// the server asks, we answer through the acknowledgement, the server reports what it got
const reported = once(main, "answer-received");
main.emit("ask-me", "life");
const [answer] = await reported;
print({ event: "answer-received", answer });

// rooms: a second client in the same room hears the shout, the shouter does not
const other = io(url, { transports, forceNew: true, reconnection: false, auth: { token: "good" } });
await once(other, "connect");
await ack(other, "join", "room-1");
await ack(main, "join", "room-1");
let shouterHeard = false;
main.on("shouted", () => (shouterHeard = true));
const heard = once(other, "shouted");
await ack(main, "shout", "room-1", "hello room");
const [shout] = await heard;
await ack(main, "echo", "sync");
print({ event: "shouted", text: shout, shouterHeard, other: other.id });

// an acknowledgement the server asks for and never gets: its emitWithAck times out
const timedOut = once(main, "ack-timeout");
main.emit("ask-nobody");
const [timeoutMessage] = await timedOut;
print({ event: "ack-timeout", message: timeoutMessage });

if (mode === "upgrade") {
  const engine = main.io.engine;
  if (engine.transport.name !== "websocket") {
    await once(engine, "upgrade");
  }
  print({ event: "transport", name: engine.transport.name });
}

// the server disconnects "/" only; "/chat" on the same connection keeps working
const kicked = once(main, "disconnect");
main.emit("kick");
const [reason] = await kicked;
const chatEcho = await ack(chat, "echo", "still here");
print({ event: "kicked", reason, chatConnected: chat.connected, chatEcho });

chat.disconnect();
other.io.engine.close();
await new Promise((resolve) => setTimeout(resolve, 200));
main.io.engine.close();
print({ event: "done" });
process.exit(0);
