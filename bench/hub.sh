#!/usr/bin/env bash
# The hub benchmark: Switchboard's /chat and the reference Node.js socket.io 4.8 server with the same
# /chat events (bench/peers/socketio-chat/server.js), one after the other in one run, under the same
# load (bench/src/HubLoad.java: raw WebSocket Socket.IO clients, access tokens signed with a shared
# JWT secret).
#
# For each server:
#   - memory per idle connection: N users (10,000) connected to /chat, each in one of 100 agents'
#     conversations; Switchboard: heap after a full GC and RSS; Node: V8 heapUsed after gc() and RSS;
#     per connection = (with N - idle) / N
#   - 1:1 chat: PAIRS users each talking to its own agent, WINDOW messages in flight per user:
#     messages per second reaching the agent, and send -> agent p50/p99
#   - fan-out: GROUPS conversations of 100 members, one sender each, FAN_WINDOW in flight:
#     deliveries per second (every member's message:new) and send -> member p50/p99
#   - the server's CPU time over each measured window, so throughput per CPU-second can be compared
#     too: on 2 cores the load generator takes a share, and Node uses one core
# Switchboard stores every message in its database; the Node peer keeps them in memory.
# Prints a markdown table with the ratios and writes bench/results/hub-<timestamp>.json.
#
# Usage:  bench/hub.sh                         # builds with mvn first
#         SKIP_BUILD=1 N=2000 DURATION=5 bench/hub.sh
#
# Environment (all optional):
#   N=10000 PAIRS=50 WINDOW=8 FAN_GROUPS=10 FAN_WINDOW=4 WARMUP=15 DURATION=15
#   GATEWAY_PORT=18230 PEER_PORT=18430 IDLE_SETTLE=5 SETTLE=10
#   SKIP_BUILD=1, SB_BUILD_DIR, GATEWAY_JAR, SWITCHBOARD_JAVA_OPTS, LOAD_JAVA_OPTS, NODE_OPTIONS_PEER
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

N=${N:-10000}
PAIRS=${PAIRS:-50}
WINDOW=${WINDOW:-8}
FAN_GROUPS=${FAN_GROUPS:-10}
FAN_WINDOW=${FAN_WINDOW:-4}
WARMUP=${WARMUP:-15}
DURATION=${DURATION:-15}
GATEWAY_PORT=${GATEWAY_PORT:-18230}
PEER_PORT=${PEER_PORT:-18430}
JWT=bench-hub-jwt-secret-0123456789abcdef
PEER_DIR=$BENCH_DIR/peers/socketio-chat

# load SCENARIO URL SERVER_PID ARGS...: runs HubLoad and prints its result JSON. The generator reads
# the server's CPU time itself at the edges of the measured window, so nothing here polls meanwhile.
load() {
  local scenario=$1 url=$2 pid=$3; shift 3
  local log_file=$BENCH_LOG_DIR/load-$scenario-$SIDE.log
  bench_spawn "load-$scenario" "$log_file" "$JAVA" ${LOAD_JAVA_OPTS:-} "$BENCH_DIR/src/HubLoad.java" \
    --url "$url" --secret "$JWT" --server-pid "$pid" --clock-ticks "$(getconf CLK_TCK)" --scenario "$scenario" "$@"
  wait "$BENCH_SPAWNED_PID" || die "$scenario load failed (see $log_file)"
  sed -n 's/^HUB_LOAD_RESULT //p' "$log_file" | grep . || die "$scenario load gave no result (see $log_file)"
}

