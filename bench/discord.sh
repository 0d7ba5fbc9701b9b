#!/usr/bin/env bash
# shellcheck disable=SC2154,SC2153  # <label>_HB and friends are set through printf -v
# Switchboard Discord benchmark: N Discord gateway connections (one bot each) held against the mock
# Discord server.
#
# Measures, in one run:
#   - start-up time (launch -> first 200 from GET /health) and idle RSS / heap
#   - RSS and heap per connection with N connections open (every one `connected` in /health and its
#     gateway WebSocket open at the mock: /_mock/stats openSockets)
#   - events per second and latency through the whole path
#       mock MESSAGE_CREATE -> gateway -> agent webhook (bench/src/EchoAgent.java)
#       -> gateway POST /channels/{id}/messages with message_reference -> mock (which times both ends)
#     push -> reply p50/p99 at a steady RATE, then the highest rate it sustains in a short MAX_RATE run
#   - heartbeats on time under load: the mock's heartbeats, lateHeartbeats (a beat more than a quarter
#     interval late) and maxHeartbeatLatenessMs, counted over the load runs; the mock announces a short
#     interval (HEARTBEAT_MS) so every connection beats several times per run
# Prints a markdown table and writes bench/results/discord-<timestamp>.json.
#
# Usage:  bench/discord.sh                          # builds with mvn, N=1000, 500 events/s for 20 s
#         SKIP_BUILD=1 N=200 DURATION=10 bench/discord.sh
#         SB_BUILD_DIR=/tmp/sb-bench bench/discord.sh    # build into a separate Maven output dir
#
# Environment (all optional):
#   N=1000                connections (and mock bots: bot i has token bench-discord-<i>)
#   RATE=500 DURATION=20  steady run: events per second, seconds
#   WARMUP=5              seconds at RATE before the steady run (JIT warm-up; 0 = none)
#   MAX_RATE=2000 MAX_DURATION=10   the max-throughput run (MAX_RATE=0 skips it)
#   HEARTBEAT_MS=5000     heartbeat interval the mock announces in Hello (Discord: 41250). At least
#                         1000: the mock closes a socket (4008) after 120 payloads in 60 s
#   MOCK_PORT=18120 GATEWAY_PORT=18220 AGENT_PORT=18320
#   IDLE_SETTLE=5 SETTLE=10   seconds to sit still before the idle / connected memory readings
#   CREATE_PARALLEL=16    concurrent POST /connections
#   CONNECT_TIMEOUT=120 POLL_TIMEOUT=60 REPLY_TIMEOUT=60   seconds (POLL_TIMEOUT: until the mock
#                         has all N sockets open)
#   MIN_SOCKET_FRACTION=1 share of N open sockets that counts as all
#   SKIP_BUILD=1          use the existing jar and test classes
#   SB_BUILD_DIR          Maven output dir (default target/); GATEWAY_JAR, MOCK_CP override paths
#   SWITCHBOARD_JAVA_OPTS gateway JVM options (default: what ./switchboard uses)
#   GATEWAY_GC_LOG=1      write the gateway's GC log to the run's log dir (diagnosing p99, late beats)
#   MOCK_JAVA_OPTS, MOCK_EXTRA_ARGS, ECHO_JAVA_OPTS, GATEWAY_EXTRA_ENV ("VAR=value ...")
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
bench_platform discord

N=${N:-1000}
RATE=${RATE:-500}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
MAX_RATE=${MAX_RATE:-2000}
MAX_DURATION=${MAX_DURATION:-10}
HEARTBEAT_MS=${HEARTBEAT_MS:-5000}
# Neither the Telegram nor the Slack benchmark's ports, so they can run at the same time.
MOCK_PORT=${MOCK_PORT:-18120}
GATEWAY_PORT=${GATEWAY_PORT:-18220}
AGENT_PORT=${AGENT_PORT:-18320}
# The mock's per-bot REST limit (restGlobalPerSecond): a burst above it per bot measures 429s.
MOCK_REST_PER_BOT_PER_SECOND=50

