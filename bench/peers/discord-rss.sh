#!/usr/bin/env bash
# shellcheck disable=SC2154  # <label>_RSS_KB and friends are set through printf -v
# Side by side, in one run, against one mock Discord server: RSS per Discord bot connection of
#   (a) Switchboard with N Discord connections, and
#   (b) the stack it replaces: Node.js + discord.js 14, one Client per bot (its own gateway WebSocket,
#       REST manager and caches), answering every message with a reply (discordjs/clients.js).
# Target from the issue: the gateway spends at most a third of the RSS per connection that (b) does.
#
#   gateway: RSS(N connections) - RSS(idle gateway), divided by N
#   node:    RSS(`node clients.js` with N clients) - RSS(`node clients.js` with 0 clients), divided by N
# Both read from /proc/<pid>/status (VmRSS) after the same settle time, with all N gateway WebSockets
# open at the mock (/_mock/stats openSockets). The runs are sequential (gateway first, then the Node
# processes), so they never compete for the CPU or the mock.
#
# Then, unless NODE_CHECK_SECONDS=0, a third Node process with N clients gets a short burst
# (NODE_CHECK_RATE/s for NODE_CHECK_SECONDS) to show it does the gateway's work: every message answered
# with a reply (push -> reply timed by the mock, as in bench/discord.sh). Not part of the RSS figures.
#
# Usage:  bench/peers/discord-rss.sh                 # N=1000, builds with mvn first
#         SKIP_BUILD=1 N=200 bench/peers/discord-rss.sh
#         SKIP_GATEWAY=1 MOCK_CP=... bench/peers/discord-rss.sh   # only the Node side
#         SKIP_NODE=1 bench/peers/discord-rss.sh                   # only the gateway side
#
# Environment (all optional): N=1000, MOCK_PORT=18120, GATEWAY_PORT=18220, AGENT_PORT=18320 (no
# agent runs: no events reach the gateway here), SETTLE=15 (seconds of rest before each of the four
# readings; IDLE_SETTLE overrides it for the gateway-idle and Node-baseline readings),
# HEARTBEAT_MS=41250 (the interval the mock announces; Discord's), CREATE_PARALLEL=16,
# CONNECT_TIMEOUT=120, POLL_TIMEOUT=60 (until the mock has all N sockets open), NODE_READY_TIMEOUT=300,
# LAUNCH_CONCURRENCY=50 (clients logging in at once),
# NODE_CHECK_RATE=200 NODE_CHECK_SECONDS=5, NODE_BIN=node, SKIP_BUILD, SKIP_GATEWAY, SKIP_NODE,
# SB_BUILD_DIR, GATEWAY_JAR, MOCK_CP, SWITCHBOARD_JAVA_OPTS, MOCK_JAVA_OPTS, MOCK_EXTRA_ARGS.
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
bench_platform discord

PEER_DIR=$BENCH_DIR/peers/discordjs
N=${N:-1000}
MOCK_PORT=${MOCK_PORT:-18120}
GATEWAY_PORT=${GATEWAY_PORT:-18220}
AGENT_PORT=${AGENT_PORT:-18320}
HEARTBEAT_MS=${HEARTBEAT_MS:-41250}
NODE_BIN=${NODE_BIN:-node}
NODE_READY_TIMEOUT=${NODE_READY_TIMEOUT:-300}
NODE_CHECK_RATE=${NODE_CHECK_RATE:-200}
NODE_CHECK_SECONDS=${NODE_CHECK_SECONDS:-5}
SKIP_GATEWAY=${SKIP_GATEWAY:-0}
SKIP_NODE=${SKIP_NODE:-0}
# One settle time for all four readings, as in the other peers: Node's RSS drops by several MB some
# seconds after start-up (V8's memory reducer), so a shorter or unequal settle shows up as noise.
SETTLE=${SETTLE:-15}
IDLE_SETTLE=${IDLE_SETTLE:-$SETTLE}
TARGET_RATIO=0.333334   # 1/3, compared with the ratio to 6 decimals

node_env() {
  printf '%s\n' CLIENTS="$1" DISCORD_API="$MOCK_URL/api" LAUNCH_CONCURRENCY="${LAUNCH_CONCURRENCY:-50}" \
    READY_TIMEOUT_MS=$((NODE_READY_TIMEOUT * 1000))
}

# measure_node CLIENTS LABEL SETTLE_SECONDS: runs clients.js with CLIENTS clients until all are
# ready, settles, reads RSS, then its own heap figures, and stops it (lib.sh measure_node_peer).
# Sets <LABEL>_RSS_KB, <LABEL>_HEAP_USED_KB (V8 heap after a GC), <LABEL>_HELD, <LABEL>_READY_MS.
measure_node() {
  local envs
  mapfile -t envs < <(node_env "$1")
  measure_node_peer discordjs "$1" "$2" "$3" DISCORD_JS "${envs[@]}" -- \
    "$NODE_BIN" --expose-gc "$PEER_DIR/clients.js"
}

