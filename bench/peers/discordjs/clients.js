'use strict';
// The stack Switchboard replaces, as it is deployed: one discord.js 14 Client per Discord bot, each with
// its own gateway WebSocket (@discordjs/ws), its own REST manager (@discordjs/rest on undici) and its own
// caches, answering every user message with a reply (message.reply: POST /channels/{id}/messages with a
// message_reference), the same work as the gateway's path. Used by bench/peers/discord-rss.sh to
// measure RSS per client from the outside (/proc).
//
//   DISCORD_API=http://127.0.0.1:18120/api CLIENTS=1000 node clients.js
//
// Environment:
//   CLIENTS              number of clients (default 1000; 0 gives the baseline process: the library
//                        loaded, no client)
//   DISCORD_API          REST root without the version (the mock's http://127.0.0.1:<port>/api):
//                        @discordjs/rest builds <api>/v10/<route>; required when CLIENTS > 0. The
//                        gateway URL comes from GET /gateway/bot, as on Discord.
//   LAUNCH_CONCURRENCY   clients logging in at once (default 50): login = GET /gateway/bot, then the
//                        WebSocket, Hello, Identify; ready at the client's 'clientReady' event
//   READY_TIMEOUT_MS     give up if not all clients are ready by then (default 300000)
//   REPLY=0              receive only, do not post the echo reply
//   DEBUG_CLIENT=i       print client i's debug events (gateway traffic) to stderr
//
// Tokens are the mock's: bot i (1-based) has token "bench-discord-<i>" and user id
// 1100000000000000000 + i (dev.switchboard.mock.discord.MockDiscordMain --bots N).
//
// Each bot is in one guild, announced by the mock's GUILD_CREATE after READY; the burst (POST
// /_mock/burst) posts in that guild's one channel.
//
// Prints "DISCORD_JS_READY clients=N ms=T" once every client is ready. On SIGUSR2 prints
// "DISCORD_JS_MEMORY {...}" (process.memoryUsage() after a GC when run with --expose-gc, plus counters).
// SIGTERM / SIGINT destroy every client (close 1000) and exit.

const { Client, Events, GatewayIntentBits, Partials } = require('discord.js');

const CLIENTS = parseInt(process.env.CLIENTS ?? '1000', 10);
const API = process.env.DISCORD_API;
const LAUNCH_CONCURRENCY = Math.max(1, parseInt(process.env.LAUNCH_CONCURRENCY ?? '50', 10));
const READY_TIMEOUT_MS = parseInt(process.env.READY_TIMEOUT_MS ?? '300000', 10);
const REPLY = process.env.REPLY !== '0';
const DEBUG_CLIENT = parseInt(process.env.DEBUG_CLIENT ?? '0', 10);

if (!Number.isInteger(CLIENTS) || CLIENTS < 0) {
  console.error('CLIENTS must be a non-negative integer');
  process.exit(64);
}
if (CLIENTS > 0 && !API) {
  console.error('DISCORD_API is required');
  process.exit(64);
}
const apiRoot = API ? API.replace(/\/+$/, '').replace(/\/v\d+$/, '') : undefined;

const tokenOf = (i) => `bench-discord-${i}`;
const botUserIdOf = (i) => (1100000000000000000n + BigInt(i)).toString();

const clients = [];
const counters = { messages: 0, replies: 0, replyErrors: 0, reconnects: 0, errors: 0, invalidated: 0 };
let stopping = false;

/** Creates client i and logs it in; resolves once it is ready (READY and its guild's GUILD_CREATE received). */
function startClient(i) {
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      GatewayIntentBits.MessageContent,
    ],
    // DMs arrive in channels discord.js has not cached: a bot that answers DMs needs this partial.
    partials: [Partials.Channel],
    rest: { api: apiRoot, version: '10' },
  });

  client.on(Events.MessageCreate, async (message) => {
    if (message.author.bot) return; // the bot's own replies come back as MESSAGE_CREATE too
    counters.messages++;
    if (!REPLY) return;
    try {
      await message.reply(`echo: ${message.content}`);
      counters.replies++;
    } catch (err) {
      counters.replyErrors++;
      if (counters.replyErrors <= 20) console.error(`client ${i}: reply failed: ${err && err.message}`);
    }
  });
  client.on(Events.ShardReconnecting, () => { counters.reconnects++; });
  client.on(Events.ShardResume, () => { counters.reconnects++; });
  client.on(Events.Invalidated, () => { counters.invalidated++; });
  client.on(Events.Error, (err) => {
    counters.errors++;
    if (counters.errors <= 20) console.error(`client ${i}: ${err && err.message}`);
  });
  if (i === DEBUG_CLIENT) client.on(Events.Debug, (m) => console.error(`client ${i} debug: ${m}`));
  clients.push(client);

  return new Promise((resolve, reject) => {
    client.once(Events.ClientReady, (c) => {
      if (c.user.id !== botUserIdOf(i)) console.error(`client ${i}: unexpected bot user id ${c.user.id}`);
      resolve(c);
    });
    client.login(tokenOf(i)).catch(reject);
  });
}

async function startAll() {
  const t0 = Date.now();
  let next = 1;
  let ready = 0;
  // A small pool of starters, as the other peers do: logging 1000 clients in at the same instant only
  // measures the mock's accept queue.
  async function worker() {
    while (next <= CLIENTS) {
      const i = next++;
      await startClient(i);
      ready++;
      if (ready % 200 === 0 && ready < CLIENTS) console.log(`DISCORD_JS_PROGRESS ready=${ready}`);
    }
  }
  const timer = setTimeout(() => {
    console.error(`DISCORD_JS_TIMEOUT ready=${ready} of ${CLIENTS} after ${READY_TIMEOUT_MS} ms`);
    process.exit(1);
  }, READY_TIMEOUT_MS);
  await Promise.all(Array.from({ length: Math.min(LAUNCH_CONCURRENCY, CLIENTS) }, worker));
  clearTimeout(timer);
  console.log(`DISCORD_JS_READY clients=${CLIENTS} ms=${Date.now() - t0}`);
}

function memory() {
  if (typeof global.gc === 'function') global.gc();
  const m = process.memoryUsage();
  console.log(`DISCORD_JS_MEMORY ${JSON.stringify({ clients: CLIENTS, ...counters, ...m })}`);
}

function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log(`DISCORD_JS_STOP ${JSON.stringify(counters)}`);
  for (const c of clients) {
    c.destroy().catch(() => { /* not connected */ });
  }
  // Close handshakes settle asynchronously; do not wait for every socket.
  setTimeout(() => process.exit(0), 300).unref();
}

process.on('SIGUSR2', memory);
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

startAll().catch((err) => {
  console.error(`DISCORD_JS_FAILED ${err && (err.stack || err.message)}`);
  process.exit(1);
});

// With CLIENTS=0 nothing keeps the event loop alive: hold it open like a server would.
if (CLIENTS === 0) setInterval(() => {}, 1 << 30);