# idle_memory SIDE URL PID READ_MEMORY: N idle users; READ_MEMORY LABEL sets <LABEL>_RSS_KB and <LABEL>_HEAP_KB.
idle_memory() {
  local url=$1 pid=$2 reader=$3
  log "$SIDE: idle settle ${IDLE_SETTLE:-5}s"
  sleep "${IDLE_SETTLE:-5}"
  "$reader" IDLE
  local done_file=$BENCH_TMP/idle-done-$SIDE log_file=$BENCH_LOG_DIR/load-idle-$SIDE.log
  bench_spawn load-idle "$log_file" "$JAVA" ${LOAD_JAVA_OPTS:-} "$BENCH_DIR/src/HubLoad.java" \
    --url "$url" --secret "$JWT" --server-pid "$pid" --scenario idle --connections "$N" --done-file "$done_file"
  local load_pid=$BENCH_SPAWNED_PID
  wait_for_line "$log_file" 'HUB_LOAD_READY' 600 "$load_pid" >/dev/null || die "$SIDE: $N connections did not get ready"
  log "$SIDE: $N connections in; settle ${SETTLE:-10}s"
  sleep "${SETTLE:-10}"
  "$reader" HELD
  touch "$done_file"
  wait_for_line "$log_file" 'HUB_LOAD_RESULT' 60 "$load_pid" >/dev/null || true
  stop_pid "$load_pid" 5
  printf -v "${SIDE}_IDLE_HEAP_PER_CONN" '%s' "$(div $((HELD_HEAP_KB - IDLE_HEAP_KB)) "$N" 2)"
  printf -v "${SIDE}_IDLE_RSS_PER_CONN" '%s' "$(div $((HELD_RSS_KB - IDLE_RSS_KB)) "$N" 2)"
  printf -v "${SIDE}_HELD_HEAP_KB" '%s' "$HELD_HEAP_KB"
  log "$SIDE: per idle connection heap $(eval echo "\$${SIDE}_IDLE_HEAP_PER_CONN") KB, RSS $(eval echo "\$${SIDE}_IDLE_RSS_PER_CONN") KB"
}

gateway_reader() {
  measure_gateway_memory "$1"
}

node_reader() {
  local mem
  printf -v "${1}_RSS_KB" '%s' "$(rss_kb "$PEER_PID")"
  mem=$(curl -fsS --max-time 30 "http://127.0.0.1:$PEER_PORT/memory") || die "the Node peer's /memory failed"
  printf -v "${1}_HEAP_KB" '%s' "$(jq -r '.heapUsed / 1024 | floor' <<<"$mem")"
  log "node $1: RSS $(eval echo "\$${1}_RSS_KB") KB, V8 heap after gc $(eval echo "\$${1}_HEAP_KB") KB"
}

scenarios() {
  local url=$1 pid=$2
  printf -v "${SIDE}_PAIRS" '%s' "$(load pairs "$url" "$pid" --pairs "$PAIRS" --window "$WINDOW" --warmup "$WARMUP" --duration "$DURATION")"
  log "$SIDE 1:1: $(eval echo "\$${SIDE}_PAIRS")"
  printf -v "${SIDE}_FANOUT" '%s' "$(load fanout "$url" "$pid" --groups "$FAN_GROUPS" --members 100 --window "$FAN_WINDOW" --warmup "$WARMUP" --duration "$DURATION")"
  log "$SIDE fan-out: $(eval echo "\$${SIDE}_FANOUT")"
}

main() {
  require_tools curl jq awk node npm
  bench_init hub
  pick_jdk
  resolve_build_paths
  maybe_build
  ensure_npm_installed "$PEER_DIR" socket.io
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  (( $(ulimit -n) > N + 1000 )) || die "N=$N connections need more file descriptors than ulimit -n $(ulimit -n)"

  SIDE=sb
  MOCK_URL=http://127.0.0.1:1   # no platform here: the variable lib.sh passes points nowhere
  GATEWAY_EXTRA_ENV="JWT_SECRET=$JWT DEMO_AGENT=false ${GATEWAY_EXTRA_ENV:-}"
  start_gateway "$GATEWAY_PORT"
  idle_memory "$GATEWAY_URL" "$GATEWAY_PID" gateway_reader
  scenarios "$GATEWAY_URL" "$GATEWAY_PID"
  stop_gateway

  SIDE=node
  require_free_port "$PEER_PORT" "Node peer (PEER_PORT)"
  bench_spawn node-peer "$BENCH_LOG_DIR/node-peer.log" node --expose-gc ${NODE_OPTIONS_PEER:-} "$PEER_DIR/server.js" "$PEER_PORT" "$JWT"
  PEER_PID=$BENCH_SPAWNED_PID
  wait_for_line "$BENCH_LOG_DIR/node-peer.log" 'SOCKETIO_CHAT_READY' 30 "$PEER_PID" >/dev/null
  idle_memory "http://127.0.0.1:$PEER_PORT" "$PEER_PID" node_reader
  scenarios "http://127.0.0.1:$PEER_PORT" "$PEER_PID"
  stop_pid "$PEER_PID" 5

  report
}

