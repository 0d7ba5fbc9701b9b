#!/usr/bin/env bash
# Switchboard Slack benchmark: N Socket Mode connections held against the mock Slack server.
#
# Measures, in one run:
#   - start-up time (launch -> first 200 from GET /health) and idle RSS / heap
#   - RSS and heap per connection with N connections open (every one `connected` in /health and
#     its WebSocket open at the mock: /_mock/stats openSockets)
#   - events per second and latency through the whole path
#       mock envelope -> gateway ack + agent webhook (bench/src/EchoAgent.java)
#       -> gateway chat.postMessage in the message's thread -> mock (which timestamps both ends)
#     push -> reply p50/p99 and push -> ack p50/p99, at a steady RATE, then the highest rate it
#     sustains in a short MAX_RATE run.
# Prints a markdown table and writes bench/results/slack-<timestamp>.json.
#
# Usage:  bench/slack.sh                          # builds with mvn, N=1000, 500 events/s for 20 s
#         SKIP_BUILD=1 N=200 DURATION=10 bench/slack.sh
#         SB_BUILD_DIR=/tmp/sb-bench bench/slack.sh    # build into a separate Maven output dir
#
# Environment (all optional):
#   N=1000                connections (and mock apps: app i has tokens xapp-1-A<i>-bench / xoxb-<i>-bench)
#   RATE=500 DURATION=20  steady run: events per second, seconds
#   WARMUP=5              seconds at RATE before the steady run (JIT warm-up; 0 = none)
#   MAX_RATE=2000 MAX_DURATION=10   the max-throughput run (MAX_RATE=0 skips it)
#   MOCK_PORT=18110 GATEWAY_PORT=18210 AGENT_PORT=18310
#   IDLE_SETTLE=5 SETTLE=10   seconds to sit still before the idle / connected memory readings
#   CREATE_PARALLEL=16    concurrent POST /connections
#   CONNECT_TIMEOUT=120 POLL_TIMEOUT=60 REPLY_TIMEOUT=60   seconds (POLL_TIMEOUT: until the mock
#                         has all N sockets open)
#   MIN_SOCKET_FRACTION=1 share of N open sockets that counts as all
#   SKIP_BUILD=1          use the existing jar and test classes
#   SB_BUILD_DIR          Maven output dir (default target/); GATEWAY_JAR, MOCK_CP override paths
#   SWITCHBOARD_JAVA_OPTS gateway JVM options (default: what ./switchboard uses)
#   GATEWAY_GC_LOG=1      write the gateway's GC log to the run's log dir (diagnosing p99)
#   MOCK_JAVA_OPTS, MOCK_EXTRA_ARGS, ECHO_JAVA_OPTS, GATEWAY_EXTRA_ENV ("VAR=value ...")
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
bench_platform slack

N=${N:-1000}
RATE=${RATE:-500}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
MAX_RATE=${MAX_RATE:-2000}
MAX_DURATION=${MAX_DURATION:-10}
# Not the Telegram benchmark's ports, so the two can run at the same time.
MOCK_PORT=${MOCK_PORT:-18110}
GATEWAY_PORT=${GATEWAY_PORT:-18210}
AGENT_PORT=${AGENT_PORT:-18310}

# Targets from the issue.
TARGET_HEAP_PER_CONN_KB=20
TARGET_ACK_P99_MS=100

main() {
  require_tools curl jq awk xargs
  bench_init slack
  pick_jdk
  resolve_build_paths
  maybe_build

  start_mock "$MOCK_PORT" "$N"
  start_echo_agent "$AGENT_PORT"

  # Start-up, idle memory, N connections, memory with N connections (shared with peers/slack-rss.sh).
  gateway_memory_phase "$N"

  # Throughput and latency through the whole path.
  if (( WARMUP > 0 )); then
    run_burst WARM $((RATE * WARMUP)) "$RATE"
  fi
  run_burst STEADY $((RATE * DURATION)) "$RATE"
  # the gateway's own share, from its /metrics: stored -> agent's answer stored, and reply queued -> sent
  DELIVERY_P99_MS=$(gateway_quantile_ms switchboard_delivery_latency_seconds 0.99)
  REPLY_P99_MS=$(gateway_quantile_ms switchboard_reply_latency_seconds 0.99)
  if (( MAX_RATE > 0 )); then
    run_burst MAX $((MAX_RATE * MAX_DURATION)) "$MAX_RATE"
  fi
  AFTER_LOAD_RSS_KB=$(rss_kb "$GATEWAY_PID")
  AFTER_LOAD_SOCKETS=$(mock_stat openSockets 2>/dev/null || echo "")
  AGENT_REQUESTS=$(json_get "$AGENT_URL/stats" '.requests' 2>/dev/null || echo "")
  # Socket churn during the run: every connection's reconnect count, summed.
  RECONNECTS=$(admin_json GET "$GATEWAY_URL/connections" 2>/dev/null | jq '[.[].reconnects // 0] | add // 0' 2>/dev/null || echo "")
  GATEWAY_HEALTH=$(curl -fsS --max-time 5 "$GATEWAY_URL/health" 2>/dev/null | jq -c . 2>/dev/null || true)
  [[ -n $GATEWAY_HEALTH ]] || GATEWAY_HEALTH='{}'

  report
}

