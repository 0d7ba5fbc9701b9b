#!/usr/bin/env bash
# shellcheck disable=SC2154  # <label>_RSS_KB and friends are set through printf -v
# Side by side, in one run, against one mock Slack server: RSS per Slack connection of
#   (a) Switchboard with N Socket Mode connections, and
#   (b) the stack it replaces: Node.js + @slack/socket-mode 3, one SocketModeClient (plus a
#       @slack/web-api WebClient for the answers) per workspace (slack-socket-mode/clients.js).
# Target from the issue: the gateway spends at most a third of the RSS per connection that (b) does.
#
#   gateway: RSS(N connections) - RSS(idle gateway), divided by N
#   node:    RSS(`node clients.js` with N clients) - RSS(`node clients.js` with 0 clients), divided by N
# Both read from /proc/<pid>/status (VmRSS) after the same settle time, with all N WebSockets open
# at the mock (/_mock/stats openSockets). The runs are sequential (gateway first, then the two Node
# processes), so they never compete for the CPU or the mock.
#
# Usage:  bench/peers/slack-rss.sh                 # N=1000, builds with mvn first
#         SKIP_BUILD=1 N=200 bench/peers/slack-rss.sh
#         SKIP_GATEWAY=1 MOCK_CP=... bench/peers/slack-rss.sh   # only the Node side
#         SKIP_NODE=1 bench/peers/slack-rss.sh                   # only the gateway side
#
# Environment (all optional): N=1000, MOCK_PORT=18110, GATEWAY_PORT=18210, AGENT_PORT=18310 (no
# agent runs: no events flow here), SETTLE=15 (seconds of rest before each of the four readings;
# IDLE_SETTLE overrides it for the gateway-idle and Node-baseline readings), CREATE_PARALLEL=16,
# CONNECT_TIMEOUT=120, POLL_TIMEOUT=60 (until the mock has all N sockets open), NODE_READY_TIMEOUT=300,
# LAUNCH_CONCURRENCY=50 (clients starting at once), NODE_BIN=node, SKIP_BUILD, SKIP_GATEWAY,
# SKIP_NODE, SB_BUILD_DIR, GATEWAY_JAR, MOCK_CP, SWITCHBOARD_JAVA_OPTS, MOCK_JAVA_OPTS, MOCK_EXTRA_ARGS.
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
bench_platform slack

PEER_DIR=$BENCH_DIR/peers/slack-socket-mode
N=${N:-1000}
MOCK_PORT=${MOCK_PORT:-18110}
GATEWAY_PORT=${GATEWAY_PORT:-18210}
AGENT_PORT=${AGENT_PORT:-18310}
NODE_BIN=${NODE_BIN:-node}
NODE_READY_TIMEOUT=${NODE_READY_TIMEOUT:-300}
SKIP_GATEWAY=${SKIP_GATEWAY:-0}
SKIP_NODE=${SKIP_NODE:-0}
# One settle time for all four readings, as in telegram-rss.sh: Node's RSS drops by several MB some
# seconds after start-up (V8's memory reducer), so a shorter or unequal settle shows up as noise.
SETTLE=${SETTLE:-15}
IDLE_SETTLE=${IDLE_SETTLE:-$SETTLE}
TARGET_RATIO=0.333334   # 1/3, compared with the ratio to 6 decimals

# measure_node CLIENTS LABEL SETTLE_SECONDS: runs clients.js with CLIENTS clients until all are
# connected, settles, reads RSS, then its own heap figures, and stops it (lib.sh measure_node_peer).
# Sets <LABEL>_RSS_KB, <LABEL>_HEAP_USED_KB (V8 heap after a GC), <LABEL>_HELD, <LABEL>_READY_MS.
measure_node() {
  measure_node_peer socket-mode "$1" "$2" "$3" SOCKET_MODE \
    CLIENTS="$1" SLACK_API_URL="$MOCK_URL/api" LAUNCH_CONCURRENCY="${LAUNCH_CONCURRENCY:-50}" \
    READY_TIMEOUT_MS=$((NODE_READY_TIMEOUT * 1000)) -- \
    "$NODE_BIN" --expose-gc "$PEER_DIR/clients.js"
}

main() {
  require_tools curl jq awk xargs "$NODE_BIN"
  bench_init slack-rss
  pick_jdk
  resolve_build_paths
  ensure_npm_installed "$PEER_DIR" @slack/socket-mode
  maybe_build

  start_mock "$MOCK_PORT" "$N"

  # (a) the gateway: the same phase as bench/slack.sh (no agent needed: no events flow).
  if [[ $SKIP_GATEWAY != 1 ]]; then
    AGENT_URL=http://127.0.0.1:$AGENT_PORT
    gateway_memory_phase "$N"
    stop_gateway
    wait_mock_drained
  else
    log "SKIP_GATEWAY=1: measuring the Node side only"
  fi

  # (b) Node: a baseline process with the libraries loaded and no client, then one with N clients.
  base_RSS_KB="" clients_RSS_KB="" base_HEAP_USED_KB="" clients_HEAP_USED_KB="" clients_HELD="" clients_READY_MS=""
  clients_MEMORY_JSON='{}'
  NODE_PER_CLIENT_RSS_KB="" NODE_PER_CLIENT_HEAP_KB=""
  if [[ $SKIP_NODE != 1 ]]; then
    measure_node 0 base "$IDLE_SETTLE"
    measure_node "$N" clients "$SETTLE"
    NODE_PER_CLIENT_RSS_KB=$(div $((clients_RSS_KB - base_RSS_KB)) "$N" 2)
    if [[ -n $clients_HEAP_USED_KB && -n $base_HEAP_USED_KB ]]; then
      NODE_PER_CLIENT_HEAP_KB=$(div $((clients_HEAP_USED_KB - base_HEAP_USED_KB)) "$N" 2)
    fi
  else
    log "SKIP_NODE=1: measuring the gateway side only"
  fi

  RATIO="" RATIO_PRECISE=""
  if [[ $SKIP_GATEWAY != 1 && $SKIP_NODE != 1 ]]; then
    RATIO=$(div "$PER_CONN_RSS_KB" "$NODE_PER_CLIENT_RSS_KB" 3)
    RATIO_PRECISE=$(div "$PER_CONN_RSS_KB" "$NODE_PER_CLIENT_RSS_KB" 6)
  fi
  report
}