# Targets from the issue.
TARGET_HEAP_PER_CONN_KB=20
TARGET_LATE_HEARTBEATS=0

# hb_snapshot LABEL: the mock's gateway counters now. Sets <LABEL>_HB (heartbeats), _LATE
# (lateHeartbeats), _MAXLATE (maxHeartbeatLatenessMs, a maximum over the mock's whole life),
# _IDENTIFIES, _RESUMES, _RATELIMITED (REST 429s), _SOCKETS (openSockets), _POSTED.
hb_snapshot() {
  local label=$1 stats
  stats=$(http_json GET "$MOCK_URL/_mock/stats") || die "mock stats unreachable"
  local key var
  for key in heartbeats:HB lateHeartbeats:LATE maxHeartbeatLatenessMs:MAXLATE identifies:IDENTIFIES \
             resumes:RESUMES rateLimited:RATELIMITED openSockets:SOCKETS posted:POSTED; do
    var=${key#*:}
    printf -v "${label}_${var}" '%s' "$(jq -r ".${key%%:*} // empty" <<<"$stats")"
  done
}

# load_run LABEL COUNT RATE: run_burst between two hb_snapshots. Sets what run_burst sets plus
# <LABEL>_BEATS, _LATE_BEATS (deltas over the run), _MAXLATE_END (the mock's lifetime maximum at the
# end of the run), _NEW_IDENTIFIES, _NEW_RESUMES, _NEW_429 and _SOCKETS_END.
load_run() {
  local label=$1
  hb_snapshot "${label}_B"
  run_burst "$@"
  hb_snapshot "${label}_E"
  local b=${label}_B_ e=${label}_E_ v
  _delta() { local x=${b}$1 y=${e}$1; echo $(( ${!y:-0} - ${!x:-0} )); }
  printf -v "${label}_BEATS" '%s' "$(_delta HB)"
  printf -v "${label}_LATE_BEATS" '%s' "$(_delta LATE)"
  printf -v "${label}_NEW_IDENTIFIES" '%s' "$(_delta IDENTIFIES)"
  printf -v "${label}_NEW_RESUMES" '%s' "$(_delta RESUMES)"
  printf -v "${label}_NEW_429" '%s' "$(_delta RATELIMITED)"
  v=${e}MAXLATE; printf -v "${label}_MAXLATE_END" '%s' "${!v}"
  v=${e}SOCKETS; printf -v "${label}_SOCKETS_END" '%s' "${!v}"
  local beats=${label}_BEATS late=${label}_LATE_BEATS mx=${label}_MAXLATE_END socks=${label}_SOCKETS_END
  log "$label: ${!late} of ${!beats} heartbeats late (the mock's max lateness so far: ${!mx:-?} ms); ${!socks:-?} sockets open"
}

# load_json LABEL RATE: burst_json plus the heartbeat and session counters of one load_run.
load_json() {
  local l=$1 beats=${1}_BEATS late=${1}_LATE_BEATS mx=${1}_MAXLATE_END ids=${1}_NEW_IDENTIFIES
  local res=${1}_NEW_RESUMES r429=${1}_NEW_429 socks=${1}_SOCKETS_END
  burst_json "$l" "$2" | jq -c --argjson beats "$(json_num "${!beats:-}")" --argjson late "$(json_num "${!late:-}")" \
    --argjson mx "$(json_num "${!mx:-}")" --argjson ids "$(json_num "${!ids:-}")" \
    --argjson res "$(json_num "${!res:-}")" --argjson r429 "$(json_num "${!r429:-}")" \
    --argjson socks "$(json_num "${!socks:-}")" \
    '. + {heartbeats: {beats: $beats, late: $late, mockMaxLatenessMsAtEnd: $mx},
          gateway: {newIdentifies: $ids, newResumes: $res, rest429: $r429, openSocketsAtEnd: $socks}}'
}