# node_check: N clients, a short burst through them (run_burst CHECK, watching the Node process),
# then their counters (DISCORD_JS_MEMORY line). Sets CHECK_* from run_burst and CHECK_COUNTERS_JSON.
node_check() {
  local envs log_file=$BENCH_LOG_DIR/discordjs-check.log pid
  mapfile -t envs < <(node_env "$N")
  bench_spawn_env discordjs-check "$log_file" "${envs[@]}" -- "$NODE_BIN" --expose-gc "$PEER_DIR/clients.js"
  pid=$BENCH_SPAWNED_PID
  wait_for_line "$log_file" '^DISCORD_JS_READY' "$NODE_READY_TIMEOUT" "$pid" >/dev/null \
    || die "discord.js peer ($N) did not get ready for the check run"
  wait_mock_held "$N" "${POLL_TIMEOUT:-60}" || die "the mock does not hold $N connections of the discord.js peer"
  BURST_WATCH_PID=$pid run_burst CHECK $((NODE_CHECK_RATE * NODE_CHECK_SECONDS)) "$NODE_CHECK_RATE"
  kill -USR2 "$pid"
  CHECK_COUNTERS_JSON=$(wait_for_line "$log_file" '^DISCORD_JS_MEMORY ' 10 "$pid" | sed 's/^DISCORD_JS_MEMORY //' \
    | jq -c '{messages, replies, replyErrors, reconnects, errors}' 2>/dev/null) || CHECK_COUNTERS_JSON='{}'
  [[ -n $CHECK_COUNTERS_JSON ]] || CHECK_COUNTERS_JSON='{}'
  log "discord.js check: $CHECK_COUNTERS_JSON"
  stop_pid "$pid" 10
}

main() {
  require_tools curl jq awk xargs "$NODE_BIN"
  bench_init discord-rss
  pick_jdk
  resolve_build_paths
  ensure_npm_installed "$PEER_DIR" discord.js
  maybe_build

  MOCK_EXTRA_ARGS="--heartbeat-ms $HEARTBEAT_MS ${MOCK_EXTRA_ARGS:-}"
  start_mock "$MOCK_PORT" "$N"

  # (a) the gateway: the same phase as bench/discord.sh (no agent needed: no events flow).
  if [[ $SKIP_GATEWAY != 1 ]]; then
    AGENT_URL=http://127.0.0.1:$AGENT_PORT
    gateway_memory_phase "$N"
    stop_gateway
    wait_mock_drained
  else
    log "SKIP_GATEWAY=1: measuring the Node side only"
  fi

  # (b) Node: a baseline process with the library loaded and no client, then one with N clients.
  base_RSS_KB="" clients_RSS_KB="" base_HEAP_USED_KB="" clients_HEAP_USED_KB="" clients_HELD="" clients_READY_MS=""
  clients_MEMORY_JSON='{}' CHECK_COUNTERS_JSON='{}'
  NODE_PER_CLIENT_RSS_KB="" NODE_PER_CLIENT_HEAP_KB=""
  if [[ $SKIP_NODE != 1 ]]; then
    measure_node 0 base "$IDLE_SETTLE"
    measure_node "$N" clients "$SETTLE"
    NODE_PER_CLIENT_RSS_KB=$(div $((clients_RSS_KB - base_RSS_KB)) "$N" 2)
    if [[ -n $clients_HEAP_USED_KB && -n $base_HEAP_USED_KB ]]; then
      NODE_PER_CLIENT_HEAP_KB=$(div $((clients_HEAP_USED_KB - base_HEAP_USED_KB)) "$N" 2)
    fi
    if (( NODE_CHECK_SECONDS > 0 && NODE_CHECK_RATE > 0 )); then
      wait_mock_drained
      node_check
    fi
  else
    log "SKIP_NODE=1: measuring the gateway side only"
  fi

  RATIO="" RATIO_PRECISE=""
  if [[ $SKIP_GATEWAY != 1 && $SKIP_NODE != 1 ]]; then
    RATIO=$(div "$PER_CONN_RSS_KB" "$NODE_PER_CLIENT_RSS_KB" 3)
    RATIO_PRECISE=$(div "$PER_CONN_RSS_KB" "$NODE_PER_CLIENT_RSS_KB" 6)
  fi
  MOCK_STATS_END=$(http_json GET "$MOCK_URL/_mock/stats" 2>/dev/null | jq -c . 2>/dev/null || true)
  [[ -n $MOCK_STATS_END ]] || MOCK_STATS_END='{}'
  report
}

