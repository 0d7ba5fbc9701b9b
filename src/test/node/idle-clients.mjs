// Opens N idle WebSocket-only Socket.IO clients (each its own connection) and keeps them open, for
// measuring the server's memory per connection (see IdleFootprint).
// Usage: node idle-clients.mjs <base url> <count> [seconds to stay, default 600]
import { io } from "socket.io-client";

const [url, countArg, staySeconds = "600"] = process.argv.slice(2);
const count = Number(countArg);
const sockets = [];
let connected = 0;
for (let started = 0; started < count; started += 200) {
  const batch = [];
  for (let i = started; i < Math.min(count, started + 200); i++) {
    const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false });
    sockets.push(socket);
    batch.push(new Promise((resolve) => socket.once("connect", resolve).once("connect_error", resolve)));
  }
  await Promise.all(batch);
  connected = sockets.filter((socket) => socket.connected).length;
}
console.log(JSON.stringify({ event: "connected", count: connected }));
setTimeout(() => process.exit(0), Number(staySeconds) * 1000);
