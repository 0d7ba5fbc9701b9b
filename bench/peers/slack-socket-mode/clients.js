'use strict';
// The stack Switchboard replaces, as it is deployed: one @slack/socket-mode 3 client per Slack
// workspace (app), each with its own WebSocket, acknowledging every envelope and answering each
// plain message with chat.postMessage in the message's thread, through a @slack/web-api WebClient
// holding that workspace's bot token. Used by bench/peers/slack-rss.sh to measure RSS per client
// from the outside (/proc).
//
//   SLACK_API_URL=http://127.0.0.1:19500/api CLIENTS=1000 node clients.js
//
// Environment:
//   CLIENTS              number of clients (default 1000; 0 gives the baseline process: the
//                        libraries loaded, no client)
//   SLACK_API_URL        Web API root (the mock's http://127.0.0.1:<port>/api); required when CLIENTS > 0
//   LAUNCH_CONCURRENCY   clients being started at once (default 50): start = apps.connections.open,
//                        then the WebSocket, ready at the server's `hello`
//   READY_TIMEOUT_MS     give up if not all clients are connected by then (default 300000)
//   REPLY=0              acknowledge only, do not post the echo answer
//   SLACK_LOG_LEVEL      the libraries' log level (default: theirs, info)
//
// Tokens are the mock's: app i (1-based) has app token "xapp-1-A<i>-bench" and bot token
// "xoxb-<i>-bench" (dev.switchboard.mock.slack.MockSlackMain --apps N).
//
// Prints "SOCKET_MODE_READY clients=N ms=T" once every client has received its `hello` (the
// 'connected' event, which is also when start() resolves). On SIGUSR2 prints
// "SOCKET_MODE_MEMORY {...}" (process.memoryUsage() after a GC when run with --expose-gc, plus
// counters). SIGTERM / SIGINT disconnect every client and exit.

const { SocketModeClient } = require('@slack/socket-mode');
const { WebClient } = require('@slack/web-api');

const CLIENTS = parseInt(process.env.CLIENTS ?? '1000', 10);
const API = process.env.SLACK_API_URL;
const LAUNCH_CONCURRENCY = Math.max(1, parseInt(process.env.LAUNCH_CONCURRENCY ?? '50', 10));
const READY_TIMEOUT_MS = parseInt(process.env.READY_TIMEOUT_MS ?? '300000', 10);
const REPLY = process.env.REPLY !== '0';
const LOG_LEVEL = process.env.SLACK_LOG_LEVEL || undefined;

if (!Number.isInteger(CLIENTS) || CLIENTS < 0) {
  console.error('CLIENTS must be a non-negative integer');
  process.exit(64);
}
if (CLIENTS > 0 && !API) {
  console.error('SLACK_API_URL is required');
  process.exit(64);
}
// WebClient appends the method name to slackApiUrl, which must end with a slash.
const apiUrl = API ? (API.endsWith('/') ? API : `${API}/`) : undefined;

const appTokenOf = (i) => `xapp-1-A${i}-bench`;
const botTokenOf = (i) => `xoxb-${i}-bench`;

const clients = [];
const counters = { envelopes: 0, acks: 0, ackErrors: 0, replies: 0, replyErrors: 0, reconnects: 0, errors: 0 };
let stopping = false;

/** A plain user message: what both stacks answer (no subtype, not a bot's own post). */
function isPlainMessage(type, body) {
  const ev = type === 'events_api' && body ? body.event : undefined;
  return ev && ev.type === 'message' && !ev.subtype && !ev.bot_id ? ev : undefined;
}

/** Creates client i and starts it; resolves once its socket has received `hello`. */
async function startClient(i) {
  const socket = new SocketModeClient({
    appToken: appTokenOf(i),
    logLevel: LOG_LEVEL,
    clientOptions: { slackApiUrl: apiUrl },
  });
  const web = new WebClient(botTokenOf(i), { slackApiUrl: apiUrl, logLevel: LOG_LEVEL });

  // 'slack_event' is emitted for every envelope (events_api, slash_commands, interactive), after
  // the type-specific event ('message' for a message event): acknowledging here acks each once.
  socket.on('slack_event', async ({ ack, type, body }) => {
    counters.envelopes++;
    try {
      await ack();
      counters.acks++;
    } catch (err) {
      counters.ackErrors++;
      if (counters.ackErrors <= 20) console.error(`client ${i}: ack failed: ${err && err.message}`);
      return;
    }
    const ev = REPLY ? isPlainMessage(type, body) : undefined;
    if (!ev) return;
    try {
      await web.chat.postMessage({ channel: ev.channel, thread_ts: ev.thread_ts || ev.ts, text: `echo: ${ev.text}` });
      counters.replies++;
    } catch (err) {
      counters.replyErrors++;
      if (counters.replyErrors <= 20) console.error(`client ${i}: chat.postMessage failed: ${err && err.message}`);
    }
  });
  socket.on('reconnecting', () => { counters.reconnects++; });
  socket.on('error', () => { counters.errors++; });
  clients.push(socket);
  await socket.start();
  return socket;
}

async function startAll() {
  const t0 = Date.now();
  let next = 1;
  let ready = 0;
  // A small pool of starters, as bench/peers/telegraf/bots.js does: starting 1000 clients in the
  // same instant only measures the mock's accept queue.
  async function worker() {
    while (next <= CLIENTS) {
      const i = next++;
      await startClient(i);
      ready++;
      if (ready % 200 === 0 && ready < CLIENTS) console.log(`SOCKET_MODE_PROGRESS ready=${ready}`);
    }
  }
  const timer = setTimeout(() => {
    console.error(`SOCKET_MODE_TIMEOUT ready=${ready} of ${CLIENTS} after ${READY_TIMEOUT_MS} ms`);
    process.exit(1);
  }, READY_TIMEOUT_MS);
  await Promise.all(Array.from({ length: Math.min(LAUNCH_CONCURRENCY, CLIENTS) }, worker));
  clearTimeout(timer);
  console.log(`SOCKET_MODE_READY clients=${CLIENTS} ms=${Date.now() - t0}`);
}

function memory() {
  if (typeof global.gc === 'function') global.gc();
  const m = process.memoryUsage();
  console.log(`SOCKET_MODE_MEMORY ${JSON.stringify({ clients: CLIENTS, ...counters, ...m })}`);
}

function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log(`SOCKET_MODE_STOP ${JSON.stringify(counters)}`);
  for (const c of clients) {
    c.disconnect().catch(() => { /* not connected */ });
  }
  // Close handshakes settle asynchronously; do not wait for every socket.
  setTimeout(() => process.exit(0), 300).unref();
}

process.on('SIGUSR2', memory);
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

startAll().catch((err) => {
  console.error(`SOCKET_MODE_FAILED ${err && err.message}`);
  process.exit(1);
});

// With CLIENTS=0 nothing keeps the event loop alive: hold it open like a server would.
if (CLIENTS === 0) setInterval(() => {}, 1 << 30);
