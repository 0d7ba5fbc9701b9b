# shellcheck shell=bash disable=SC2034,SC2317
# (SC2034: results are read by the sourcing script; SC2317: small predicates are called via wait_until)
# Shared helpers for the Switchboard benchmarks (bench/telegram.sh, bench/slack.sh, bench/discord.sh
# and their side-by-side peers in bench/peers/). Source it; it sets no traps by itself until
# bench_init is called. The platform under test is telegram unless the script calls
# `bench_platform slack` or `bench_platform discord`.
#
# Everything here talks to 127.0.0.1 only, and every wait is bounded by a timeout.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_DIR/.." && pwd)

# Admin token handed to the gateway under test (a throwaway DATA_DIR is used, so nothing persists).
BENCH_ADMIN_TOKEN=${BENCH_ADMIN_TOKEN:-bench-admin-token}
# Used when the repo has no ./switchboard launcher to copy the JVM options from.
BENCH_FALLBACK_JAVA_OPTS="-XX:+UseSerialGC -Xss256k -XX:MaxRAMPercentage=25"

# ---------------------------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------------------------

log()  { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { log "ERROR: $*"; exit 1; }

require_tools() {
  local t
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || die "required tool '$t' not found"; done
}

# Milliseconds since the epoch (GNU date).
now_ms() { date +%s%3N; }

# ---------------------------------------------------------------------------------------------
# Platform under test: which mock runs, what its counters are called, how the gateway finds it,
# and what a connection looks like. Call bench_platform once, right after sourcing this file.
# ---------------------------------------------------------------------------------------------

# bench_platform telegram|slack|discord: sets
#   MOCK_MAIN, MOCK_COUNT_FLAG, MOCK_READY_REGEX   the mock's main class, "how many" flag, ready line
#   MOCK_HELD_STAT, MOCK_HELD_FRACTION              the /_mock/stats counter of connections the mock
#                                                   holds (long polls / open sockets), and the share
#                                                   of N that counts as "all held"
#   MOCK_REPLIED_STAT                               the counter of replies the mock received
bench_platform() {
  BENCH_PLATFORM=$1
  case $1 in
    telegram)
      MOCK_MAIN=dev.switchboard.mock.telegram.MockTelegramMain MOCK_COUNT_FLAG=--bots
      MOCK_READY_REGEX='MOCK_TELEGRAM_READY port='
      MOCK_HELD_STAT=activePolls
      # a poll is briefly absent between one getUpdates answer and the next request
      MOCK_HELD_FRACTION=${MIN_POLL_FRACTION:-0.98}
      MOCK_REPLIED_STAT=sentMessages
      ;;
    slack)
      MOCK_MAIN=dev.switchboard.mock.slack.MockSlackMain MOCK_COUNT_FLAG=--apps
      MOCK_READY_REGEX='MOCK_SLACK_READY port='
      MOCK_HELD_STAT=openSockets
      # a Socket Mode connection is one WebSocket that stays open: all N must be there
      MOCK_HELD_FRACTION=${MIN_SOCKET_FRACTION:-1}
      MOCK_REPLIED_STAT=posted
      ;;
    discord)
      MOCK_MAIN=dev.switchboard.mock.discord.MockDiscordMain MOCK_COUNT_FLAG=--bots
      MOCK_READY_REGEX='MOCK_DISCORD_READY port='
      # one gateway WebSocket per bot that stays open: all N must be there
      MOCK_HELD_STAT=openSockets
      MOCK_HELD_FRACTION=${MIN_SOCKET_FRACTION:-1}
      MOCK_REPLIED_STAT=posted
      ;;
    *) die "unknown platform '$1' (telegram, slack or discord)" ;;
  esac
}

# The mock's credentials for bot/app I (1-based), as the mocks generate them.
bench_bot_token() { printf '%d:benchtoken%d' $((1000000 + $1)) "$1"; }   # Telegram: bot ids 1000001...
slack_app_token() { printf 'xapp-1-A%d-bench' "$1"; }
slack_bot_token() { printf 'xoxb-%d-bench' "$1"; }
discord_bot_token() { printf 'bench-discord-%d' "$1"; }   # MockDiscordMain --bots N

# connection_body I: the POST /connections body of connection I (tg-I, sl-I or dc-I).
connection_body() {
  case $BENCH_PLATFORM in
    telegram)
      printf '{"integrationId":"tg-%d","config":{"agentId":"bench-agent","platform":"telegram","telegramBotToken":"%s"}}\n' \
        "$1" "$(bench_bot_token "$1")" ;;
    slack)
      printf '{"integrationId":"sl-%d","config":{"agentId":"bench-agent","platform":"slack","slackAppToken":"%s","slackBotToken":"%s"}}\n' \
        "$1" "$(slack_app_token "$1")" "$(slack_bot_token "$1")" ;;
    discord)
      printf '{"integrationId":"dc-%d","config":{"agentId":"bench-agent","platform":"discord","discordBotToken":"%s"}}\n' \
        "$1" "$(discord_bot_token "$1")" ;;
  esac
}

# mock_api_env: the gateway's environment entry that points it at the mock (needs MOCK_URL).
mock_api_env() {
  case $BENCH_PLATFORM in
    telegram) printf 'TELEGRAM_API_URL=%s\n' "$MOCK_URL" ;;
    slack) printf 'SLACK_API_URL=%s/api\n' "$MOCK_URL" ;;
    # REST v10 lives under /api/v10; the gateway's WebSocket URL comes from GET /gateway/bot
    discord) printf 'DISCORD_API_URL=%s/api/v10\n' "$MOCK_URL" ;;
  esac
}

# mock_burst_body COUNT RATE: the body of POST /_mock/burst.
mock_burst_body() {
  case $BENCH_PLATFORM in
    telegram) jq -cn --argjson c "$1" --argjson r "$2" --argjson ch "${BURST_CHATS:-1}" '{count: $c, ratePerSecond: $r, chats: $ch}' ;;
    slack|discord) jq -cn --argjson c "$1" --argjson r "$2" '{count: $c, ratePerSecond: $r}' ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Process bookkeeping: everything started through bench_spawn is killed on exit.
# ---------------------------------------------------------------------------------------------

