#!/usr/bin/env bash
# The gateway's benchmark (issue #7, "Done when" 6), in one run on this machine, loopback only:
#   1. messages/s accepted over the gateway's API, one message per request (16 keep-alive
#      clients) and in batches of 1,000, durably committed          [gateway_api_figures]
#   2. beside Postfix's durable SMTP ingest of the same 4 KB messages, 10 sessions
#                                                                     [postfix_ingest_figures]
#   3. resident memory with 1,000,000 messages queued                [gateway_memory_figures]
#   4. delivered messages/s with 1,000 mailboxes while the sandbox adds 300 ms to each Graph
#      request; peak in-flight requests, threads, CPU per message, with and without $batch
#                                                                     [gateway_delivery_figures]
# Each *_figures function prints "label<TAB>value<TAB>goal" rows; the table at the end lines them
# up. Postfix comes from Debian (scripts/install-deps.sh) and runs as a throwaway instance under a
# temporary directory: loopback only, on a high port, with every outbound transport deferred, so
# accepted mail stays queued on disk and nothing leaves the machine.
# Usage: bench/gateway.sh [--quick] [messages=20000 Postfix messages]
#   --quick: a smoke run in about a minute (smaller counts, 3 s wrk runs).
#   GATEWAY_BENCH_QUEUED (default 1,000,000; --quick 20,000): messages queued for the memory row.
#   GATEWAY_BENCH_MEMORY_TEXT_BYTES (default 1024): text size of those messages (4 KB would make a
#     4+ GB outbox for 1,000,000; memory does not depend on it, the disk time does).
#   GATEWAY_BENCH_DELIVERED (default 20,000; --quick 2,000): messages per delivery run.
#   GATEWAY_BENCH_SECONDS (default 15; --quick 3): length of each wrk run.
#   GATEWAY_BENCH_PARTS (default "api postfix memory delivery"): the parts to run.
# Exits 1 when a part failed to start or any answer was not 202 (ctest's BenchGatewaySmoke runs
# the API part for 1 s that way).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
if [[ "${1:-}" == "--quick" ]]; then
  quick=1
  shift
fi
if ((quick)); then
  messages=${1:-2000}
  queued_target=${GATEWAY_BENCH_QUEUED:-20000}
  delivered_target=${GATEWAY_BENCH_DELIVERED:-2000}
  wrk_seconds=${GATEWAY_BENCH_SECONDS:-3}
else
  messages=${1:-20000}
  queued_target=${GATEWAY_BENCH_QUEUED:-1000000}
  delivered_target=${GATEWAY_BENCH_DELIVERED:-20000}
  wrk_seconds=${GATEWAY_BENCH_SECONDS:-15}
fi
memory_text_bytes=${GATEWAY_BENCH_MEMORY_TEXT_BYTES:-1024}
# GRAPHPOST_BINARY (as ctest sets it) names the binary; else build/ is built when incomplete.
if [[ -z "${GRAPHPOST_BINARY:-}" ]]; then
  [[ -x build/cmd/graphpost/graphpost && -x build/bench/delivery_bench ]] ||
    bash scripts/build.sh graphpost delivery_bench >&2