report() {
  local socketio_version
  socketio_version=$(npm_locked_version "$PEER_DIR" socket.io)
  r() { jq -r "$1" <<<"$2"; }
  ratio() { div "$1" "$2" 2; }
  cat <<TABLE

## Hub benchmark ($(git_describe); $JAVA_VERSION_STRING; Node $(node --version), socket.io $socketio_version)

| measure | Switchboard | Node.js socket.io | ratio (SB / Node) |
|---|---|---|---|
| heap per idle connection (N=$N) | $sb_IDLE_HEAP_PER_CONN KB | $node_IDLE_HEAP_PER_CONN KB (V8) | $(ratio "$sb_IDLE_HEAP_PER_CONN" "$node_IDLE_HEAP_PER_CONN") |
| RSS per idle connection | $sb_IDLE_RSS_PER_CONN KB | $node_IDLE_RSS_PER_CONN KB | $(ratio "$sb_IDLE_RSS_PER_CONN" "$node_IDLE_RSS_PER_CONN") |
| heap with $N connections | $(kb_to_mb "$sb_HELD_HEAP_KB") MB | $(kb_to_mb "$node_HELD_HEAP_KB") MB | |
| 1:1 messages/s ($PAIRS pairs, $WINDOW in flight each) | $(r .sentPerSecond "$sb_PAIRS") | $(r .sentPerSecond "$node_PAIRS") | $(ratio "$(r .sentPerSecond "$sb_PAIRS")" "$(r .sentPerSecond "$node_PAIRS")") |
| 1:1 messages per server CPU-second | $(r .sentPerCpuSecond "$sb_PAIRS") | $(r .sentPerCpuSecond "$node_PAIRS") | $(ratio "$(r .sentPerCpuSecond "$sb_PAIRS")" "$(r .sentPerCpuSecond "$node_PAIRS")") |
| 1:1 send -> agent p50 / p99 | $(r .p50Ms "$sb_PAIRS") / $(r .p99Ms "$sb_PAIRS") ms | $(r .p50Ms "$node_PAIRS") / $(r .p99Ms "$node_PAIRS") ms | |
| fan-out deliveries/s ($FAN_GROUPS x 100 members) | $(r .deliveriesPerSecond "$sb_FANOUT") | $(r .deliveriesPerSecond "$node_FANOUT") | $(ratio "$(r .deliveriesPerSecond "$sb_FANOUT")" "$(r .deliveriesPerSecond "$node_FANOUT")") |
| fan-out deliveries per server CPU-second | $(r .deliveriesPerCpuSecond "$sb_FANOUT") | $(r .deliveriesPerCpuSecond "$node_FANOUT") | $(ratio "$(r .deliveriesPerCpuSecond "$sb_FANOUT")" "$(r .deliveriesPerCpuSecond "$node_FANOUT")") |
| fan-out send -> member p50 / p99 | $(r .p50Ms "$sb_FANOUT") / $(r .p99Ms "$sb_FANOUT") ms | $(r .p50Ms "$node_FANOUT") / $(r .p99Ms "$node_FANOUT") ms | |
| server CPU over the 1:1 / fan-out windows | $(r .cpuSeconds "$sb_PAIRS") / $(r .cpuSeconds "$sb_FANOUT") s | $(r .cpuSeconds "$node_PAIRS") / $(r .cpuSeconds "$node_FANOUT") s | |
TABLE
  local out=$BENCH_RESULTS_DIR/hub-$BENCH_TS.json
  jq -n --arg commit "$(git_describe)" --arg jdk "$JAVA_VERSION_STRING" --arg javaOpts "$GATEWAY_JAVA_OPTS" \
    --arg node "$(node --version)" --arg socketio "$socketio_version" --argjson n "$N" \
    --argjson sbHeap "$(json_num "$sb_IDLE_HEAP_PER_CONN")" --argjson sbRss "$(json_num "$sb_IDLE_RSS_PER_CONN")" \
    --argjson nodeHeap "$(json_num "$node_IDLE_HEAP_PER_CONN")" --argjson nodeRss "$(json_num "$node_IDLE_RSS_PER_CONN")" \
    --argjson sbHeld "$(json_num "$sb_HELD_HEAP_KB")" \
    --argjson sbPairs "$sb_PAIRS" --argjson nodePairs "$node_PAIRS" --argjson sbFan "$sb_FANOUT" --argjson nodeFan "$node_FANOUT" \
    '{commit: $commit, jdk: $jdk, javaOpts: $javaOpts, node: $node, socketio: $socketio, connections: $n,
      switchboard: {heapPerIdleConnectionKb: $sbHeap, rssPerIdleConnectionKb: $sbRss, heapWithAllKb: $sbHeld, pairs: $sbPairs, fanout: $sbFan},
      node: {heapPerIdleConnectionKb: $nodeHeap, rssPerIdleConnectionKb: $nodeRss, pairs: $nodePairs, fanout: $nodeFan}}' >"$out"
  log "results: $out"
}

main "$@"