main() {
  require_tools curl jq awk xargs
  (( HEARTBEAT_MS >= 1000 )) || die "HEARTBEAT_MS must be at least 1000 (the mock allows 120 gateway payloads per 60 s)"
  if (( MAX_RATE > 0 && MAX_RATE > N * (MOCK_REST_PER_BOT_PER_SECOND - 5) )); then
    log "warning: MAX_RATE=$MAX_RATE over $N bots is more than $((MOCK_REST_PER_BOT_PER_SECOND - 5))/s per bot; the mock's REST limit (${MOCK_REST_PER_BOT_PER_SECOND}/s per bot) will answer 429s"
  fi
  bench_init discord
  pick_jdk
  resolve_build_paths
  maybe_build

  MOCK_EXTRA_ARGS="--heartbeat-ms $HEARTBEAT_MS ${MOCK_EXTRA_ARGS:-}"
  start_mock "$MOCK_PORT" "$N"
  start_echo_agent "$AGENT_PORT"

  # Start-up, idle memory, N connections, memory with N connections (shared with peers/discord-rss.sh).
  gateway_memory_phase "$N"

  # Throughput, latency and heartbeats through the whole path.
  hb_snapshot LOAD_B
  if (( WARMUP > 0 )); then
    load_run WARM $((RATE * WARMUP)) "$RATE"
  fi
  load_run STEADY $((RATE * DURATION)) "$RATE"
  # the gateway's own share, from its /metrics: stored -> agent's answer stored, and reply queued -> sent
  DELIVERY_P99_MS=$(gateway_quantile_ms switchboard_delivery_latency_seconds 0.99)
  REPLY_P99_MS=$(gateway_quantile_ms switchboard_reply_latency_seconds 0.99)
  if (( MAX_RATE > 0 )); then
    load_run MAX $((MAX_RATE * MAX_DURATION)) "$MAX_RATE"
  fi
  hb_snapshot LOAD_E
  LOAD_BEATS=$((LOAD_E_HB - LOAD_B_HB))
  LOAD_LATE=$((LOAD_E_LATE - LOAD_B_LATE))
  LOAD_IDENTIFIES=$((LOAD_E_IDENTIFIES - LOAD_B_IDENTIFIES))
  LOAD_RESUMES=$((LOAD_E_RESUMES - LOAD_B_RESUMES))
  LOAD_429=$((LOAD_E_RATELIMITED - LOAD_B_RATELIMITED))
  AFTER_LOAD_RSS_KB=$(rss_kb "$GATEWAY_PID")
  AFTER_LOAD_SOCKETS=$LOAD_E_SOCKETS
  AGENT_REQUESTS=$(json_get "$AGENT_URL/stats" '.requests' 2>/dev/null || echo "")
  # Socket churn during the run: every connection's reconnect count, summed.
  RECONNECTS=$(admin_json GET "$GATEWAY_URL/connections" 2>/dev/null | jq '[.[].reconnects // 0] | add // 0' 2>/dev/null || echo "")
  GATEWAY_HEALTH=$(curl -fsS --max-time 5 "$GATEWAY_URL/health" 2>/dev/null | jq -c . 2>/dev/null || true)
  [[ -n $GATEWAY_HEALTH ]] || GATEWAY_HEALTH='{}'
  # What the gateway complained about during the whole run (its log is in the run's log dir).
  GATEWAY_WARNINGS=$(grep -cE '\b(WARN|ERROR)\b' "$BENCH_LOG_DIR/gateway.log" || true)

  report
}

