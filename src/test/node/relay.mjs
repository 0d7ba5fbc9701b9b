// A user talks to an agent that is not connected (HubRelayTest): the message goes to the agent's
// webhook and its answer comes back into the conversation.
// Usage: node relay.mjs <base url> <user token> <agent id>
import { io } from "socket.io-client";
import { once, print, watchdog } from "./harness.mjs";

const [url, userToken, agentId] = process.argv.slice(2);
watchdog(20000);

const user = io(url + "/chat", { reconnection: false, auth: { token: userToken } });
await once(user, "connect");
const joined = await user.timeout(5000).emitWithAck("conversation:join", { agentId });
const answer = once(user, "message:new", (m) => m.role === "assistant");
const sent = await user.timeout(5000).emitWithAck("message:send", { role: "user", content: "hello sleepy" });
print({ event: "sent", joined, sent, answer: await answer });
user.close();
print({ event: "done" });
process.exit(0);
