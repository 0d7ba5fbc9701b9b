// The AIWM chat protocol on /chat, played by the official socket.io-client against a running gateway
// (ChatNamespaceTest). Usage:
//   node chat.mjs <base url> <polling|websocket|upgrade> <agent token> <user token> <stranger token> <expired token>
// Prints one JSON object per line for the Java test; exits 0 after {"event":"done"}.
import { io } from "socket.io-client";

const [url, mode, agentToken, userToken, strangerToken, expiredToken] = process.argv.slice(2);
const transports = mode === "polling" ? ["polling"] : mode === "websocket" ? ["websocket"] : ["polling", "websocket"];
const print = (line) => console.log(JSON.stringify(line));
const once = (emitter, event) => new Promise((resolve) => emitter.once(event, (...args) => resolve(args[0])));
const ack = (socket, event, payload) => socket.timeout(5000).emitWithAck(event, payload);
const connect = (options) => io(url + "/chat", { transports, forceNew: true, reconnection: false, ...options });

setTimeout(() => {
  print({ event: "timeout" });
  process.exit(2);
}, 25000).unref();

for (const [label, options] of [
  ["none", {}],
  ["garbage", { auth: { token: "garbage" } }],
  ["expired", { query: { token: expiredToken } }],
]) {
  const refused = connect(options);
  const error = await once(refused, "connect_error");
  print({ event: "refused", label, message: error.message });
  refused.close();
}

// the agent: token in the Authorization header; it is told its conversation
const agent = connect({ extraHeaders: { Authorization: "Bearer " + agentToken } });
const presence = await once(agent, "presence:update");
print({ event: "agent-presence", presence });
const conversationId = presence.conversationId;

// the user: token in auth; joins the agent's conversation by agent id
const user = connect({ auth: { token: userToken } });
await once(user, "connect");
const joinedSeen = once(agent, "user:joined");
const joined = await ack(user, "conversation:join", { agentId: presence.agentId });
print({ event: "joined", joined, agentSaw: await joinedSeen });

const typingSeen = once(agent, "user:typing");
user.emit("message:typing", { conversationId, isTyping: true });
print({ event: "typing", agentSaw: await typingSeen });

const agentGets = once(agent, "message:new");
const userGetsOwn = once(user, "message:new");
const sentEvent = once(user, "message:sent");
const sent = await ack(user, "message:send", { role: "user", content: "hello agent" });
print({ event: "user-sent", ack: sent, sentEvent: await sentEvent, agentGot: await agentGets, userGot: await userGetsOwn });

const userGetsAnswer = once(user, "message:new");
const answered = await ack(agent, "message:send", {
  role: "assistant", content: "hello human", thinking: "greet back", usage: { tokens: 4 }, latency: 12 });
print({ event: "agent-sent", ack: answered, userGot: await userGetsAnswer });

const readSeen = once(agent, "message:read");
const read = await ack(user, "message:read", { conversationId, messageId: answered.messageId });
print({ event: "read", ack: read, agentSaw: await readSeen });

print({ event: "online", online: await ack(user, "conversation:online", { conversationId }) });

const errorEvent = once(user, "message:error");
const wrongRole = await ack(user, "message:send", { role: "assistant", content: "pretending" });
print({ event: "wrong-role", ack: wrongRole, errorEvent: await errorEvent });
print({ event: "no-content", ack: await ack(user, "message:send", { role: "user" }) });
print({ event: "not-an-object", ack: await ack(user, "message:send", "just text") });

const stranger = connect({ auth: { token: strangerToken } });
await once(stranger, "connect");
print({ event: "stranger-join", ack: await ack(stranger, "conversation:join", { conversationId }) });
print({ event: "stranger-send", ack: await ack(stranger, "message:send", { role: "user", content: "x", conversationId }) });
stranger.close();

// by now an upgrade has long finished, whatever raced it at the start
const transport = agent.io.engine.transport.name;
const offline = once(user, "presence:update");
agent.close();
print({ event: "agent-left", presence: await offline });
user.close();
print({ event: "done", transport });
process.exit(0);
