#!/usr/bin/env bash
# shellcheck disable=SC2154  # <label>_RSS_KB and friends are set through printf -v
# Side by side, in one run, against one mock Bot API: RSS per Telegram connection of
#   (a) Switchboard with N long-polling Telegram connections, and
#   (b) the stack it replaces: Node.js + Telegraf 4, one bot object per integration (telegraf/bots.js).
# Target from the issue: the gateway spends at most half the RSS per connection that (b) does.
#
#   gateway:  RSS(N connections) - RSS(idle gateway), divided by N
#   telegraf: RSS(`node bots.js` with N bots) - RSS(`node bots.js` with 0 bots), divided by N
# Both read from /proc/<pid>/status (VmRSS) after the same settle time, with every long poll held
# by the mock. The runs are sequential (gateway first, then the two Node processes), so they never
# compete for the CPU or the mock.
#
# Usage:  bench/peers/telegram-rss.sh                 # N=1000, builds with mvn first
#         SKIP_BUILD=1 N=200 bench/peers/telegram-rss.sh
#         SKIP_GATEWAY=1 MOCK_CP=... bench/peers/telegram-rss.sh   # only the Node side
#         SKIP_NODE=1 bench/peers/telegram-rss.sh                   # only the gateway side
#
# Environment (all optional): N=1000, MOCK_PORT=18100, GATEWAY_PORT=18200, AGENT_PORT=18300 (no
# agent runs: no events flow here), SETTLE=15 (seconds of rest before each of the four readings;
# IDLE_SETTLE overrides it for the gateway-idle and Node-baseline readings), CREATE_PARALLEL=16, CONNECT_TIMEOUT=120,
# POLL_TIMEOUT=60, NODE_READY_TIMEOUT=300, LAUNCH_CONCURRENCY=50 (bots launching at once),
# NODE_BIN=node, SKIP_BUILD, SKIP_GATEWAY, SB_BUILD_DIR, GATEWAY_JAR, MOCK_CP, SWITCHBOARD_JAVA_OPTS,
# MOCK_JAVA_OPTS, MOCK_EXTRA_ARGS.
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
bench_platform telegram

PEER_DIR=$BENCH_DIR/peers/telegraf
N=${N:-1000}
MOCK_PORT=${MOCK_PORT:-18100}
GATEWAY_PORT=${GATEWAY_PORT:-18200}
AGENT_PORT=${AGENT_PORT:-18300}
NODE_BIN=${NODE_BIN:-node}
NODE_READY_TIMEOUT=${NODE_READY_TIMEOUT:-300}
SKIP_GATEWAY=${SKIP_GATEWAY:-0}
SKIP_NODE=${SKIP_NODE:-0}
# One settle time for all four readings. Node's RSS drops by 5-7 MB about 8 s after start-up (V8's
# memory reducer), so a shorter or unequal settle shows up as noise of several KB per bot.
SETTLE=${SETTLE:-15}
IDLE_SETTLE=${IDLE_SETTLE:-$SETTLE}
TARGET_RATIO=0.5

# measure_node BOTS LABEL SETTLE_SECONDS: runs bots.js with BOTS bots until all poll, settles,
# reads RSS, then its own heap figures, and stops it (lib.sh measure_node_peer). Sets
# <LABEL>_RSS_KB, <LABEL>_HEAP_USED_KB (V8 heap after a GC), <LABEL>_HELD, <LABEL>_READY_MS.
measure_node() {
  measure_node_peer telegraf "$1" "$2" "$3" TELEGRAF \
    BOTS="$1" TELEGRAM_API_URL="$MOCK_URL" LAUNCH_CONCURRENCY="${LAUNCH_CONCURRENCY:-50}" \
    READY_TIMEOUT_MS=$((NODE_READY_TIMEOUT * 1000)) -- \
    "$NODE_BIN" --expose-gc "$PEER_DIR/bots.js"
}

main() {
  require_tools curl jq awk xargs "$NODE_BIN"
  bench_init telegram-rss
  pick_jdk
  resolve_build_paths
  ensure_npm_installed "$PEER_DIR" telegraf
  maybe_build

  start_mock "$MOCK_PORT" "$N"

  # (a) the gateway: the same phase as bench/telegram.sh (no agent needed: no events flow).
  if [[ $SKIP_GATEWAY != 1 ]]; then
    AGENT_URL=http://127.0.0.1:$AGENT_PORT
    gateway_memory_phase "$N"
    stop_gateway
    wait_mock_drained
  else
    log "SKIP_GATEWAY=1: measuring the telegraf side only"
  fi

  # (b) telegraf: a baseline process with the library loaded and no bots, then one with N bots.
  base_RSS_KB="" bots_RSS_KB="" base_HEAP_USED_KB="" bots_HEAP_USED_KB="" bots_HELD="" bots_READY_MS=""
  NODE_PER_BOT_RSS_KB="" NODE_PER_BOT_HEAP_KB=""
  if [[ $SKIP_NODE != 1 ]]; then
    measure_node 0 base "$IDLE_SETTLE"
    measure_node "$N" bots "$SETTLE"
    NODE_PER_BOT_RSS_KB=$(div $((bots_RSS_KB - base_RSS_KB)) "$N" 2)
    if [[ -n $bots_HEAP_USED_KB && -n $base_HEAP_USED_KB ]]; then
      NODE_PER_BOT_HEAP_KB=$(div $((bots_HEAP_USED_KB - base_HEAP_USED_KB)) "$N" 2)
    fi
  else
    log "SKIP_NODE=1: measuring the gateway side only"
  fi

  RATIO=""
  if [[ $SKIP_GATEWAY != 1 && $SKIP_NODE != 1 ]]; then RATIO=$(div "$PER_CONN_RSS_KB" "$NODE_PER_BOT_RSS_KB" 3); fi
  report
}

