// An agent connected to /chat gets a Telegram message as message:new in the chat's conversation and
// answers there (PlatformChatTest). The script has the mock Telegram push the message once the agent
// is connected, answers it, then leaves.
// Usage: node platform-chat.mjs <base url> <agent token> <mock control url> <bot token> <chat id>
import { io } from "socket.io-client";
import { once, print, watchdog } from "./harness.mjs";

const [url, agentToken, controlUrl, botToken, chatId] = process.argv.slice(2);
watchdog(20000);

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
