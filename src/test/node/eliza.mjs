// The ElizaOS socket messaging protocol on "/" (ElizaNamespaceTest): a user joins the room of an agent
// that is not connected, sends a message, sees it, the agent thinking, and the agent's answer.
// Usage: node eliza.mjs <base url> <user token> <agent id>
import { io } from "socket.io-client";

const [url, userToken, agentId] = process.argv.slice(2);
const print = (line) => console.log(JSON.stringify(line));
const once = (emitter, event, test = () => true) =>
  new Promise((resolve) => { const on = (m) => { if (test(m)) { emitter.off(event, on); resolve(m); } }; emitter.on(event, on); });

setTimeout(() => {
  print({ event: "timeout" });
  process.exit(2);
}, 20000).unref();

const user = io(url, { reconnection: false, auth: { token: userToken } });
await once(user, "connect");
const joined = await user.timeout(5000).emitWithAck("room_joining", { roomId: agentId });
const ack = once(user, "ack");
const own = once(user, "message", (m) => m.userId !== agentId);
const thinking = once(user, "thinking");
const answer = once(user, "message", (m) => m.userId === agentId);
user.emit("send_message", { roomId: agentId, text: "hi eliza", userId: "ignored" });
print({ event: "exchange", joined, ack: await ack, own: await own, thinking: await thinking, answer: await answer });
const refused = once(user, "ack");
user.emit("send_message", { text: "no room" });
print({ event: "refused", ack: await refused });
user.close();
print({ event: "done" });
process.exit(0);