report() {
  local per_heap=${PER_CONN_HEAP_KB:-} per_rss=${PER_CONN_RSS_KB:-}
  local v_heap v_ack
  v_heap=$(verdict "$per_heap" lt "$TARGET_HEAP_PER_CONN_KB")
  v_ack=$(verdict "${STEADY_ACK_P99_MS:-}" lt "$TARGET_ACK_P99_MS")
  [[ ${STEADY_COMPLETE:-false} == true ]] || v_ack="FAIL (incomplete)"

  local out=$BENCH_RESULTS_DIR/slack-$BENCH_TS.json
  jq -n \
    --arg ts "$BENCH_TS" --arg commit "$(git_describe)" --arg jdk "$JAVA_VERSION_STRING" \
    --arg javaOpts "$GATEWAY_JAVA_OPTS" --arg kernel "$(uname -r)" --argjson cpus "$(nproc)" \
    --argjson n "$N" --argjson rate "$RATE" --argjson duration "$DURATION" --argjson warmup "$WARMUP" \
    --argjson maxRate "$MAX_RATE" --argjson maxDuration "$MAX_DURATION" \
    --argjson idleSettle "${IDLE_SETTLE:-5}" --argjson settle "${SETTLE:-10}" \
    --argjson startup "$STARTUP_MS" --argjson createMs "$CREATE_MS" --argjson connectMs "$CONNECT_MS" \
    --argjson idleRss "$(json_num "$IDLE_RSS_KB")" --argjson idleHeap "$(json_num "$IDLE_HEAP_KB")" \
    --argjson idleRssGc "$(json_num "$IDLE_RSS_AFTER_GC_KB")" \
    --argjson connRss "$(json_num "$CONN_RSS_KB")" --argjson connHeap "$(json_num "$CONN_HEAP_KB")" \
    --argjson connRssGc "$(json_num "$CONN_RSS_AFTER_GC_KB")" --argjson sockets "$(json_num "$MOCK_HELD")" \
    --argjson pcRss "$(json_num "$per_rss")" --argjson pcHeap "$(json_num "$per_heap")" \
    --argjson pcRssGc "$(json_num "${PER_CONN_RSS_AFTER_GC_KB:-}")" \
    --argjson afterLoadRss "$(json_num "$AFTER_LOAD_RSS_KB")" --argjson afterLoadSockets "$(json_num "$AFTER_LOAD_SOCKETS")" \
    --argjson agentRequests "$(json_num "$AGENT_REQUESTS")" --argjson reconnects "$(json_num "$RECONNECTS")" \
    --argjson deliveryP99 "$(json_num "${DELIVERY_P99_MS:-}")" --argjson replyP99 "$(json_num "${REPLY_P99_MS:-}")" \
    --argjson warm "$( (( WARMUP > 0 )) && burst_json WARM "$RATE" || echo null)" \
    --argjson steady "$(burst_json STEADY "$RATE")" \
    --argjson max "$( (( MAX_RATE > 0 )) && burst_json MAX "$MAX_RATE" || echo null)" \
    --argjson health "$GATEWAY_HEALTH" \
    --arg vHeap "$v_heap" --arg vAck "$v_ack" \
    '{benchmark: "slack", timestamp: $ts, commit: $commit,
      environment: {jdk: $jdk, gatewayJavaOpts: $javaOpts, kernel: $kernel, cpus: $cpus},
      params: {connections: $n, ratePerSecond: $rate, durationSeconds: $duration, warmupSeconds: $warmup,
               maxRatePerSecond: $maxRate, maxDurationSeconds: $maxDuration,
               idleSettleSeconds: $idleSettle, settleSeconds: $settle},
      startupMs: $startup,
      idle: {rssKb: $idleRss, heapUsedAfterGcKb: $idleHeap, rssAfterGcKb: $idleRssGc},
      connected: {connections: $n, mockOpenSockets: $sockets, createMs: $createMs, allConnectedMs: $connectMs,
                  rssKb: $connRss, heapUsedAfterGcKb: $connHeap, rssAfterGcKb: $connRssGc},
      perConnection: {rssKb: $pcRss, heapKb: $pcHeap, rssAfterGcKb: $pcRssGc},
      warmup: $warm, steady: $steady, maxThroughput: $max,
      gatewayMetricsP99Ms: {eventStoredToAnswerStored: $deliveryP99, replyQueuedToSent: $replyP99},
      afterLoad: {rssKb: $afterLoadRss, mockOpenSockets: $afterLoadSockets, connectionReconnects: $reconnects,
                  agentWebhookRequests: $agentRequests, health: $health},
      targets: {heapPerConnectionUnder20KB: $vHeap, ackP99Under100msAtRate: $vAck,
                rssPerConnectionAtMostAThirdOfNode: "see bench/peers/slack-rss.sh"}}' >"$out"

  cat <<EOF

