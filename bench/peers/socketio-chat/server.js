// The reference for bench/hub.sh: Node.js socket.io 4.8 serving the same AIWM /chat events as
// Switchboard (SPEC §4.1), the way a Node.js implementation of that service would: HS256 access
// tokens checked with node:crypto, an agent's main conversation, conversation:join with the access
// rule, message:send validated and kept in memory (Switchboard writes every message to its
// database: that difference is in the peer's favour), typing, read receipts and presence.
// Usage: node --expose-gc server.js <port> <jwt secret>
// GET /memory on the same port answers {rss, heapUsed} in bytes after a full collection.
import { createServer } from "node:http";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { Server } from "socket.io";

const [portArg = "18430", secret = "bench-jwt-secret"] = process.argv.slice(2);

const http = createServer((req, res) => {
  if (req.url === "/memory") {
    global.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ rss, heapUsed }));
  } else if (!req.url.startsWith("/socket.io/")) {
    res.writeHead(404).end();
  }
});
const io = new Server(http, { pingInterval: 25000, pingTimeout: 20000, maxHttpBufferSize: 1e6 });
const chat = io.of("/chat");

const conversations = new Map(); // id -> { agentId, messages: [] }
const base64url = (buffer) => buffer.toString("base64url");

function verify(token) {
  const parts = typeof token === "string" ? token.split(".") : [];
  if (parts.length !== 3) throw new Error("the access token is not valid");
  const expected = createHmac("sha256", secret).update(parts[0] + "." + parts[1]).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error("the access token is not valid");
  const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString());
  if (typeof claims.exp === "number" && claims.exp * 1000 < Date.now()) throw new Error("the access token has expired");
  if (!claims.sub) throw new Error("the access token names no subject (sub)");
  return { id: claims.sub, agent: claims.typ === "agent", agents: claims.agents ?? [] };
}

const mayReach = (who, agentId) => who.agent ? who.id === agentId : who.agents.includes("*") || who.agents.includes(agentId);
const mainOf = (agentId) => {
  const id = "conv-" + agentId;
  if (!conversations.has(id)) conversations.set(id, { agentId, messages: [] });
  return id;
};
const whoJson = (who) => who.agent ? { type: "agent", agentId: who.id } : { type: "user", userId: who.id };

chat.use((socket, next) => {
  const header = socket.handshake.headers.authorization;
  const token = socket.handshake.auth?.token ?? socket.handshake.query?.token
    ?? (header?.startsWith("Bearer ") ? header.slice(7) : undefined);
  if (!token) return next(new Error("an access token is required"));
  try {
    socket.data.who = verify(token);
    next();
  } catch (e) {
    next(new Error(e.message));
  }
});

chat.on("connection", (socket) => {
  const who = socket.data.who;
  socket.data.rooms = new Set();
  const enter = (conversationId) => {
    socket.join(conversationId);
    socket.data.rooms.add(conversationId);
    socket.data.current = conversationId;
  };
  const answer = (event, ack, result) => {
    if (event === "message:send" && result.success) socket.emit("message:sent", result);
    if (!result.success) socket.emit("message:error", result);
    if (typeof ack === "function") ack(result);
  };
  const fail = (error) => ({ success: false, error, timestamp: new Date().toISOString() });
  const target = (request) => {
    const id = request?.conversationId ?? socket.data.current;
    if (!id) return [null, "join a conversation first (conversation:join), or name conversationId"];
    if (!socket.data.rooms.has(id)) return [null, "not in conversation " + id + ": join it first"];
    return [id, null];
  };

  if (who.agent) {
    const main = mainOf(who.id);
    enter(main);
    chat.to(main).emit("presence:update", { ...whoJson(who), status: "online", conversationId: main });
  }

  socket.on("conversation:join", (request, ack) => {
    const agentId = request?.agentId ?? conversations.get(request?.conversationId)?.agentId;
    if (!agentId) return answer("conversation:join", ack, fail("conversation:join needs conversationId or agentId"));
    if (!mayReach(who, agentId)) return answer("conversation:join", ack, fail("this token may not talk to agent " + agentId));
    const id = request?.conversationId ?? mainOf(agentId);
    enter(id);
    const joined = { ...whoJson(who), conversationId: id };
    socket.to(id).emit("user:joined", joined);
    socket.to(id).emit("presence:update", { ...joined, status: "online" });
    answer("conversation:join", ack, { success: true, conversationId: id });
  });

  socket.on("message:send", (request, ack) => {
    const role = request?.role;
    if (!["user", "assistant", "system", "tool"].includes(role)) return answer("message:send", ack, fail("role must be user, assistant, system or tool"));
    if (who.agent === (role === "user")) return answer("message:send", ack, fail(who.agent ? "an agent sends assistant, tool or system messages" : "a user sends user messages"));
    if (typeof request.content !== "string" || request.content === "") return answer("message:send", ack, fail("content is required"));
    const [id, problem] = target(request);
    if (problem) return answer("message:send", ack, fail(problem));
    const now = new Date().toISOString();
    const message = {
      _id: "msg_" + base64url(randomBytes(9)), conversationId: id, role, content: request.content, participantId: who.id,
      type: request.type ?? "text", attachments: request.attachments ?? [], thinking: request.thinking ?? null,
      toolCalls: request.toolCalls ?? [], toolResults: request.toolResults ?? [], usage: request.usage ?? null,
      latency: request.latency ?? null, status: "sent", createdAt: now, updatedAt: now,
    };
    conversations.get(id).messages.push(message);
    chat.to(id).emit("message:new", message);
    answer("message:send", ack, { success: true, messageId: message._id, timestamp: now });
  });

  socket.on("message:typing", (request, ack) => {
    const [id, problem] = target(request);
    if (problem) return answer("message:typing", ack, fail(problem));
    socket.to(id).emit("user:typing", { ...whoJson(who), conversationId: id, isTyping: request?.isTyping === true });
    answer("message:typing", ack, { success: true });
  });

  socket.on("message:read", (request, ack) => {
    const [id, problem] = target(request);
    if (problem) return answer("message:read", ack, fail(problem));
    chat.to(id).emit("message:read", { ...whoJson(who), messageId: request.messageId, conversationId: id });
    answer("message:read", ack, { success: true });
  });

  socket.on("conversation:online", async (request, ack) => {
    const [id, problem] = target(request);
    if (problem) return answer("conversation:online", ack, fail(problem));
    const sockets = await chat.in(id).fetchSockets();
    const seen = new Map(sockets.map((s) => [s.data.who.id, whoJson(s.data.who)]));
    answer("conversation:online", ack, { conversationId: id, onlineUsers: [...seen.values()] });
  });

  socket.on("disconnect", () => {
    for (const id of socket.data.rooms) chat.to(id).emit("presence:update", { ...whoJson(who), conversationId: id, status: "offline" });
  });
});

http.listen(Number(portArg), "127.0.0.1", () => console.log("SOCKETIO_CHAT_READY port=" + portArg));