report() {
  local per_heap=${PER_CONN_HEAP_KB:-} per_rss=${PER_CONN_RSS_KB:-}
  local v_heap v_late late_share
  v_heap=$(verdict "$per_heap" lt "$TARGET_HEAP_PER_CONN_KB")
  v_late=$(verdict "$LOAD_LATE" le "$TARGET_LATE_HEARTBEATS")
  late_share=$(awk -v l="$LOAD_LATE" -v b="$LOAD_BEATS" 'BEGIN { if (b > 0) printf "%.2f\n", 100 * l / b }')
  # maxHeartbeatLatenessMs is the mock's maximum over its whole life, so say whether it grew during the load.
  local max_note="${LOAD_E_MAXLATE:-?} ms"
  if [[ -n ${LOAD_B_MAXLATE:-} && -n ${LOAD_E_MAXLATE:-} ]]; then
    if (( LOAD_E_MAXLATE > LOAD_B_MAXLATE )); then max_note="${LOAD_E_MAXLATE} ms (during the load runs)"
    else max_note="<= ${LOAD_E_MAXLATE} ms (no beat later than before the load: ${LOAD_B_MAXLATE} ms)"; fi
  fi

  local out=$BENCH_RESULTS_DIR/discord-$BENCH_TS.json
  jq -n \
    --arg ts "$BENCH_TS" --arg commit "$(git_describe)" --arg jdk "$JAVA_VERSION_STRING" \
    --arg javaOpts "$GATEWAY_JAVA_OPTS" --arg kernel "$(uname -r)" --argjson cpus "$(nproc)" \
    --argjson n "$N" --argjson rate "$RATE" --argjson duration "$DURATION" --argjson warmup "$WARMUP" \
    --argjson maxRate "$MAX_RATE" --argjson maxDuration "$MAX_DURATION" --argjson hbMs "$HEARTBEAT_MS" \
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
    --argjson warm "$( (( WARMUP > 0 )) && load_json WARM "$RATE" || echo null)" \
    --argjson steady "$(load_json STEADY "$RATE")" \
    --argjson max "$( (( MAX_RATE > 0 )) && load_json MAX "$MAX_RATE" || echo null)" \
    --argjson beats "$LOAD_BEATS" --argjson late "$LOAD_LATE" \
    --argjson maxLateBefore "$(json_num "${LOAD_B_MAXLATE:-}")" --argjson maxLateAfter "$(json_num "${LOAD_E_MAXLATE:-}")" \
    --argjson loadIds "$LOAD_IDENTIFIES" --argjson loadResumes "$LOAD_RESUMES" --argjson load429 "$LOAD_429" \
    --argjson totalIds "$(json_num "${LOAD_E_IDENTIFIES:-}")" --argjson totalResumes "$(json_num "${LOAD_E_RESUMES:-}")" \
    --argjson warnings "$(json_num "$GATEWAY_WARNINGS")" \
    --argjson health "$GATEWAY_HEALTH" \
    --arg vHeap "$v_heap" --arg vLate "$v_late" \
    '{benchmark: "discord", timestamp: $ts, commit: $commit,
      environment: {jdk: $jdk, gatewayJavaOpts: $javaOpts, kernel: $kernel, cpus: $cpus},
      params: {connections: $n, ratePerSecond: $rate, durationSeconds: $duration, warmupSeconds: $warmup,
               maxRatePerSecond: $maxRate, maxDurationSeconds: $maxDuration, heartbeatIntervalMs: $hbMs,
               idleSettleSeconds: $idleSettle, settleSeconds: $settle},
      startupMs: $startup,
      idle: {rssKb: $idleRss, heapUsedAfterGcKb: $idleHeap, rssAfterGcKb: $idleRssGc},
      connected: {connections: $n, mockOpenSockets: $sockets, createMs: $createMs, allConnectedMs: $connectMs,
                  rssKb: $connRss, heapUsedAfterGcKb: $connHeap, rssAfterGcKb: $connRssGc},
      perConnection: {rssKb: $pcRss, heapKb: $pcHeap, rssAfterGcKb: $pcRssGc},
      warmup: $warm, steady: $steady, maxThroughput: $max,
      heartbeatsDuringLoad: {beats: $beats, late: $late,
                             mockMaxLatenessMsBeforeLoad: $maxLateBefore, mockMaxLatenessMsAfterLoad: $maxLateAfter},
      gatewayMetricsP99Ms: {eventStoredToAnswerStored: $deliveryP99, replyQueuedToSent: $replyP99},
      afterLoad: {rssKb: $afterLoadRss, mockOpenSockets: $afterLoadSockets, connectionReconnects: $reconnects,
                  identifiesDuringLoad: $loadIds, resumesDuringLoad: $loadResumes, rest429DuringLoad: $load429,
                  mockIdentifiesTotal: $totalIds, mockResumesTotal: $totalResumes,
                  agentWebhookRequests: $agentRequests, gatewayLogWarnOrErrorLines: $warnings, health: $health},
      targets: {heapPerConnectionUnder20KB: $vHeap, noLateHeartbeatsUnderLoad: $vLate,
                rssPerConnectionAtMostAThirdOfNode: "see bench/peers/discord-rss.sh"}}' >"$out"

  cat <<EOF

