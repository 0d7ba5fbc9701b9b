#!/usr/bin/env bash
# Switchboard Agent WebSocket benchmark: N concurrent /ws sessions with the built-in LLM agent, the
# mock OpenAI-compatible model (dev.switchboard.mock.llm.MockModelMain) answering at once.
#
# Measures, in one run:
#   - memory per session: heap after a full GC and RSS with N sessions open, minus the idle gateway
#   - query -> response latency p50/p99/max with every session asking at the same moment, ROUNDS
#     times (the first round is warm-up and not counted), and answers per second
# Each query goes the whole way: stored, the conversation's history read, the model asked over HTTP
# with stream:true, the answer streamed to the session and stored, then sent whole.
# Prints a markdown table and writes bench/results/ws-<timestamp>.json.
#
# Usage:  bench/ws.sh                                # builds with mvn, N=1000, 5 rounds
#         SKIP_BUILD=1 N=200 ROUNDS=3 bench/ws.sh
#         MODEL_LATENCY_MS=500 bench/ws.sh           # a model that thinks for half a second
#
# Environment (all optional):
#   N=1000 ROUNDS=5 MODEL_LATENCY_MS=0
#   MODEL_PORT=18140 GATEWAY_PORT=18240
#   IDLE_SETTLE=5 SETTLE=10      seconds before the idle / open-sessions memory readings
#   SKIP_BUILD=1, SB_BUILD_DIR, GATEWAY_JAR, MOCK_CP, SWITCHBOARD_JAVA_OPTS, GATEWAY_GC_LOG=1
#   LOAD_JAVA_OPTS               JVM options of the load generator (bench/src/WsLoad.java)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

N=${N:-1000}
ROUNDS=${ROUNDS:-5}
MODEL_LATENCY_MS=${MODEL_LATENCY_MS:-0}
MODEL_PORT=${MODEL_PORT:-18140}
GATEWAY_PORT=${GATEWAY_PORT:-18240}
MODEL_KEY=bench-model-key

