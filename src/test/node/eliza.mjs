// The ElizaOS socket messaging protocol on "/" (ElizaNamespaceTest): a user joins the room of an agent
// that is not connected, sends a message, sees it, the agent thinking, and the agent's answer.
// Usage: node eliza.mjs <base url> <user token> <agent id>
import { io } from "socket.io-client";
import { once, print, watchdog } from "./harness.mjs";

const [url, userToken, agentId] = process.argv.slice(2);
watchdog(20000);

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