fi
gp=${GRAPHPOST_BINARY:-$PWD/build/cmd/graphpost/graphpost}
delivery_bench=$(dirname "$gp")/../../bench/delivery_bench
work=$(mktemp -d /tmp/graphpost-bench.XXXXXX)
chmod 755 "$work"  # Postfix's daemons run as the postfix user and must reach its queue
postfix_dir=""
cleanup() {
  [[ -n "${gw_pid:-}" ]] && kill -TERM "$gw_pid" 2>/dev/null && wait "$gw_pid" 2>/dev/null
  [[ -n "$postfix_dir" ]] && postfix -c "$postfix_dir/etc" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# A free TCP port on 127.0.0.1 (the kernel picks it; the socket is closed before use).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# ---------------------------------------------------------------------------------------------
# Postfix: durable SMTP ingest of 4 KB messages, 10 concurrent sessions (smtp-source).
# ---------------------------------------------------------------------------------------------
# Sets postfix_dir and postfix_port (not in a subshell, so cleanup can stop the instance).
start_postfix() {
  command -v postfix >/dev/null && command -v smtp-source >/dev/null || bash scripts/install-deps.sh
  postfix_dir=$work/postfix
  postfix_port=$(free_port)
  local port=$postfix_port
  mkdir -p "$postfix_dir/etc" "$postfix_dir/spool" "$postfix_dir/data"
  chown postfix "$postfix_dir/data"
  # master.cf: Debian's, with the public smtpd on 127.0.0.1:<port> only.
  sed -e "s/^smtp      inet/127.0.0.1:$port inet/" /etc/postfix/master.cf >"$postfix_dir/etc/master.cf"
  cat >"$postfix_dir/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $postfix_dir/spool
data_directory = $postfix_dir/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = bench.invalid
mydomain = bench.invalid
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
# Nothing is ever delivered: every outbound transport is deferred (mail stays queued on disk),
# and the relay host, were it tried, is a loopback port nobody listens on.
defer_transports = smtp, relay, local, virtual, lmtp
relayhost = [127.0.0.1]:9
smtp_dns_support_level = disabled
alias_maps =
alias_database =
local_recipient_maps =
biff = no
smtputf8_enable = no
CF
  postfix -c "$postfix_dir/etc" check >/dev/null 2>&1 || true
  postfix -c "$postfix_dir/etc" start >"$postfix_dir/start.log" 2>&1 || {
    cat "$postfix_dir/start.log" >&2
    return 1
  }
  for _ in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

postfix_ingest_figures() {
  local start end queued rate t0=$SECONDS
  if ! start_postfix >&2; then
    printf 'Postfix SMTP ingest, 4 KB, 10 sessions (msg/s)\tfailed to start\t\n'
    return
  fi
  start=$(date +%s.%N)
  smtp-source -s 10 -m "$messages" -l 4096 -f bench@bench.invalid -t sink@example.invalid \
    127.0.0.1:"$postfix_port" >/dev/null
  end=$(date +%s.%N)
  # Every accepted message must be in the queue on disk (none delivered, none lost).
  queued=$(find "$postfix_dir/spool/active" "$postfix_dir/spool/deferred" "$postfix_dir/spool/incoming" \
    "$postfix_dir/spool/hold" -type f 2>/dev/null | wc -l)
  rate=$(awk -v n="$messages" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / (e - s) }')
  printf 'Postfix SMTP ingest, 4 KB, 10 sessions (msg/s)\t%s\t(Postfix 3.7, queue on disk)\n' "$rate"
  printf 'Postfix messages queued on disk after the run\t%s of %s\t\n' "$queued" "$messages"
  postfix -c "$postfix_dir/etc" stop >/dev/null 2>&1 || true
  postfix_dir=""
  printf 'Postfix part took (s)\t%s\t\n' "$((SECONDS - t0))"
}

# ---------------------------------------------------------------------------------------------
# The gateway's figures. Each function starts what it needs, measures, stops it, and prints
# label<TAB>value<TAB>goal rows. The gateway is `graphpost serve --demo` (the sandbox in its
# process) on 127.0.0.1:<free port>; every message has sendAt in 2199, so delivery stays idle
# while ingest and memory are measured.
# ---------------------------------------------------------------------------------------------
gw_pid=""

# Starts `serve --demo` on data directory $1 and waits until it is ready; sets gw_pid, gw_url.
start_gateway() {
  local dir=$1
  mkdir -p "$dir"
  "$gp" --data-dir "$dir" serve --demo --port 0 --set smtp.port=0 >"$dir/serve.out" 2>"$dir/serve.log" &
  gw_pid=$!
  for _ in $(seq 1 300); do
    if [[ -s "$dir/gateway.json" ]]; then
      gw_url=$(jq -r .baseUrl "$dir/gateway.json")
      curl -sf "$gw_url/readyz" >/dev/null 2>&1 && return 0
    fi
    kill -0 "$gw_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "gateway did not start; its log:" >&2
  tail -5 "$dir/serve.log" >&2
  return 1
}

stop_gateway() {
  [[ -n "$gw_pid" ]] || return 0
  kill -TERM "$gw_pid" 2>/dev/null || true
  wait "$gw_pid" 2>/dev/null || true
  gw_pid=""
}

# Queued messages from /metrics.
gateway_queued() {
  curl -sf "$gw_url/metrics" | awk '/^graphpost_outbox_messages\{state="queued"\}/ { print $2 }'
}

# "VmRSS VmHWM Threads" of a process, in MB, MB and threads.
proc_memory() {
  awk '/^VmRSS/ { r = $2 } /^VmHWM/ { h = $2 } /^Threads/ { t = $2 }
       END { printf "%.0f %.0f %d", r / 1024, h / 1024, t }' "/proc/$1/status"
}

# wrk against the gateway for $wrk_seconds: $1 connections, $2 messages per request (0 = single).
# Prints "requests non202 seconds"; the first non-202 answer, if any, goes to stderr.
wrk_post() {
  local out
  out=$(GP_KEY_FILE=$work/gw-api/demo.key GP_BATCH=$2 GP_TEXT_BYTES=4096 \
    wrk -t2 -c"$1" -d"${wrk_seconds}s" --timeout 60s -s bench/gateway/post.lua "$gw_url" 2>&1)
  grep '^GP first non-202' <<<"$out" >&2 || true
  awk '/^GP requests/ { print $3, $5, $7 }' <<<"$out"
}

gateway_api_figures() {
  local t0=$SECONDS before after single batched r n e s
  command -v wrk >/dev/null || bash scripts/install-deps.sh >&2
  if ! start_gateway "$work/gw-api" >&2; then
    printf 'Gateway API\tgateway failed to start\t\n'
    return
  fi
  before=$(gateway_queued)
  read -r r e s < <(wrk_post 16 0)
  single=$(awk -v n="$r" -v s="$s" 'BEGIN { printf "%.0f", n / s }')
  printf 'Gateway API, 1 msg/request, 4 KB, 16 clients (msg/s)\t%s (%s non-202)\t>= 5000\n' "$single" "$e"
  read -r n e s < <(wrk_post 4 1000)
  batched=$(awk -v n="$n" -v s="$s" 'BEGIN { printf "%.0f", n * 1000 / s }')
  printf 'Gateway API, batches of 1,000, 4 KB, 4 clients (msg/s)\t%s (%s non-202)\t>= 20000\n' "$batched" "$e"
  # Every 202 is a committed message: the outbox holds at least as many as were answered 202
  # (wrk stops mid-request, so a few more may have been committed without their answer read).
  after=$(gateway_queued)
  printf 'Gateway API, queued in the outbox / answered 202\t%s / %s\t(delivery idle: sendAt 2199)\n' \
    "$((after - before))" "$((r + n * 1000))"
  stop_gateway
  printf 'Gateway API part took (s)\t%s\t\n' "$((SECONDS - t0))"
}

gateway_memory_figures() {
  local t0=$SECONDS dir=$work/gw-mem out mem queued size
  if ! start_gateway "$dir" >&2; then
    printf 'Gateway memory\tgateway failed to start\t\n'
    return
  fi
  out=$(python3 bench/gateway/submit_batches.py "$gw_url" "$dir/demo.key" "$queued_target" \
    "$memory_text_bytes" 4)
  mem=$(proc_memory "$gw_pid")
  queued=$(gateway_queued)
  size=$(du -cm "$dir"/outbox.db* | awk 'END { print $1 }')
  printf 'Gateway batch submit of the queue (%s)\t%s\t\n' "$queued_target" "$out"
  printf 'Gateway RSS / HWM (MB), threads, %s queued, after submit\t%s / %s, %s threads\t< 200 MB\n' \
    "$queued" $mem
  # The same outbox after a restart: what the gateway holds for a queue it did not just ingest.
  stop_gateway
  if start_gateway "$dir" >&2; then
    sleep 3
    mem=$(proc_memory "$gw_pid")
    printf 'Gateway RSS / HWM (MB), threads, %s queued, restarted\t%s / %s, %s threads\t< 200 MB\n' \
      "$(gateway_queued)" $mem
    stop_gateway
  fi
  printf 'Outbox size on disk (MB), %s queued, %s B text each\t%s\t\n' "$queued" \
    "$memory_text_bytes" "$size"
  rm -rf "$dir"
  printf 'Gateway memory part took (s)\t%s\t\n' "$((SECONDS - t0))"
}

# bench/delivery (the engine with the real SQLite outbox, in the bench's process, the sandbox as
# its own process adding 300 ms to each Graph request, 1,000 mailboxes, pacing off), once without
# and once with Graph JSON $batch.
gateway_delivery_figures() {
  local t0=$SECONDS no yes
  no=$("$delivery_bench" --graphpost "$gp" --mailboxes 1000 --messages "$delivered_target" \
    --latency-ms 300 --batch 0) || true
  yes=$("$delivery_bench" --graphpost "$gp" --mailboxes 1000 --messages "$delivered_target" \
    --latency-ms 300 --batch 1) || true
  field() { [[ -n "$1" ]] && jq -r ".$2" <<<"$1" 2>/dev/null || echo '?'; }
  printf 'Delivered msg/s, 1,000 mailboxes, +300 ms, without / with $batch\t%s / %s\t>= 2000\n' \
    "$(field "$no" messages_per_second)" "$(field "$yes" messages_per_second)"
  printf 'Delivered / failed, without / with $batch\t%s/%s / %s/%s\t\n' \
    "$(field "$no" messages)" "$(field "$no" failed)" "$(field "$yes" messages)" "$(field "$yes" failed)"
  printf 'Peak Graph requests in flight, without / with $batch\t%s / %s\t>= 2000\n' \
    "$(field "$no" peak_in_flight)" "$(field "$yes" peak_in_flight)"
  printf 'Engine threads, without / with $batch\t%s / %s\t<= 16\n' \
    "$(field "$no" engine_threads)" "$(field "$yes" engine_threads)"
  printf 'CPU per delivered message (ms), without / with $batch\t%s / %s\t\n' \
    "$(field "$no" cpu_ms_per_message)" "$(field "$yes" cpu_ms_per_message)"
  sandbox_ms() { [[ -n "$1" ]] && jq -r '.sandbox_cpu_seconds * 1000 / ([.messages, 1] | max) * 1000
    | round / 1000' <<<"$1" 2>/dev/null || echo '?'; }
  printf 'Sandbox CPU per delivered message (ms), without / with $batch\t%s / %s\t(the remote end, same 2 cores)\n' \
    "$(sandbox_ms "$no")" "$(sandbox_ms "$yes")"
  printf 'Mean Graph latency (ms), without / with $batch\t%s / %s\t(300 added)\n' \
    "$(field "$no" graph_latency_avg_ms)" "$(field "$yes" graph_latency_avg_ms)"
  printf 'Gateway delivery part took (s)\t%s\t\n' "$((SECONDS - t0))"
}

# ---------------------------------------------------------------------------------------------
rows=$work/rows.tsv
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
parts=" ${GATEWAY_BENCH_PARTS:-api postfix memory delivery} "
[[ "$parts" == *" api "* ]] && gateway_api_figures >>"$rows"
[[ "$parts" == *" postfix "* ]] && postfix_ingest_figures >>"$rows"
[[ "$parts" == *" memory "* ]] && gateway_memory_figures >>"$rows"
[[ "$parts" == *" delivery "* ]] && gateway_delivery_figures >>"$rows"
touch "$rows"
echo "graphpost gateway benchmark — $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), load average" \
  "$load_before before / $(cut -d' ' -f1-3 /proc/loadavg) after, $SECONDS s in all"
awk -F'\t' '{ printf "  %-66s %-26s %s\n", $1, $2, $3 }' "$rows"
# Exit 1 when a part failed to start or an answer was not 202 (so a smoke run can be a test).
! grep -q -E 'failed to start|\([1-9][0-9]* non-202\)|errors [1-9]' "$rows"
