// An agent connected to /chat gets a Telegram message as message:new in the chat's conversation and
// answers there (PlatformChatTest). The script has the mock Telegram push the message once the agent
// is connected, answers it, then leaves.
// Usage: node platform-chat.mjs <base url> <agent token> <mock control url> <bot token> <chat id>
import { io } from "socket.io-client";

const [url, agentToken, controlUrl, botToken, chatId] = process.argv.slice(2);
const print = (line) => console.log(JSON.stringify(line));
const once = (emitter, event, test = () => true) =>
  new Promise((resolve) => { const on = (m) => { if (test(m)) { emitter.off(event, on); resolve(m); } }; emitter.on(event, on); });

setTimeout(() => {
  print({ event: "timeout" });
  process.exit(2);
}, 20000).unref();

const agent = io(url + "/chat", { reconnection: false, auth: { token: agentToken } });
const main = await once(agent, "presence:update");
const platformMessage = once(agent, "message:new", (m) => m.role === "user");
const pushed = await (await fetch(controlUrl + "/messages", {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ token: botToken, chatId: Number(chatId), text: "hello agent" }),
})).json();
const message = await platformMessage;
const sent = await agent.timeout(5000).emitWithAck("message:send",
  { role: "assistant", content: "pong: " + message.content, conversationId: message.conversationId });
print({ event: "answered", main, pushed, message, sent });
agent.close();
print({ event: "done" });
process.exit(0);
