// A user talks to an agent answered by the built-in agent (BuiltInAgentHubTest): on /chat it sees the
// agent typing, then the answer; on "/" (ElizaOS) it sees thinking, then the answer.
// Usage: node built-in.mjs <base url> <user token> <agent id>
import { io } from "socket.io-client";
import { once, print, watchdog } from "./harness.mjs";

const [url, userToken, agentId] = process.argv.slice(2);
watchdog(20000);

const chat = io(url + "/chat", { reconnection: false, auth: { token: userToken } });
await once(chat, "connect");
await chat.timeout(5000).emitWithAck("conversation:join", { agentId });
const typing = [];
chat.on("user:typing", (t) => typing.push(t));
const answer = once(chat, "message:new", (m) => m.role === "assistant");
await chat.timeout(5000).emitWithAck("message:send", { role: "user", content: "hello model" });
const chatAnswer = await answer;
while (!typing.some((t) => t.isTyping === false)) await new Promise((resolve) => setTimeout(resolve, 20));
print({ event: "chat", answer: chatAnswer, typing });
chat.close();

const eliza = io(url, { reconnection: false, auth: { token: userToken } });
await once(eliza, "connect");
await eliza.timeout(5000).emitWithAck("room_joining", { roomId: agentId });
const thinking = once(eliza, "thinking");
const elizaAnswer = once(eliza, "message", (m) => m.userId === agentId);
eliza.emit("send_message", { roomId: agentId, text: "hello eliza" });
print({ event: "eliza", thinking: await thinking, answer: await elizaAnswer });
eliza.close();
print({ event: "done" });
process.exit(0);