## Switchboard Discord benchmark ($BENCH_TS, $(git_describe))

N=$N gateway connections (one bot each), steady $RATE events/s for ${DURATION}s (after ${WARMUP}s warm-up), heartbeat interval ${HEARTBEAT_MS} ms; $(nproc) CPUs
JDK: $JAVA_VERSION_STRING; gateway JVM options: $GATEWAY_JAVA_OPTS

| metric | value | target | verdict |
|---|---|---|---|
| start-up (launch -> /health 200) | ${STARTUP_MS} ms | | |
| idle RSS | $(kb_to_mb "$IDLE_RSS_KB") MB | | |
| idle heap (after GC) | $(kb_to_mb "$IDLE_HEAP_KB") MB | | |
| RSS with $N connections ($MOCK_HELD sockets open at the mock) | $(kb_to_mb "$CONN_RSS_KB") MB | | |
| heap with $N connections (after GC) | $(kb_to_mb "$CONN_HEAP_KB") MB | | |
| heap per connection | ${per_heap:-?} KB | < ${TARGET_HEAP_PER_CONN_KB} KB | $v_heap |
| RSS per connection | ${per_rss:-?} KB | <= 1/3 of discord.js (bench/peers/discord-rss.sh) | |
| create $N connections / all connected | ${CREATE_MS} ms / +${CONNECT_MS} ms | | |
| events/s at $RATE/s offered | ${STEADY_EPS:-?} (${STEADY_REPLIED:-?}/${STEADY_COUNT:-?} replies) | | |
| push -> reply p50 / p99 / max at $RATE/s | ${STEADY_P50_MS:-?} / ${STEADY_P99_MS:-?} / ${STEADY_MAX_MS:-?} ms | | |
| inside the gateway, p99: event stored -> answer stored / reply queued -> sent | ${DELIVERY_P99_MS:-?} / ${REPLY_P99_MS:-?} ms | | |
| heartbeats late / sent at $RATE/s | ${STEADY_LATE_BEATS:-?} / ${STEADY_BEATS:-?} | | |
EOF
  if (( MAX_RATE > 0 )); then
    cat <<EOF
| events/s at $MAX_RATE/s offered | ${MAX_EPS:-?} (${MAX_REPLIED:-?}/${MAX_COUNT:-?} replies) | | |
| push -> reply p50 / p99 / max at $MAX_RATE/s | ${MAX_P50_MS:-?} / ${MAX_P99_MS:-?} / ${MAX_MAX_MS:-?} ms | | |
| heartbeats late / sent at $MAX_RATE/s | ${MAX_LATE_BEATS:-?} / ${MAX_BEATS:-?} | | |
EOF
  fi
  cat <<EOF
| heartbeats late / sent, all load runs (late: > 1.25 intervals apart) | ${LOAD_LATE} / ${LOAD_BEATS} (${late_share:-?} %) | 0 late | $v_late |
| heartbeat lateness, max (mock, whole run) | ${max_note} | | |
| identifies / resumes / REST 429s during the load runs | ${LOAD_IDENTIFIES} / ${LOAD_RESUMES} / ${LOAD_429} | | |
| RSS after the load runs | $(kb_to_mb "$AFTER_LOAD_RSS_KB") MB | | |
| sockets open at the mock / reconnects after the load runs | ${AFTER_LOAD_SOCKETS:-?} / ${RECONNECTS:-?} | | |
| gateway log WARN/ERROR lines | ${GATEWAY_WARNINGS:-?} | | |

JSON: $out
EOF
}

main "$@"