report() {
  local v_ratio
  v_ratio=$(verdict "$RATIO_PRECISE" le "$TARGET_RATIO")
  local out=$BENCH_RESULTS_DIR/discord-rss-$BENCH_TS.json
  local djs_version ws_version rest_version undici_version node_version
  djs_version=$(npm_locked_version "$PEER_DIR" discord.js)
  ws_version=$(npm_locked_version "$PEER_DIR" @discordjs/ws)
  rest_version=$(npm_locked_version "$PEER_DIR" @discordjs/rest)
  undici_version=$(npm_locked_version "$PEER_DIR" undici)
  node_version=$("$NODE_BIN" --version)
  local gw=null check=null
  if [[ $SKIP_GATEWAY != 1 ]]; then
    gw=$(gateway_memory_json mockOpenSockets)
  fi
  if [[ $SKIP_NODE != 1 ]] && (( NODE_CHECK_SECONDS > 0 && NODE_CHECK_RATE > 0 )); then
    check=$(burst_json CHECK "$NODE_CHECK_RATE" | jq -c --argjson c "$CHECK_COUNTERS_JSON" '. + {clientCounters: $c}')
  fi
  jq -n --arg ts "$BENCH_TS" --arg commit "$(git_describe)" --argjson n "$N" \
    --argjson idleSettle "$IDLE_SETTLE" --argjson settle "$SETTLE" --argjson cpus "$(nproc)" \
    --argjson hbMs "$HEARTBEAT_MS" \
    --argjson gateway "$gw" \
    --arg node "$node_version" --arg djs "$djs_version" --arg ws "$ws_version" --arg rest "$rest_version" \
    --arg undici "$undici_version" \
    --argjson baseRss "$(json_num "$base_RSS_KB")" --argjson clientsRss "$(json_num "$clients_RSS_KB")" \
    --argjson per "$(json_num "$NODE_PER_CLIENT_RSS_KB")" \
    --argjson baseHeap "$(json_num "$base_HEAP_USED_KB")" --argjson clientsHeap "$(json_num "$clients_HEAP_USED_KB")" \
    --argjson perHeap "$(json_num "$NODE_PER_CLIENT_HEAP_KB")" --argjson sockets "$(json_num "$clients_HELD")" \
    --argjson readyMs "$(json_num "$clients_READY_MS")" --argjson memory "$clients_MEMORY_JSON" \
    --argjson check "$check" --argjson mockStats "$MOCK_STATS_END" \
    --argjson ratio "$(json_num "$RATIO")" --arg verdict "$v_ratio" \
    '{benchmark: "discord-rss", timestamp: $ts, commit: $commit,
      params: {connections: $n, idleSettleSeconds: $idleSettle, settleSeconds: $settle, cpus: $cpus,
               heartbeatIntervalMs: $hbMs},
      gateway: $gateway,
      discordjs: {node: $node, discordJs: $djs, discordjsWs: $ws, discordjsRest: $rest, undici: $undici,
                  baselineRssKb: $baseRss, rssKb: $clientsRss, perClientRssKb: $per,
                  baselineHeapUsedKb: $baseHeap, heapUsedKb: $clientsHeap, perClientHeapUsedKb: $perHeap,
                  mockOpenSockets: $sockets, allReadyMs: $readyMs, memoryUsage: $memory,
                  replyCheck: $check},
      mockStatsAtEnd: $mockStats,
      ratioGatewayToDiscordJs: $ratio, target: "ratio <= 1/3", verdict: $verdict}' >"$out"

  cat <<EOF

## Discord RSS per connection: Switchboard vs Node.js + discord.js ($BENCH_TS, $(git_describe))

N=$N, one mock, settle ${IDLE_SETTLE}s (idle/baseline) and ${SETTLE}s (with N), heartbeat interval ${HEARTBEAT_MS} ms; node $node_version, discord.js $djs_version (@discordjs/ws $ws_version, @discordjs/rest $rest_version)

| | baseline RSS | RSS with $N | per connection (RSS) | per connection (heap) |
|---|---|---|---|---|
EOF
  if [[ $SKIP_GATEWAY != 1 ]]; then
    echo "| Switchboard | $(kb_to_mb "$IDLE_RSS_KB") MB (idle) | $(kb_to_mb "$CONN_RSS_KB") MB | ${PER_CONN_RSS_KB} KB (${PER_CONN_RSS_AFTER_GC_KB:-?} KB between the readings taken after jcmd GC.run) | ${PER_CONN_HEAP_KB:-?} KB (Java heap after GC) |"
  fi
  if [[ $SKIP_NODE != 1 ]]; then
    echo "| Node + discord.js (1 Client each) | $(kb_to_mb "$base_RSS_KB") MB (0 clients) | $(kb_to_mb "$clients_RSS_KB") MB | ${NODE_PER_CLIENT_RSS_KB} KB | ${NODE_PER_CLIENT_HEAP_KB:-?} KB (V8 heap after GC) |"
  fi
  echo
  if [[ -n $RATIO ]]; then
    echo "Ratio gateway / discord.js RSS per connection: ${RATIO:-?} (target <= 1/3): $v_ratio"
  fi
  if [[ $check != null ]]; then
    echo "discord.js reply check: ${CHECK_REPLIED:-?}/${CHECK_COUNT:-?} replies at ${NODE_CHECK_RATE}/s, push -> reply p50 ${CHECK_P50_MS:-?} ms, p99 ${CHECK_P99_MS:-?} ms; client counters $CHECK_COUNTERS_JSON"
  fi
  echo "JSON: $out"
}

main "$@"