report() {
  local v_ratio
  v_ratio=$(verdict "$RATIO_PRECISE" le "$TARGET_RATIO")
  local out=$BENCH_RESULTS_DIR/slack-rss-$BENCH_TS.json
  local sm_version web_version undici_version node_version
  sm_version=$(npm_locked_version "$PEER_DIR" @slack/socket-mode)
  web_version=$(npm_locked_version "$PEER_DIR" @slack/web-api)
  undici_version=$(npm_locked_version "$PEER_DIR" undici)
  node_version=$("$NODE_BIN" --version)
  local gw=null
  if [[ $SKIP_GATEWAY != 1 ]]; then
    gw=$(gateway_memory_json mockOpenSockets)
  fi
  jq -n --arg ts "$BENCH_TS" --arg commit "$(git_describe)" --argjson n "$N" \
    --argjson idleSettle "$IDLE_SETTLE" --argjson settle "$SETTLE" --argjson cpus "$(nproc)" \
    --argjson gateway "$gw" \
    --arg node "$node_version" --arg sm "$sm_version" --arg web "$web_version" --arg undici "$undici_version" \
    --argjson baseRss "$(json_num "$base_RSS_KB")" --argjson clientsRss "$(json_num "$clients_RSS_KB")" \
    --argjson per "$(json_num "$NODE_PER_CLIENT_RSS_KB")" \
    --argjson baseHeap "$(json_num "$base_HEAP_USED_KB")" --argjson clientsHeap "$(json_num "$clients_HEAP_USED_KB")" \
    --argjson perHeap "$(json_num "$NODE_PER_CLIENT_HEAP_KB")" --argjson sockets "$(json_num "$clients_HELD")" \
    --argjson readyMs "$(json_num "$clients_READY_MS")" --argjson memory "$clients_MEMORY_JSON" \
    --argjson ratio "$(json_num "$RATIO")" --arg verdict "$v_ratio" \
    '{benchmark: "slack-rss", timestamp: $ts, commit: $commit,
      params: {connections: $n, idleSettleSeconds: $idleSettle, settleSeconds: $settle, cpus: $cpus},
      gateway: $gateway,
      socketMode: {node: $node, socketMode: $sm, webApi: $web, undici: $undici,
                   baselineRssKb: $baseRss, rssKb: $clientsRss, perClientRssKb: $per,
                   baselineHeapUsedKb: $baseHeap, heapUsedKb: $clientsHeap, perClientHeapUsedKb: $perHeap,
                   mockOpenSockets: $sockets, allConnectedMs: $readyMs, memoryUsage: $memory},
      ratioGatewayToSocketMode: $ratio, target: "ratio <= 1/3", verdict: $verdict}' >"$out"

  cat <<EOF

## Slack RSS per connection: Switchboard vs Node.js + @slack/socket-mode ($BENCH_TS, $(git_describe))

N=$N, one mock, settle ${IDLE_SETTLE}s (idle/baseline) and ${SETTLE}s (with N); node $node_version, @slack/socket-mode $sm_version (@slack/web-api $web_version)

| | baseline RSS | RSS with $N | per connection (RSS) | per connection (heap) |
|---|---|---|---|---|
EOF
  if [[ $SKIP_GATEWAY != 1 ]]; then
    echo "| Switchboard | $(kb_to_mb "$IDLE_RSS_KB") MB (idle) | $(kb_to_mb "$CONN_RSS_KB") MB | ${PER_CONN_RSS_KB} KB (${PER_CONN_RSS_AFTER_GC_KB:-?} KB between the readings taken after jcmd GC.run) | ${PER_CONN_HEAP_KB:-?} KB (Java heap after GC) |"
  fi
  if [[ $SKIP_NODE != 1 ]]; then
    echo "| Node + @slack/socket-mode (1 client each) | $(kb_to_mb "$base_RSS_KB") MB (0 clients) | $(kb_to_mb "$clients_RSS_KB") MB | ${NODE_PER_CLIENT_RSS_KB} KB | ${NODE_PER_CLIENT_HEAP_KB:-?} KB (V8 heap after GC) |"
  fi
  echo
  if [[ -n $RATIO ]]; then
    echo "Ratio gateway / socket-mode RSS per connection: ${RATIO:-?} (target <= 1/3): $v_ratio"
  fi
  echo "JSON: $out"
}

main "$@"