report() {
  local v_ratio
  v_ratio=$(verdict "$RATIO" le "$TARGET_RATIO")
  local out=$BENCH_RESULTS_DIR/telegram-rss-$BENCH_TS.json
  local telegraf_version node_version
  telegraf_version=$(npm_locked_version "$PEER_DIR" telegraf)
  node_version=$("$NODE_BIN" --version)
  local gw=null
  if [[ $SKIP_GATEWAY != 1 ]]; then
    gw=$(gateway_memory_json mockActivePolls)
  fi
  jq -n --arg ts "$BENCH_TS" --arg commit "$(git_describe)" --argjson n "$N" \
    --argjson idleSettle "$IDLE_SETTLE" --argjson settle "$SETTLE" --argjson cpus "$(nproc)" \
    --argjson gateway "$gw" \
    --arg node "$node_version" --arg telegraf "$telegraf_version" \
    --argjson baseRss "$(json_num "$base_RSS_KB")" --argjson botsRss "$(json_num "$bots_RSS_KB")" \
    --argjson per "$(json_num "$NODE_PER_BOT_RSS_KB")" \
    --argjson baseHeap "$(json_num "$base_HEAP_USED_KB")" --argjson botsHeap "$(json_num "$bots_HEAP_USED_KB")" \
    --argjson perHeap "$(json_num "$NODE_PER_BOT_HEAP_KB")" --argjson polls "$(json_num "$bots_HELD")" \
    --argjson readyMs "$(json_num "$bots_READY_MS")" \
    --argjson ratio "$(json_num "$RATIO")" --arg verdict "$v_ratio" \
    '{benchmark: "telegram-rss", timestamp: $ts, commit: $commit,
      params: {connections: $n, idleSettleSeconds: $idleSettle, settleSeconds: $settle, cpus: $cpus},
      gateway: $gateway,
      telegraf: {node: $node, telegraf: $telegraf, baselineRssKb: $baseRss, rssKb: $botsRss,
                 perBotRssKb: $per, baselineHeapUsedKb: $baseHeap, heapUsedKb: $botsHeap,
                 perBotHeapUsedKb: $perHeap, mockActivePolls: $polls, allPollingMs: $readyMs},
      ratioGatewayToTelegraf: $ratio, target: "ratio <= 0.5", verdict: $verdict}' >"$out"

  cat <<EOF

## Telegram RSS per connection: Switchboard vs Node.js + Telegraf ($BENCH_TS, $(git_describe))

N=$N, one mock, settle ${IDLE_SETTLE}s (idle/baseline) and ${SETTLE}s (with N); node $node_version, telegraf $telegraf_version

| | baseline RSS | RSS with $N | per connection (RSS) | per connection (heap) |
|---|---|---|---|---|
EOF
  if [[ $SKIP_GATEWAY != 1 ]]; then
    echo "| Switchboard | $(kb_to_mb "$IDLE_RSS_KB") MB (idle) | $(kb_to_mb "$CONN_RSS_KB") MB | ${PER_CONN_RSS_KB} KB (${PER_CONN_RSS_AFTER_GC_KB:-?} KB between the readings taken after jcmd GC.run) | ${PER_CONN_HEAP_KB:-?} KB (Java heap after GC) |"
  fi
  if [[ $SKIP_NODE != 1 ]]; then
    echo "| Node + telegraf (1 bot each) | $(kb_to_mb "$base_RSS_KB") MB (0 bots) | $(kb_to_mb "$bots_RSS_KB") MB | ${NODE_PER_BOT_RSS_KB} KB | ${NODE_PER_BOT_HEAP_KB:-?} KB (V8 heap after GC) |"
  fi
  echo
  if [[ -n $RATIO ]]; then
    echo "Ratio gateway / telegraf RSS per connection: ${RATIO:-?} (target <= $TARGET_RATIO): $v_ratio"
  fi
  echo "JSON: $out"
}

main "$@"
