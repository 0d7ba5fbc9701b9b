'use strict';
// The stack Switchboard replaces, as it is deployed: one Telegraf 4 bot object per Telegram
// integration, each long-polling on its own, each answering text messages with an echo reply.
// Used by bench/peers/telegram-rss.sh to measure RSS per bot from the outside (/proc).
//
//   TELEGRAM_API_URL=http://127.0.0.1:18100 BOTS=1000 node bots.js
//
// Environment:
//   BOTS                 number of bots (default 1000; 0 gives the baseline process)
//   TELEGRAM_API_URL     Bot API root (the mock); required when BOTS > 0
//   LAUNCH_CONCURRENCY   bots being launched at once (default 50): launch = getMe, deleteWebhook,
//                        then the first getUpdates; all N then poll concurrently
//   READY_TIMEOUT_MS     give up if not all bots poll by then (default 300000)
//
// Prints "TELEGRAF_READY bots=N ms=T" once every bot has issued its first getUpdates (Telegraf
// 4.16's bot.launch() only resolves when polling stops, so launch completion cannot be awaited).
// On SIGUSR2 prints "TELEGRAF_MEMORY {...}" (process.memoryUsage(), after a GC when --expose-gc).
// SIGTERM / SIGINT stop all bots and exit.

const { Telegraf } = require('telegraf');
const { message } = require('telegraf/filters');

const BOTS = parseInt(process.env.BOTS ?? '1000', 10);
const API = process.env.TELEGRAM_API_URL;
const LAUNCH_CONCURRENCY = Math.max(1, parseInt(process.env.LAUNCH_CONCURRENCY ?? '50', 10));
const READY_TIMEOUT_MS = parseInt(process.env.READY_TIMEOUT_MS ?? '300000', 10);

if (!Number.isInteger(BOTS) || BOTS < 0) {
  console.error('BOTS must be a non-negative integer');
  process.exit(64);
}
if (BOTS > 0 && !API) {
  console.error('TELEGRAM_API_URL is required');
  process.exit(64);
}

/** Same tokens as the gateway benchmark: bot i (1-based) is "<1000000+i>:benchtoken<i>". */
const tokenOf = (i) => `${1000000 + i}:benchtoken${i}`;

const bots = [];
let replies = 0;
let errors = 0;
let stopping = false;

/**
 * Creates and launches bot i; resolves once its first getUpdates request has been issued.
 * Telegraf's polling loop calls telegram.callApi('getUpdates', ...), so wrapping callApi on this
 * bot's own Telegram instance tells us when polling has begun, without patching the library.
 */
function startBot(i) {
  const bot = new Telegraf(tokenOf(i), { telegram: { apiRoot: API } });
  bot.on(message('text'), (ctx) =>
    ctx.reply(`echo: ${ctx.message.text}`, {
      reply_parameters: { message_id: ctx.message.message_id },
    }).then(() => { replies++; }));
  bot.catch((err) => {
    errors++;
    if (errors <= 20) console.error(`bot ${i}: handler error: ${err && err.message}`);
  });
  bots.push(bot);

  return new Promise((resolve, reject) => {
    const telegram = bot.telegram;
    const callApi = telegram.callApi.bind(telegram);
    let polling = false;
    telegram.callApi = (method, payload, opts) => {
      if (!polling && method === 'getUpdates') {
        polling = true;
        telegram.callApi = callApi; // back to the original: no wrapper on the steady-state path
        resolve(bot);
      }
      return callApi(method, payload, opts);
    };
    // Resolves only when polling stops: a rejection before readiness is a launch failure.
    bot.launch().then(
      () => { if (!polling) reject(new Error(`bot ${i} stopped before polling`)); },
      (err) => {
        if (!polling) reject(new Error(`bot ${i}: ${err && err.message}`));
        else if (!stopping) { errors++; console.error(`bot ${i}: polling failed: ${err && err.message}`); }
      });
  });
}

async function launchAll() {
  const t0 = Date.now();
  let next = 1;
  let ready = 0;
  // A small pool of launchers: launching 1000 bots at once would open 1000 sockets for getMe at
  // the same instant, which is not how a real deployment starts and only measures the mock.
  async function worker() {
    while (next <= BOTS) {
      const i = next++;
      await startBot(i);
      ready++;
      if (ready % 200 === 0 && ready < BOTS) console.log(`TELEGRAF_PROGRESS ready=${ready}`);
    }
  }
  const timer = setTimeout(() => {
    console.error(`TELEGRAF_TIMEOUT ready=${ready} of ${BOTS} after ${READY_TIMEOUT_MS} ms`);
    process.exit(1);
  }, READY_TIMEOUT_MS);
  await Promise.all(Array.from({ length: Math.min(LAUNCH_CONCURRENCY, BOTS) }, worker));
  clearTimeout(timer);
  console.log(`TELEGRAF_READY bots=${BOTS} ms=${Date.now() - t0}`);
}

function memory() {
  if (typeof global.gc === 'function') global.gc();
  const m = process.memoryUsage();
  console.log(`TELEGRAF_MEMORY ${JSON.stringify({ bots: BOTS, replies, errors, ...m })}`);
}

function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  for (const bot of bots) {
    try { bot.stop(signal); } catch { /* not running */ }
  }
  console.log(`TELEGRAF_STOP replies=${replies} errors=${errors}`);
  // Aborted polls settle asynchronously; do not wait for the long-poll sockets to close.
  setTimeout(() => process.exit(0), 200).unref();
}

process.on('SIGUSR2', memory);
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));

launchAll().catch((err) => {
  console.error(`TELEGRAF_FAILED ${err && err.message}`);
  process.exit(1);
});

// With BOTS=0 nothing keeps the event loop alive: hold it open like a server would.
if (BOTS === 0) setInterval(() => {}, 1 << 30);