## Switchboard Slack benchmark ($BENCH_TS, $(git_describe))

N=$N Socket Mode connections, steady $RATE events/s for ${DURATION}s (after ${WARMUP}s warm-up); $(nproc) CPUs
JDK: $JAVA_VERSION_STRING; gateway JVM options: $GATEWAY_JAVA_OPTS

| metric | value | target | verdict |
|---|---|---|---|
| start-up (launch -> /health 200) | ${STARTUP_MS} ms | | |
| idle RSS | $(kb_to_mb "$IDLE_RSS_KB") MB | | |
| idle heap (after GC) | $(kb_to_mb "$IDLE_HEAP_KB") MB | | |
| RSS with $N connections ($MOCK_HELD sockets open at the mock) | $(kb_to_mb "$CONN_RSS_KB") MB | | |
| heap with $N connections (after GC) | $(kb_to_mb "$CONN_HEAP_KB") MB | | |
| heap per connection | ${per_heap:-?} KB | < ${TARGET_HEAP_PER_CONN_KB} KB | $v_heap |
| RSS per connection | ${per_rss:-?} KB | <= 1/3 of @slack/socket-mode (bench/peers/slack-rss.sh) | |
| create $N connections / all connected | ${CREATE_MS} ms / +${CONNECT_MS} ms | | |
| events/s at $RATE/s offered | ${STEADY_EPS:-?} (${STEADY_REPLIED:-?}/${STEADY_COUNT:-?} replies) | | |
| push -> reply p50 / p99 / max at $RATE/s | ${STEADY_P50_MS:-?} / ${STEADY_P99_MS:-?} / ${STEADY_MAX_MS:-?} ms | | |
| push -> ack p50 / p99 / max at $RATE/s | ${STEADY_ACK_P50_MS:-?} / ${STEADY_ACK_P99_MS:-?} / ${STEADY_ACK_MAX_MS:-?} ms | p99 < ${TARGET_ACK_P99_MS} ms | $v_ack |
| envelopes acked / still unacked at the end | ${STEADY_ACKED:-?} / ${STEADY_OUTSTANDING:-?} | | |
| inside the gateway, p99: event stored -> answer stored / reply queued -> sent | ${DELIVERY_P99_MS:-?} / ${REPLY_P99_MS:-?} ms | | |
EOF
  if (( MAX_RATE > 0 )); then
    cat <<EOF
| events/s at $MAX_RATE/s offered | ${MAX_EPS:-?} (${MAX_REPLIED:-?}/${MAX_COUNT:-?} replies) | | |
| push -> reply p50 / p99, push -> ack p99 at $MAX_RATE/s | ${MAX_P50_MS:-?} / ${MAX_P99_MS:-?} ms, ${MAX_ACK_P99_MS:-?} ms | | |
EOF
  fi
  cat <<EOF
| RSS after the load runs | $(kb_to_mb "$AFTER_LOAD_RSS_KB") MB | | |
| sockets open at the mock / reconnects after the load runs | ${AFTER_LOAD_SOCKETS:-?} / ${RECONNECTS:-?} | | |

JSON: $out
EOF
}

main "$@"