BENCH_PIDS=()          # pids we started, in start order
declare -A BENCH_PID_NAME=()
BENCH_TMP=""           # scratch dir (DATA_DIR, shim files), removed on exit
BENCH_LOG_DIR=""       # where process logs go; kept (bench/results is git-ignored)

# bench_init NAME: creates the scratch and log directories and installs the cleanup trap.
bench_init() {
  local name=$1
  BENCH_TS=$(date +%Y%m%d-%H%M%S)
  BENCH_RESULTS_DIR=${BENCH_RESULTS_DIR:-$BENCH_DIR/results}
  mkdir -p "$BENCH_RESULTS_DIR"
  BENCH_LOG_DIR="$BENCH_RESULTS_DIR/logs/$name-$BENCH_TS"
  mkdir -p "$BENCH_LOG_DIR"
  BENCH_TMP=$(mktemp -d "/tmp/switchboard-bench-$name.XXXXXX")
  trap bench_cleanup EXIT
  # Signals: run the EXIT trap (through exit) so children die with us. PIPE too: a run piped into
  # `head` would otherwise die silently on its next log line and leave its servers running.
  trap 'log "interrupted"; exit 130' INT TERM HUP
  trap 'exit 141' PIPE
  log "logs: $BENCH_LOG_DIR"
}

# bench_spawn NAME LOGFILE CMD...: starts CMD in the background (no wrapper shell, so the pid is
# the process itself and /proc/<pid>/status is its RSS), records the pid in BENCH_SPAWNED_PID.
# Must not be called in a $(...) subshell, or the pid would not be tracked.
bench_spawn() {
  local name=$1 logfile=$2; shift 2
  "$@" >"$logfile" 2>&1 </dev/null &
  BENCH_SPAWNED_PID=$!
  BENCH_PIDS+=("$BENCH_SPAWNED_PID")
  BENCH_PID_NAME[$BENCH_SPAWNED_PID]=$name
  log "started $name (pid $BENCH_SPAWNED_PID): $*"
}