main() {
  require_tools curl jq awk
  bench_init ws
  pick_jdk
  resolve_build_paths
  maybe_build
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  (( $(ulimit -n) > N + 200 )) || die "N=$N sessions need more file descriptors than ulimit -n $(ulimit -n)"

  require_free_port "$MODEL_PORT" "mock model (MODEL_PORT)"
  bench_spawn model "$BENCH_LOG_DIR/model.log" "$JAVA" ${MOCK_JAVA_OPTS:-} -cp "$MOCK_CP" \
    dev.switchboard.mock.llm.MockModelMain --port "$MODEL_PORT" --key "$MODEL_KEY" --latency-ms "$MODEL_LATENCY_MS"
  wait_for_line "$BENCH_LOG_DIR/model.log" 'MOCK_MODEL_READY' 60 "$BENCH_SPAWNED_PID" >/dev/null

  # no platform connections here: the platform variable lib.sh sets points at the model and is never used
  MOCK_URL=http://127.0.0.1:$MODEL_PORT
  GATEWAY_EXTRA_ENV="LLM_BASE_URL=http://127.0.0.1:$MODEL_PORT/v1 LLM_API_KEY=$MODEL_KEY DEMO_AGENT=true \
WS_RATE_LIMIT=100000 ${GATEWAY_EXTRA_ENV:-}"
  start_gateway "$GATEWAY_PORT"
  log "idle settle ${IDLE_SETTLE:-5}s"
  sleep "${IDLE_SETTLE:-5}"
  measure_gateway_memory IDLE

  local token go result
  token=$(admin_json POST "$GATEWAY_URL/tokens" '{"userId":"bench","agents":["assistant"]}' | jq -r .accessToken)
  go=$BENCH_TMP/go
  bench_spawn load "$BENCH_LOG_DIR/load.log" "$JAVA" ${LOAD_JAVA_OPTS:-} "$BENCH_DIR/src/WsLoad.java" \
    --url "ws://127.0.0.1:$GATEWAY_PORT/ws?agent=assistant" --token "$token" --sessions "$N" --rounds "$ROUNDS" \
    --go-file "$go"
  local load_pid=$BENCH_SPAWNED_PID
  wait_for_line "$BENCH_LOG_DIR/load.log" 'WS_LOAD_OPEN' 180 "$load_pid" >/dev/null
  local open
  open=$(admin_json GET "$GATEWAY_URL/stats" | jq -r .hub.webSocketSessions)
  [[ $open == "$N" ]] || die "the gateway counts $open sessions, expected $N"
  log "$N sessions open; settle ${SETTLE:-10}s"
  sleep "${SETTLE:-10}"
  measure_gateway_memory OPEN
  local per_rss per_heap=""
  per_rss=$(div $((OPEN_RSS_KB - IDLE_RSS_KB)) "$N" 2)
  [[ -n $OPEN_HEAP_KB && -n $IDLE_HEAP_KB ]] && per_heap=$(div $((OPEN_HEAP_KB - IDLE_HEAP_KB)) "$N" 2)

  touch "$go"
  result=$(wait_for_line "$BENCH_LOG_DIR/load.log" 'WS_LOAD_RESULT' 600 "$load_pid" | sed 's/^WS_LOAD_RESULT //')
  local load_cpu
  load_cpu=$(awk '{ printf "%.1f", ($14 + $15) / 100 }' "/proc/$load_pid/stat" 2>/dev/null || echo "?")

  local p50 p99 max rate errors answers
  p50=$(jq -r .p50Ms <<<"$result"); p99=$(jq -r .p99Ms <<<"$result"); max=$(jq -r .maxMs <<<"$result")
  rate=$(jq -r .answersPerSecond <<<"$result"); errors=$(jq -r .errors <<<"$result"); answers=$(jq -r .answers <<<"$result")

  cat <<TABLE

## Switchboard /ws benchmark ($(git_describe), $JAVA_VERSION_STRING)

| measure | value |
|---|---|
| sessions | $N |
| gateway RSS idle / with sessions | $(kb_to_mb "$IDLE_RSS_KB") MB / $(kb_to_mb "$OPEN_RSS_KB") MB |
| heap after GC idle / with sessions | $(kb_to_mb "$IDLE_HEAP_KB") MB / $(kb_to_mb "$OPEN_HEAP_KB") MB |
| **memory per session** | **heap ${per_heap:-?} KB, RSS $per_rss KB** |
| rounds (all $N sessions ask at once; first is warm-up) | $ROUNDS, model latency ${MODEL_LATENCY_MS} ms |
| **query -> response p50 / p99 / max** | **$p50 / $p99 / $max ms** |
| answers per second | $rate ($answers answers, $errors errors) |
| load generator CPU time | ${load_cpu} s |
TABLE

  local out=$BENCH_RESULTS_DIR/ws-$BENCH_TS.json
  jq -n --argjson load "$result" --arg javaOpts "$GATEWAY_JAVA_OPTS" --arg jdk "$JAVA_VERSION_STRING" \
    --arg commit "$(git_describe)" --argjson n "$N" --argjson modelLatency "$MODEL_LATENCY_MS" \
    --argjson idleRss "$IDLE_RSS_KB" --argjson openRss "$OPEN_RSS_KB" \
    --argjson idleHeap "$(json_num "$IDLE_HEAP_KB")" --argjson openHeap "$(json_num "$OPEN_HEAP_KB")" \
    --argjson perHeap "$(json_num "$per_heap")" --argjson perRss "$(json_num "$per_rss")" \
    '{commit: $commit, jdk: $jdk, javaOpts: $javaOpts, sessions: $n, modelLatencyMs: $modelLatency,
      idleRssKb: $idleRss, rssKb: $openRss, idleHeapKb: $idleHeap, heapKb: $openHeap,
      perSessionHeapKb: $perHeap, perSessionRssKb: $perRss, load: $load}' >"$out"
  log "results: $out"
}

main "$@"
