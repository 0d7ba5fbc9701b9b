// Load with little client overhead: raw WebSockets that speak the protocol by hand and keep a window
// of "message-with-ack" events in flight, for comparing servers by CPU time per message.
// Usage: node raw-load.mjs <ws base url> [connections=20] [seconds=10] [in flight per connection=32]
import { WebSocket } from "ws";

const [url, connectionsArg = "20", secondsArg = "10", windowArg = "32"] = process.argv.slice(2);
const connections = Number(connectionsArg);
const inFlight = Number(windowArg);
const body = JSON.stringify({ role: "user", content: "hello there, this is a typical chat message", conversationId: "c-123" });
let acks = 0;
let running = true;
const sockets = [];
await Promise.all(Array.from({ length: connections }, () => new Promise((resolve) => {
  const ws = new WebSocket(url + "/socket.io/?EIO=4&transport=websocket");
  sockets.push(ws);
  let next = 0;
  const send = () => ws.send(`42${next++}["message-with-ack",${body}]`);
  ws.on("message", (data) => {
    const text = data.toString();
    if (text === "2") {
      ws.send("3");
    } else if (text.startsWith("0")) {
      ws.send("40");
    } else if (text.startsWith("40")) {
      resolve();
    } else if (text.startsWith("43")) {
      acks++;
      if (running) send();
    }
  });
  ws.start = () => { for (let i = 0; i < inFlight; i++) send(); };
})));
const started = process.hrtime.bigint();
sockets.forEach((ws) => ws.start());
await new Promise((resolve) => setTimeout(resolve, Number(secondsArg) * 1000));
running = false;
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ event: "raw-load", connections, inFlight, acksPerSecond: Math.round(acks / elapsed), acks }));
sockets.forEach((ws) => ws.close());
process.exit(0);
