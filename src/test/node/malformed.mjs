// A raw WebSocket that joins "/" properly and then sends a malformed packet, next to an official
// client that must not notice. Usage: node malformed.mjs <base url> <malformed packet>
// Prints JSON lines: the raw socket's close, then the bystander's echo after it.
import { io } from "socket.io-client";
import { WebSocket } from "ws";

const [url, packet] = process.argv.slice(2);
const print = (line) => console.log(JSON.stringify(line));

setTimeout(() => {
  print({ event: "timeout" });
  process.exit(2);
}, 15000).unref();

const bystander = io(url, { transports: ["websocket"], reconnection: false, auth: { token: "good" } });
await new Promise((resolve) => bystander.once("connect", resolve));

const raw = new WebSocket(url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket");
const received = [];
raw.on("message", (data) => {
  const text = data.toString();
  received.push(text);
  if (text.startsWith("0")) {
    raw.send('40{"token":"good"}');
  } else if (text.startsWith("40")) {
    raw.send(packet);
  }
});
const code = await new Promise((resolve) => raw.on("close", (closeCode) => resolve(closeCode)));
print({ event: "raw-closed", code, received });

const echoed = await new Promise((resolve, reject) =>
  bystander.timeout(5000).emit("echo", "after", (error, ...answer) => (error ? reject(error) : resolve(answer))));
print({ event: "bystander", connected: bystander.connected, echoed });
bystander.close();
process.exit(0);