# bench_spawn_env NAME LOGFILE VAR=VALUE... -- CMD...: as bench_spawn, with extra environment.
bench_spawn_env() {
  local name=$1 logfile=$2; shift 2
  local envs=()
  while [[ $# -gt 0 && $1 != "--" ]]; do envs+=("$1"); shift; done
  [[ ${1:-} == "--" ]] && shift
  bench_spawn "$name" "$logfile" env "${envs[@]}" "$@"
}

# stop_pid PID [GRACE_SECONDS]: TERM, wait up to GRACE seconds, then KILL. Only for our own pids.
stop_pid() {
  local pid=$1 grace=${2:-10} i
  [[ -n $pid ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "${BENCH_PID_NAME[$pid]:-pid $pid} did not stop in ${grace}s: KILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local rc=$? i pid
  set +e   # best effort from here: one failed write or kill must not stop the cleanup
  trap - EXIT INT TERM HUP
  trap "" PIPE   # the reader of our stderr may be gone: keep cleaning up regardless
  # Newest first: the gateway before the mock it polls, so it does not log a storm of errors.
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${BENCH_PIDS[$i]}
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping ${BENCH_PID_NAME[$pid]:-pid $pid} (pid $pid)"
      stop_pid "$pid" 5
    fi
  done
  if [[ -n $BENCH_TMP && -d $BENCH_TMP && ${KEEP_TMP:-0} != 1 ]]; then rm -rf "$BENCH_TMP"; fi
  if [[ $rc -ne 0 && -n $BENCH_LOG_DIR ]]; then
    log "failed (exit $rc); process logs are in $BENCH_LOG_DIR"
    local f
    for f in "$BENCH_LOG_DIR"/*.log; do
      [[ -f $f ]] || continue
      printf '\n----- last lines of %s -----\n' "$f" >&2
      tail -n 15 "$f" >&2
    done
  fi
  exit "$rc"
}

# ---------------------------------------------------------------------------------------------
# Waiting, always with a deadline
# ---------------------------------------------------------------------------------------------

# wait_for_http URL TIMEOUT_SECONDS [PID]: until URL answers 2xx. If PID dies meanwhile, fail fast.
wait_for_http() {
  local url=$1 timeout=$2 pid=${3:-}
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  while (( $(now_ms) < deadline )); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "process $pid (${BENCH_PID_NAME[$pid]:-?}) exited while waiting for $url"; return 1
    fi
    sleep 0.05
  done
  log "timed out after ${timeout}s waiting for $url"
  return 1
}

# wait_for_line FILE REGEX TIMEOUT_SECONDS [PID]: until a line matching REGEX appears in FILE;
# prints the first such line. If PID dies meanwhile, fail fast.
wait_for_line() {
  local file=$1 regex=$2 timeout=$3 pid=${4:-} line
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  while (( $(now_ms) < deadline )); do
    if [[ -f $file ]] && line=$(grep -m1 -E -- "$regex" "$file"); then
      printf '%s\n' "$line"; return 0
    fi
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "process $pid (${BENCH_PID_NAME[$pid]:-?}) exited before printing /$regex/"; return 1
    fi
    sleep 0.05
  done
  log "timed out after ${timeout}s waiting for /$regex/ in $file"
  return 1
}

# wait_until TIMEOUT_SECONDS INTERVAL_SECONDS DESCRIPTION CMD...: until CMD succeeds.
wait_until() {
  local timeout=$1 interval=$2 what=$3; shift 3
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  while (( $(now_ms) < deadline )); do
    if "$@"; then return 0; fi
    sleep "$interval"
  done
  log "timed out after ${timeout}s waiting for: $what"
  return 1
}

# ---------------------------------------------------------------------------------------------
# HTTP + JSON (curl and jq; every call has a time limit)
# ---------------------------------------------------------------------------------------------

# http_json METHOD URL [BODY]: prints the response body; fails on a non-2xx status.
http_json() {
  local method=$1 url=$2 body=${3:-}
  local args=(-sS --fail-with-body --max-time "${HTTP_TIMEOUT:-10}" -X "$method" -H 'Accept: application/json')
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  curl "${args[@]}" "$url"
}

# admin_json METHOD URL [BODY]: as http_json with the gateway's admin token.
admin_json() {
  local method=$1 url=$2 body=${3:-}
  local args=(-sS --fail-with-body --max-time "${HTTP_TIMEOUT:-10}" -X "$method"
    -H 'Accept: application/json' -H "Authorization: Bearer $BENCH_ADMIN_TOKEN")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  curl "${args[@]}" "$url"
}

# json_get URL JQ_FILTER: GET URL and apply a jq filter (prints nothing and fails if unreachable).
json_get() {
  local body
  body=$(curl -fsS --max-time "${HTTP_TIMEOUT:-10}" "$1") || return 1
  jq -r "$2" <<<"$body"
}

# ---------------------------------------------------------------------------------------------
# JDK selection and JVM options
# ---------------------------------------------------------------------------------------------

# java_major JAVA_BIN: the feature version (17, 21, 25, ...) or nothing.
java_major() {
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n1
}

# pick_jdk: sets and exports JAVA_HOME to a JDK >= 21 (JAVA_HOME if it is one, else the newest
# under /usr/lib/jvm), puts it first on PATH, and sets JAVA, JCMD, JSTAT.
# The machine's default java is 17, which cannot run the gateway.
pick_jdk() {
  local best="" best_major=0 dir major
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [[ -n $major && $major -ge 21 ]]; then best=$JAVA_HOME; best_major=$major; fi
  fi
  if [[ -z $best ]]; then
    for dir in /usr/lib/jvm/*/; do
      dir=${dir%/}
      [[ -x $dir/bin/java && -x $dir/bin/jcmd ]] || continue
      major=$(java_major "$dir/bin/java")
      if [[ -n $major && $major -ge 21 && $major -gt $best_major ]]; then best=$dir; best_major=$major; fi
    done
  fi
  [[ -n $best ]] || die "no JDK >= 21 found (set JAVA_HOME)"
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
  JAVA=$JAVA_HOME/bin/java
  JCMD=$JAVA_HOME/bin/jcmd
  JSTAT=$JAVA_HOME/bin/jstat
  JAVA_MAJOR=$best_major
  JAVA_VERSION_STRING=$("$JAVA" -version 2>&1 | head -n1)
  log "JDK: $JAVA_HOME ($JAVA_VERSION_STRING)"
}

# launcher_java_opts: prints the JVM options the ./switchboard launcher would use by default.
# The launcher computes them (e.g. it adds flags on newer JDKs), so rather than copying its text
# we run it with a stand-in `java` that prints its arguments, and a stand-in `mvn` so it can
# never start a build. Falls back to the first JAVA_OPTS_DEFAULT= line, then to a fixed default.
launcher_java_opts() {
  local launcher=$REPO_ROOT/switchboard
  if [[ ! -f $launcher ]]; then printf '%s\n' "$BENCH_FALLBACK_JAVA_OPTS"; return; fi
  local shim
  shim=$(mktemp -d "${BENCH_TMP:-/tmp}/launcher-shim.XXXXXX")
  mkdir -p "$shim/jdk/bin" "$shim/bin"
  # `java -version` goes to the real JDK (the launcher checks the version); anything else prints
  # the options and stops before the jar would be started.
  cat >"$shim/jdk/bin/java" <<EOF
#!/usr/bin/env bash
for a in "\$@"; do case "\$a" in -version|--version) exec "$JAVA" "\$@";; esac; done
opts=()
while [[ \$# -gt 0 && "\$1" != "-jar" ]]; do opts+=("\$1"); shift; done
echo "SB_JAVA_OPTS=\${opts[*]}"
exit 0
EOF
  cp "$shim/jdk/bin/java" "$shim/bin/java"
  printf '#!/bin/sh\nexit 0\n' >"$shim/bin/mvn"
  chmod +x "$shim/jdk/bin/java" "$shim/bin/java" "$shim/bin/mvn"
  local out
  out=$(env -u SWITCHBOARD_JAVA_OPTS JAVA_HOME="$shim/jdk" PATH="$shim/bin:$PATH" \
    timeout 30 bash "$launcher" start 2>/dev/null | sed -n 's/^SB_JAVA_OPTS=//p' | head -n1) || true
  rm -rf "$shim"
  if [[ -n $out ]]; then printf '%s\n' "$out"; return; fi
  out=$(sed -n 's/^[[:space:]]*\(export[[:space:]]\+\)\?JAVA_OPTS_DEFAULT="\([^"]*\)".*/\2/p' "$launcher" | head -n1)
  if [[ -n $out ]]; then printf '%s\n' "$out"; return; fi
  printf '%s\n' "$BENCH_FALLBACK_JAVA_OPTS"
}

# ---------------------------------------------------------------------------------------------
# Memory readings
# ---------------------------------------------------------------------------------------------

# rss_kb PID: resident set size in KB (VmRSS from /proc; includes shared file pages such as the
# JDK's libraries, which is what `ps`/`top` show and what a container limit counts).
rss_kb() {
  awk '/^VmRSS:/ { print $2; found = 1 } END { if (!found) exit 1 }' "/proc/$1/status"
}

# heap_used_kb PID: used Java heap in KB right after a forced full GC (so: live data plus what the
# collector cannot compact away). Parses `jcmd GC.heap_info` for Serial, Parallel, G1, ZGC and
# Shenandoah; falls back to `jstat -gc` (needs -XX:+UsePerfData, the default).
heap_used_kb() {
  local pid=$1 info kb
  "$JCMD" "$pid" GC.run >/dev/null 2>&1 || { log "jcmd GC.run failed for pid $pid"; return 1; }
  info=$("$JCMD" "$pid" GC.heap_info 2>/dev/null) || info=""
  kb=$(awk '
    function tokb(num, unit) {
      unit = toupper(unit)
      if (unit == "K") return num; if (unit == "M") return num * 1024; if (unit == "G") return num * 1048576
      return num / 1024
    }
    # a heap line reads "... used 12345K ..." (Serial/Parallel/G1) or "used 8M" (ZGC)
    function used_of(line,   m) {
      if (match(line, /used [0-9.]+[KMGB]?/)) {
        m = substr(line, RSTART + 5, RLENGTH - 5)
        if (m ~ /[KMGB]$/) return tokb(substr(m, 1, length(m) - 1) + 0, substr(m, length(m)))
        return tokb(m + 0, "B")
      }
      return -1
    }
    /garbage-first heap|ZHeap|Shenandoah Heap/ && !whole { u = used_of($0); if (u >= 0) { whole = u } }
    /^ *(DefNew|Tenured|def new generation|tenured generation|PSYoungGen|ParOldGen)[ ]/ {
      u = used_of($0); if (u >= 0) { gens += u; ngens++ }
    }
    END {
      if (whole) { printf "%d\n", whole; exit 0 }
      if (ngens) { printf "%d\n", gens; exit 0 }
      exit 1
    }' <<<"$info") && { printf '%s\n' "$kb"; return 0; }
  # jstat -gc columns are KB: survivor 0/1, eden, old used.
  kb=$("$JSTAT" -gc "$pid" 2>/dev/null | awk '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    NR == 2 { printf "%d\n", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; ok = 1 }
    END { if (!ok) exit 1 }') && { printf '%s\n' "$kb"; return 0; }
  log "could not read the heap of pid $pid"
  return 1
}

# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

# percentile P: reads numbers (one a line) on stdin, prints the P-th percentile (nearest rank).
percentile() {
  sort -g | awk -v p="$1" '{ v[NR] = $1 } END {
    if (NR == 0) exit 1
    r = int((p / 100) * NR + 0.999999); if (r < 1) r = 1; if (r > NR) r = NR
    print v[r] }'
}

# div A B [DECIMALS]: A / B with DECIMALS places (default 1); empty if B is 0 or missing.
div() {
  awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN { if (b + 0 == 0 || a == "") exit; printf("%." d "f\n", a / b) }'
}

# kb_to_mb KB: one decimal.
kb_to_mb() { awk -v k="$1" 'BEGIN { if (k == "") exit; printf "%.1f\n", k / 1024 }'; }

# verdict VALUE OP LIMIT: prints PASS/FAIL (OP is lt or le), or n/a when VALUE is empty.
verdict() {
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
    if (v == "") { print "n/a"; exit }
    ok = (op == "lt") ? (v + 0 < l + 0) : (v + 0 <= l + 0)
    print ok ? "PASS" : "FAIL" }'
}

# json_num VALUE: VALUE if it is a number, else null (for jq --argjson).
json_num() { if [[ $1 =~ ^-?[0-9]+(\.[0-9]+)?$ ]]; then printf '%s' "$1"; else printf 'null'; fi; }

# ---------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------

# resolve_build_paths: GATEWAY_JAR and MOCK_CP, honouring SB_BUILD_DIR (a separate Maven output
# folder, so a benchmark build does not touch target/ while someone else builds there).
resolve_build_paths() {
  SB_BUILD_DIR=${SB_BUILD_DIR:-$REPO_ROOT/target}
  GATEWAY_JAR=${GATEWAY_JAR:-$SB_BUILD_DIR/switchboard.jar}
  MOCK_CP=${MOCK_CP:-$SB_BUILD_DIR/test-classes:$GATEWAY_JAR}
}

# maybe_build: `mvn package` (which also compiles the test sources, where the mock lives) unless
# SKIP_BUILD=1.
maybe_build() {
  if [[ ${SKIP_BUILD:-0} == 1 ]]; then log "SKIP_BUILD=1: using $GATEWAY_JAR and MOCK_CP as they are"; return; fi
  require_tools mvn
  log "building (mvn -DskipTests package) into $SB_BUILD_DIR"
  local args=(-q -B -DskipTests)
  [[ $SB_BUILD_DIR != "$REPO_ROOT/target" ]] && args+=("-Dsb.buildDir=$SB_BUILD_DIR")
  (cd "$REPO_ROOT" && mvn "${args[@]}" package) >"$BENCH_LOG_DIR/build.log" 2>&1 \
    || die "build failed, see $BENCH_LOG_DIR/build.log"
  (cd "$REPO_ROOT" && mvn "${args[@]}" test-compile) >>"$BENCH_LOG_DIR/build.log" 2>&1 \
    || die "test-compile failed, see $BENCH_LOG_DIR/build.log"
}

# ---------------------------------------------------------------------------------------------
# Components: the mock platform server, the echo agent, the gateway
# ---------------------------------------------------------------------------------------------

# require_free_port PORT WHAT: fail clearly when something already listens there (typically
# another benchmark run: ports are fixed so runs are reproducible; override them by env).
require_free_port() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    die "port $1 for the $2 is already in use (another benchmark running?); choose another with the env variables"
  fi
}

# start_mock PORT COUNT: the platform's mock server from the test sources (MOCK_MAIN, see
# bench_platform) with COUNT bots / apps. Sets MOCK_PID, MOCK_URL.
start_mock() {
  local port=$1 count=$2
  require_free_port "$port" "mock (MOCK_PORT)"
  local log_file=$BENCH_LOG_DIR/mock.log
  # shellcheck disable=SC2086  # MOCK_JAVA_OPTS / MOCK_EXTRA_ARGS are word lists on purpose
  bench_spawn mock "$log_file" "$JAVA" ${MOCK_JAVA_OPTS:--Xss512k} -cp "$MOCK_CP" \
    "$MOCK_MAIN" --port "$port" "$MOCK_COUNT_FLAG" "$count" ${MOCK_EXTRA_ARGS:-}
  MOCK_PID=$BENCH_SPAWNED_PID
  MOCK_URL=http://127.0.0.1:$port
  wait_for_line "$log_file" "$MOCK_READY_REGEX" "${MOCK_START_TIMEOUT:-60}" "$MOCK_PID" >/dev/null \
    || die "mock $BENCH_PLATFORM server did not start"
  log "mock $BENCH_PLATFORM ready at $MOCK_URL ($MOCK_COUNT_FLAG $count)"
}

mock_stat() { json_get "$MOCK_URL/_mock/stats" ".$1"; }

# mock_stat_fast NAME: one integer counter from the mock's stats without a jq process (polled often).
mock_stat_fast() {
  local body
  body=$(curl -fsS --max-time 5 "$MOCK_URL/_mock/stats" 2>/dev/null) || return 1
  [[ $body =~ \"$1\"[[:space:]]*:[[:space:]]*([0-9]+) ]] || return 1
  printf '%s\n' "${BASH_REMATCH[1]}"
}

# mock_replied: how many replies the mock has received (sentMessages / posted).
mock_replied() { mock_stat_fast "$MOCK_REPLIED_STAT"; }

# wait_mock_held N TIMEOUT: until the mock holds at least MOCK_HELD_FRACTION of N connections
# (long polls or open sockets, MOCK_HELD_STAT).
wait_mock_held() {
  local want=$1 timeout=$2 need
  need=$(awk -v n="$want" -v f="$MOCK_HELD_FRACTION" 'BEGIN { printf "%d\n", n * f }')
  _held_ok() { local a; a=$(mock_stat_fast "$MOCK_HELD_STAT") && (( a >= need )); }
  wait_until "$timeout" 0.5 "mock $MOCK_HELD_STAT >= $need" _held_ok
}

# wait_mock_drained: after a client stops, let the mock notice its closed polls or sockets before
# the next one starts, so MOCK_HELD_STAT counts only the new client.
wait_mock_drained() {
  _drained() { local a; a=$(mock_stat_fast "$MOCK_HELD_STAT") && (( a == 0 )); }
  wait_until "${DRAIN_TIMEOUT:-30}" 0.5 "mock $MOCK_HELD_STAT back to 0" _drained \
    || log "warning: the mock still reports $(mock_stat "$MOCK_HELD_STAT" 2>/dev/null) $MOCK_HELD_STAT"
}

# start_echo_agent PORT: bench/src/EchoAgent.java on the JDK (single-file source launch).
start_echo_agent() {
  local port=$1 log_file=$BENCH_LOG_DIR/echo-agent.log
  require_free_port "$port" "echo agent (AGENT_PORT)"
  # shellcheck disable=SC2086
  bench_spawn echo-agent "$log_file" "$JAVA" ${ECHO_JAVA_OPTS:--XX:+UseSerialGC -Xmx256m} \
    "$BENCH_DIR/src/EchoAgent.java" --port "$port"
  ECHO_PID=$BENCH_SPAWNED_PID
  AGENT_URL=http://127.0.0.1:$port
  wait_for_line "$log_file" "ECHO_AGENT_READY port=" 60 "$ECHO_PID" >/dev/null || die "echo agent did not start"
  log "echo agent ready at $AGENT_URL"
}

# start_gateway PORT: launches target/switchboard.jar with a fresh DATA_DIR, cwd in the scratch
# dir (so no stray .env is read), and measures start-up = launch -> first 200 from GET /health.
# Sets GATEWAY_PID, GATEWAY_URL, STARTUP_MS, GATEWAY_JAVA_OPTS.
start_gateway() {
  local port=$1
  [[ -f $GATEWAY_JAR ]] || die "gateway jar $GATEWAY_JAR is missing (build first, or set GATEWAY_JAR)"
  require_free_port "$port" "gateway (GATEWAY_PORT)"
  GATEWAY_JAVA_OPTS=${SWITCHBOARD_JAVA_OPTS:-$(launcher_java_opts)}
  # GATEWAY_GC_LOG=1: a GC log next to the other logs, to tell GC pauses from other latency.
  if [[ ${GATEWAY_GC_LOG:-0} == 1 ]]; then
    GATEWAY_JAVA_OPTS="$GATEWAY_JAVA_OPTS -Xlog:gc*:file=$BENCH_LOG_DIR/gateway-gc.log:uptime,level,tags"
  fi
  local data_dir work_dir log_file=$BENCH_LOG_DIR/gateway.log
  data_dir=$(mktemp -d "$BENCH_TMP/data.XXXXXX")
  work_dir=$(mktemp -d "$BENCH_TMP/cwd.XXXXXX")
  log "gateway JVM options: $GATEWAY_JAVA_OPTS"
  local t0
  t0=$(now_ms)
  # shellcheck disable=SC2086
  (cd "$work_dir" && exec env -u REDIS_URL -u DATABASE_URL -u AGENTIOM_API_URL -u PUBLIC_URL \
    PORT="$port" HOST=127.0.0.1 DATA_DIR="$data_dir" "$(mock_api_env)" \
    SWITCHBOARD_ADMIN_TOKEN="$BENCH_ADMIN_TOKEN" LOG_FORMAT=text \
    ${GATEWAY_EXTRA_ENV:-} \
    "$JAVA" $GATEWAY_JAVA_OPTS -jar "$GATEWAY_JAR") >"$log_file" 2>&1 </dev/null &
  GATEWAY_PID=$!
  BENCH_PIDS+=("$GATEWAY_PID")
  BENCH_PID_NAME[$GATEWAY_PID]=gateway
  GATEWAY_URL=http://127.0.0.1:$port
  # Poll /health tightly: start-up time is one of the reported numbers.
  local deadline=$(( t0 + ${GATEWAY_START_TIMEOUT:-60} * 1000 ))
  while :; do
    if curl -fsS -o /dev/null --max-time 1 "$GATEWAY_URL/health" 2>/dev/null; then break; fi
    kill -0 "$GATEWAY_PID" 2>/dev/null || die "gateway exited during start-up (see $log_file)"
    (( $(now_ms) < deadline )) || die "gateway did not answer /health within ${GATEWAY_START_TIMEOUT:-60}s"
    sleep 0.02
  done
  STARTUP_MS=$(( $(now_ms) - t0 ))
  log "gateway (pid $GATEWAY_PID) healthy after ${STARTUP_MS} ms"
}

stop_gateway() {
  [[ -n ${GATEWAY_PID:-} ]] || return 0
  log "stopping gateway (pid $GATEWAY_PID)"
  stop_pid "$GATEWAY_PID" 15
  GATEWAY_PID=""
}

# register_agent WEBHOOK_BASE_URL: POST /agents bench-agent (the gateway posts to BASE/webhook).
register_agent() {
  local body
  body=$(jq -cn --arg url "$1" '{id: "bench-agent", name: "Bench", webhookUrl: $url}')
  admin_json POST "$GATEWAY_URL/agents" "$body" >/dev/null || die "POST /agents failed"
  log "registered agent bench-agent -> $1"
}

# create_connections N PARALLEL: POST /connections for connections 1..N (connection_body),
# PARALLEL requests at a time. Sets CREATE_MS. Fails if any request did not answer 200/201.
create_connections() {
  local n=$1 parallel=$2 i bodies=$BENCH_TMP/connection-bodies.txt codes=$BENCH_TMP/connection-codes.txt
  for ((i = 1; i <= n; i++)); do connection_body "$i"; done >"$bodies"
  local t0
  t0=$(now_ms)
  # One curl per body: each prints its status code (000 when it could not connect).
  xargs -d '\n' -P "$parallel" -I{} \
    curl -sS -o /dev/null -w '%{http_code}\n' --max-time 30 -X POST \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $BENCH_ADMIN_TOKEN" \
      --data-binary '{}' "$GATEWAY_URL/connections" <"$bodies" >"$codes" 2>>"$BENCH_LOG_DIR/curl-errors.log" || true
  CREATE_MS=$(( $(now_ms) - t0 ))
  local ok
  ok=$(grep -cE '^20[01]$' "$codes" || true)
  if (( ok != n )); then
    log "POST /connections: $ok of $n succeeded; status counts:"
    sort "$codes" | uniq -c >&2
    die "could not create all connections"
  fi
  log "created $n connections in ${CREATE_MS} ms"
}

health_connected() { json_get "$GATEWAY_URL/health" '.connections.connected // empty'; }

# wait_connected N TIMEOUT: until /health says N connections are connected. Sets CONNECT_MS
# (from the call, i.e. after the POSTs).
wait_connected() {
  local n=$1 timeout=$2 t0
  t0=$(now_ms)
  _connected_ok() { local c; c=$(health_connected 2>/dev/null) && [[ $c =~ ^[0-9]+$ ]] && (( c >= n )); }
  if ! wait_until "$timeout" 0.5 "$n connections connected" _connected_ok; then
    log "health: $(curl -fsS --max-time 5 "$GATEWAY_URL/health" 2>/dev/null)"
    die "not all connections connected"
  fi
  CONNECT_MS=$(( $(now_ms) - t0 ))
  log "$n connections connected (${CONNECT_MS} ms after the last POST)"
}

# measure_gateway_memory LABEL: RSS as the process sits (read first, before anything attaches),
# then heap after a forced full GC, then RSS again after that GC. Sets <LABEL>_RSS_KB,
# <LABEL>_HEAP_KB and <LABEL>_RSS_AFTER_GC_KB.
measure_gateway_memory() {
  local label=$1 rss heap rss_gc
  rss=$(rss_kb "$GATEWAY_PID") || die "cannot read RSS of the gateway"
  heap=$(heap_used_kb "$GATEWAY_PID") || heap=""
  rss_gc=$(rss_kb "$GATEWAY_PID") || rss_gc=""
  printf -v "${label}_RSS_KB" '%s' "$rss"
  printf -v "${label}_HEAP_KB" '%s' "$heap"
  printf -v "${label}_RSS_AFTER_GC_KB" '%s' "$rss_gc"
  log "$label: RSS ${rss} KB, heap after GC ${heap:-?} KB, RSS after GC ${rss_gc:-?} KB"
}

# gateway_memory_phase N: the part every benchmark shares. Start the gateway, settle, read idle
# memory, register the agent, open N connections, wait until all are connected and the mock holds
# them (long polls / sockets), settle, read memory again. Sets MOCK_HELD (the mock's count then),
# PER_CONN_RSS_KB, PER_CONN_HEAP_KB, PER_CONN_RSS_AFTER_GC_KB and what measure_gateway_memory sets.
# Needs MOCK_URL, GATEWAY_PORT, AGENT_URL (may point nowhere when no events flow).
gateway_memory_phase() {
  local n=$1
  start_gateway "$GATEWAY_PORT"
  log "idle settle ${IDLE_SETTLE:-5}s"
  sleep "${IDLE_SETTLE:-5}"
  measure_gateway_memory IDLE
  register_agent "$AGENT_URL"
  create_connections "$n" "${CREATE_PARALLEL:-16}"
  wait_connected "$n" "${CONNECT_TIMEOUT:-120}"
  wait_mock_held "$n" "${POLL_TIMEOUT:-60}" || die "the mock does not hold $n connections ($MOCK_HELD_STAT)"
  log "connected settle ${SETTLE:-10}s"
  sleep "${SETTLE:-10}"
  MOCK_HELD=$(mock_stat "$MOCK_HELD_STAT")
  measure_gateway_memory CONN
  PER_CONN_RSS_KB=$(div $((CONN_RSS_KB - IDLE_RSS_KB)) "$n" 2)
  PER_CONN_HEAP_KB="" PER_CONN_RSS_AFTER_GC_KB=""
  if [[ -n $CONN_HEAP_KB && -n $IDLE_HEAP_KB ]]; then
    PER_CONN_HEAP_KB=$(div $((CONN_HEAP_KB - IDLE_HEAP_KB)) "$n" 2)
  fi
  if [[ -n $CONN_RSS_AFTER_GC_KB && -n $IDLE_RSS_AFTER_GC_KB ]]; then
    PER_CONN_RSS_AFTER_GC_KB=$(div $((CONN_RSS_AFTER_GC_KB - IDLE_RSS_AFTER_GC_KB)) "$n" 2)
  fi
  log "per connection: RSS ${PER_CONN_RSS_KB} KB, heap ${PER_CONN_HEAP_KB:-?} KB ($MOCK_HELD_STAT=$MOCK_HELD)"
}

# git_describe: the commit under test (or "unknown").
git_describe() { git -C "$REPO_ROOT" describe --always --dirty 2>/dev/null || echo unknown; }

# ---------------------------------------------------------------------------------------------
# Throughput and latency: bursts pushed by the mock, timed by the mock
# ---------------------------------------------------------------------------------------------

# run_burst LABEL COUNT RATE: asks the mock to push COUNT text events at RATE per second
# (mock_burst_body), waits until COUNT more replies have reached the mock (mock_replied), and reads
# the mock's latency histogram. Watches BURST_WATCH_PID (default the gateway) and fails if it dies.
# Sets <LABEL>_COUNT, _REPLIED, _ELAPSED_MS, _EPS, _P50_MS, _P90_MS, _P99_MS, _MAX_MS, _MEAN_MS,
# _LAT_COUNT, _COMPLETE, and where the mock times acknowledgements (Slack) _ACK_P50_MS,
# _ACK_P99_MS, _ACK_MAX_MS, plus _ACKED (mock acks counter delta) and _OUTSTANDING (envelopes the
# mock still waits an ack for, read at the end) where the mock has those counters.
run_burst() {
  local label=$1 count=$2 rate=$3 watch=${BURST_WATCH_PID:-${GATEWAY_PID:-}}
  local base target t0 t_last="" sent=0 done_flag=false last_burst_check=0 now acks_base=""
  base=$(mock_replied) || die "mock stats unreachable"
  acks_base=$(mock_stat_fast acks 2>/dev/null || true)
  target=$((base + count))
  http_json DELETE "$MOCK_URL/_mock/latencies" >/dev/null || die "DELETE /_mock/latencies failed"
  log "$label: $count events at $rate/s"
  local body
  body=$(mock_burst_body "$count" "$rate")
  t0=$(now_ms)
  http_json POST "$MOCK_URL/_mock/burst" "$body" >/dev/null || die "POST /_mock/burst failed"

  # The moment the last reply is seen ends the timed interval, so poll every 50 ms near the end;
  # before that, look twice a second (fewer curl processes competing for the 2 CPUs).
  local expected_ms=$(( count * 1000 / rate ))
  local deadline=$(( t0 + expected_ms + ${REPLY_TIMEOUT:-60} * 1000 ))
  while :; do
    now=$(now_ms)
    sent=$(mock_replied) || sent=$base
    if (( sent >= target )); then t_last=$now; break; fi
    if (( now - last_burst_check >= 1000 )); then
      last_burst_check=$now
      done_flag=$(json_get "$MOCK_URL/_mock/burst" '.done' 2>/dev/null || echo false)
    fi
    if (( now > deadline )); then
      log "$label: timed out: $((sent - base)) of $count replies after $(( (now - t0) / 1000 ))s (burst done: $done_flag)"
      break
    fi
    if [[ -n $watch ]] && ! kill -0 "$watch" 2>/dev/null; then
      die "${BENCH_PID_NAME[$watch]:-pid $watch} died during $label"
    fi
    if (( now < t0 + expected_ms - 700 )); then sleep 0.5; else sleep 0.05; fi
  done
  local replied=$((sent - base)) elapsed
  if [[ -n $t_last ]]; then elapsed=$((t_last - t0)); printf -v "${label}_COMPLETE" true
  else elapsed=$(( $(now_ms) - t0 )); printf -v "${label}_COMPLETE" false; fi
  local lat stats
  lat=$(http_json GET "$MOCK_URL/_mock/latencies") || lat='{}'
  stats=$(http_json GET "$MOCK_URL/_mock/stats" 2>/dev/null) || stats='{}'
  _lat_ms() { div "$(jq -r ".$1 // empty" <<<"$lat")" 1000 2; }
  printf -v "${label}_COUNT" '%s' "$count"
  printf -v "${label}_REPLIED" '%s' "$replied"
  printf -v "${label}_ELAPSED_MS" '%s' "$elapsed"
  printf -v "${label}_EPS" '%s' "$(div "$replied" "$(div "$elapsed" 1000 3)" 1)"
  printf -v "${label}_LAT_COUNT" '%s' "$(jq -r '.count // empty' <<<"$lat")"
  printf -v "${label}_P50_MS" '%s' "$(_lat_ms p50Micros)"
  printf -v "${label}_P90_MS" '%s' "$(_lat_ms p90Micros)"
  printf -v "${label}_P99_MS" '%s' "$(_lat_ms p99Micros)"
  printf -v "${label}_MAX_MS" '%s' "$(_lat_ms maxMicros)"
  printf -v "${label}_MEAN_MS" '%s' "$(_lat_ms meanMicros)"
  printf -v "${label}_ACK_P50_MS" '%s' "$(_lat_ms ackP50Micros)"
  printf -v "${label}_ACK_P99_MS" '%s' "$(_lat_ms ackP99Micros)"
  printf -v "${label}_ACK_MAX_MS" '%s' "$(_lat_ms ackMaxMicros)"
  local acks_now
  acks_now=$(jq -r '.acks // empty' <<<"$stats")
  if [[ -n $acks_base && -n $acks_now ]]; then printf -v "${label}_ACKED" '%s' $((acks_now - acks_base))
  else printf -v "${label}_ACKED" '%s' ""; fi
  printf -v "${label}_OUTSTANDING" '%s' "$(jq -r '.outstanding // empty' <<<"$stats")"
  local eps_var=${label}_EPS p50_var=${label}_P50_MS p99_var=${label}_P99_MS ack_var=${label}_ACK_P99_MS
  log "$label: $replied replies in ${elapsed} ms = ${!eps_var} events/s; p50 ${!p50_var:-?} ms, p99 ${!p99_var:-?} ms${!ack_var:+, ack p99 ${!ack_var} ms}"
}

# burst_json LABEL RATE: the JSON object of one run_burst (ack latencies only where measured).
burst_json() {
  local l=$1 c=${1}_COUNT r=${1}_REPLIED e=${1}_ELAPSED_MS eps=${1}_EPS ok=${1}_COMPLETE
  local lc=${1}_LAT_COUNT p50=${1}_P50_MS p90=${1}_P90_MS p99=${1}_P99_MS mx=${1}_MAX_MS mean=${1}_MEAN_MS
  local a50=${1}_ACK_P50_MS a99=${1}_ACK_P99_MS amx=${1}_ACK_MAX_MS acked=${1}_ACKED out=${1}_OUTSTANDING
  jq -cn --argjson rate "$2" --argjson count "$(json_num "${!c:-}")" --argjson replied "$(json_num "${!r:-}")" \
    --argjson elapsed "$(json_num "${!e:-}")" --argjson eps "$(json_num "${!eps:-}")" \
    --argjson complete "${!ok:-false}" --argjson lc "$(json_num "${!lc:-}")" \
    --argjson p50 "$(json_num "${!p50:-}")" --argjson p99 "$(json_num "${!p99:-}")" --argjson mx "$(json_num "${!mx:-}")" \
    --argjson p90 "$(json_num "${!p90:-}")" --argjson mean "$(json_num "${!mean:-}")" \
    --argjson a50 "$(json_num "${!a50:-}")" --argjson a99 "$(json_num "${!a99:-}")" --argjson amx "$(json_num "${!amx:-}")" \
    --argjson acked "$(json_num "${!acked:-}")" --argjson out "$(json_num "${!out:-}")" \
    --arg label "$l" \
    '{ratePerSecond: $rate, count: $count, replied: $replied, complete: $complete, elapsedMs: $elapsed,
      eventsPerSecond: $eps, latency: {count: $lc, p50Ms: $p50, p90Ms: $p90, p99Ms: $p99, maxMs: $mx, meanMs: $mean}}
     + (if $a99 == null then {} else
          {ack: {p50Ms: $a50, p99Ms: $a99, maxMs: $amx, acked: $acked, outstandingAtEnd: $out}} end)'
}

# gateway_quantile_ms METRIC Q: a quantile of one of the gateway's timers, in ms, from /metrics.
gateway_quantile_ms() {
  curl -fsS --max-time 5 -H "Authorization: Bearer $BENCH_ADMIN_TOKEN" "$GATEWAY_URL/metrics" 2>/dev/null |
    awk -v m="$1" -v q="$2" '$1 ~ "^"m"\\{" && $1 ~ "quantile=\""q"\"" { printf "%.2f\n", $2 * 1000; exit }'
}

# ---------------------------------------------------------------------------------------------
# Side-by-side peers (bench/peers/): a Node.js process of the replaced stack
# ---------------------------------------------------------------------------------------------

# ensure_npm_installed DIR MODULE: `npm ci` from DIR's committed lock file (npm install without
# one) unless DIR/node_modules/MODULE is already there.
ensure_npm_installed() {
  local dir=$1 module=$2
  if [[ -d $dir/node_modules/$module ]]; then return; fi
  require_tools npm
  log "installing the dependencies of $dir"
  if [[ -f $dir/package-lock.json ]]; then
    (cd "$dir" && npm ci --no-audit --no-fund) >"$BENCH_LOG_DIR/npm.log" 2>&1 || die "npm ci failed (see $BENCH_LOG_DIR/npm.log)"
  else
    (cd "$dir" && npm install --no-audit --no-fund) >"$BENCH_LOG_DIR/npm.log" 2>&1 || die "npm install failed (see $BENCH_LOG_DIR/npm.log)"
  fi
}

# npm_locked_version DIR PACKAGE: the version the lock file pins (empty if none).
npm_locked_version() {
  jq -r --arg k "node_modules/$2" '.packages[$k].version // empty' "$1/package-lock.json" 2>/dev/null || true
}

# measure_node_peer NAME COUNT LABEL SETTLE PREFIX VAR=VALUE... -- CMD...: runs the peer (CMD, with
# the extra environment) until it prints "<PREFIX>_READY", waits until the mock holds COUNT of its
# connections, settles SETTLE seconds, reads its RSS (before anything else touches the process),
# then sends SIGUSR2 and reads the "<PREFIX>_MEMORY {json}" line it answers with (memoryUsage()
# after a GC), and stops it. Sets <LABEL>_RSS_KB, <LABEL>_HEAP_USED_KB (V8 heap after GC),
# <LABEL>_HELD (the mock's MOCK_HELD_STAT then), <LABEL>_READY_MS (from the READY line's ms=),
# <LABEL>_MEMORY_JSON (the whole memory line).
measure_node_peer() {
  local name=$1 count=$2 label=$3 settle=$4 prefix=$5; shift 5
  local log_file=$BENCH_LOG_DIR/$name-$label.log pid ready
  bench_spawn_env "$name-$label" "$log_file" "$@"
  pid=$BENCH_SPAWNED_PID
  ready=$(wait_for_line "$log_file" "^${prefix}_READY" "${NODE_READY_TIMEOUT:-300}" "$pid") \
    || die "$name peer ($count) did not get ready"
  printf -v "${label}_READY_MS" '%s' "$(sed -n 's/.* ms=\([0-9]*\).*/\1/p' <<<"$ready")"
  if (( count > 0 )); then
    wait_mock_held "$count" "${POLL_TIMEOUT:-60}" || die "the mock does not hold $count connections of the $name peer"
  fi
  log "$name-$label: $count connected; settle ${settle}s"
  sleep "$settle"
  local held rss
  held=$(mock_stat "$MOCK_HELD_STAT" 2>/dev/null || echo "")
  rss=$(rss_kb "$pid") || die "cannot read RSS of pid $pid"
  kill -USR2 "$pid"
  local mem
  mem=$(wait_for_line "$log_file" "^${prefix}_MEMORY " 10 "$pid" | sed "s/^${prefix}_MEMORY //") || mem='{}'
  [[ -n $mem ]] || mem='{}'
  printf -v "${label}_RSS_KB" '%s' "$rss"
  printf -v "${label}_HEAP_USED_KB" '%s' "$(jq -r '(.heapUsed // empty) / 1024 | floor' <<<"$mem" 2>/dev/null || true)"
  printf -v "${label}_HELD" '%s' "$held"
  printf -v "${label}_MEMORY_JSON" '%s' "$(jq -c . <<<"$mem" 2>/dev/null || echo '{}')"
  log "$name-$label: RSS ${rss} KB (mock $MOCK_HELD_STAT=$held)"
  stop_pid "$pid" 10
}

# gateway_memory_json HELD_KEY: the gateway's side of a side-by-side report (after
# gateway_memory_phase), with the mock's held count under HELD_KEY.
gateway_memory_json() {
  jq -cn --arg javaOpts "$GATEWAY_JAVA_OPTS" --arg jdk "$JAVA_VERSION_STRING" --arg heldKey "$1" \
    --argjson startup "$STARTUP_MS" --argjson idle "$(json_num "$IDLE_RSS_KB")" \
    --argjson conn "$(json_num "$CONN_RSS_KB")" --argjson per "$(json_num "$PER_CONN_RSS_KB")" \
    --argjson idleHeap "$(json_num "$IDLE_HEAP_KB")" --argjson connHeap "$(json_num "$CONN_HEAP_KB")" \
    --argjson perHeap "$(json_num "${PER_CONN_HEAP_KB:-}")" --argjson held "$(json_num "$MOCK_HELD")" \
    --argjson perGc "$(json_num "${PER_CONN_RSS_AFTER_GC_KB:-}")" \
    '{jdk: $jdk, javaOpts: $javaOpts, startupMs: $startup, idleRssKb: $idle, rssKb: $conn,
      perConnectionRssKb: $per, perConnectionRssAfterGcKb: $perGc, idleHeapKb: $idleHeap, heapKb: $connHeap,
      perConnectionHeapKb: $perHeap} + {($heldKey): $held}'
}

# The platform of a script that does not choose one.
bench_platform "${BENCH_PLATFORM:-telegram}"
