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
# Usage: bench/gateway.sh [messages=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-20000}
work=$(mktemp -d /tmp/graphpost-bench.XXXXXX)
chmod 755 "$work"  # Postfix's daemons run as the postfix user and must reach its queue
postfix_dir=""
cleanup() {
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
  local start end queued rate
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
}

# ---------------------------------------------------------------------------------------------
# The gateway's figures. FILLED IN BY THE GATEWAY'S BENCHMARK (another part of issue #7): each
# function starts what it needs, measures, stops it, and prints label<TAB>value<TAB>goal rows.
# ---------------------------------------------------------------------------------------------
gateway_api_figures() {
  # TODO(#7): POST /v1/messages with 4 KB messages: 16 keep-alive clients, one per request;
  # then batches of 1,000. Goals: >= 5,000/s single, >= 20,000/s batched.
  printf 'Gateway API, 1 message/request, 16 clients (msg/s)\tnot measured yet\t>= 5000\n'
  printf 'Gateway API, batches of 1,000 (msg/s)\tnot measured yet\t>= 20000\n'
}

gateway_memory_figures() {
  # TODO(#7): resident memory of `graphpost serve` with 1,000,000 messages queued.
  printf 'Gateway RSS with 1,000,000 queued (MB)\tnot measured yet\t< 200\n'
}

gateway_delivery_figures() {
  # TODO(#7): bench/delivery: 1,000 mailboxes, sandbox latency 300 ms (bench/sandbox_inflight.sh
  # shows the sandbox holds >= 2,000 requests in flight), with and without $batch.
  printf 'Delivered msg/s, 1,000 mailboxes, +300 ms\tnot measured yet\t>= 2000\n'
  printf 'Peak Graph requests in flight / threads\tnot measured yet\t>= 2000 / <= 16\n'
  printf 'CPU per delivered message (ms), without / with $batch\tnot measured yet\t\n'
}

# ---------------------------------------------------------------------------------------------
rows=$work/rows.tsv
gateway_api_figures >>"$rows"
postfix_ingest_figures >>"$rows"
gateway_memory_figures >>"$rows"
gateway_delivery_figures >>"$rows"
echo "graphpost gateway benchmark — $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), $messages messages"
awk -F'\t' '{ printf "  %-56s %-22s %s\n", $1, $2, $3 }' "$rows"
