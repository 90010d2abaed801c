#!/usr/bin/env bash
# SMTP ingest benchmark (issue #8, "Done when" 4): Postfix's own load generator, smtp-source,
# sends 4 KB messages with 10 and 50 concurrent sessions to graphpost's SMTP listener and to a
# throwaway Postfix instance queueing to disk, interleaved in one run (graphpost, Postfix,
# graphpost, Postfix …), and prints messages/s for each and graphpost's ratio to Postfix.
#
# Both are durable ingest: graphpost answers 250 after the outbox commit (fsync), Postfix after
# its queue file is written and fsynced. Neither delivers during the run: graphpost's `demo` lane
# is paced to 1 message a minute (lanes.messages_per_minute=1), so the delivery engine sends one
# message a minute and the run measures ingest (the sandbox is in the gateway's process but idle);
# Postfix defers every transport, so accepted mail stays in its queue. Both accept mail from
# 127.0.0.0/8 without AUTH (graphpost: smtp.relay; Postfix: mynetworks), over plain SMTP.
#
# Usage: bench/smtp.sh [messages per run=4000] [rounds=2]
#   SMTP_BENCH_SESSIONS (default "10 50"): the session counts.
#   SMTP_BENCH_REUSE=1: smtp-source -d (every message over its session's one connection);
#     default: a new connection per message, as smtp-source does by default (bench/gateway.sh's
#     Postfix figure, and the issue's ~880 msg/s, were measured that way).
#   GRAPHPOST_BINARY: the binary (else build/cmd/graphpost/graphpost, built when missing).
# Exits 1 when a target failed to start or smtp-source failed.
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-4000}
rounds=${2:-2}
sessions_list=${SMTP_BENCH_SESSIONS:-10 50}
reuse=()
[[ "${SMTP_BENCH_REUSE:-0}" == 1 ]] && reuse=(-d)
if [[ -z "${GRAPHPOST_BINARY:-}" ]]; then
  [[ -x build/cmd/graphpost/graphpost ]] || bash scripts/build.sh graphpost >&2
fi
gp=${GRAPHPOST_BINARY:-$PWD/build/cmd/graphpost/graphpost}
command -v smtp-source >/dev/null && command -v postfix >/dev/null || bash scripts/install-deps.sh >&2
work=$(mktemp -d /tmp/graphpost-smtp-bench.XXXXXX)
chmod 755 "$work"
gw_pid=""
postfix_dir=""
cleanup() {
  [[ -n "$gw_pid" ]] && kill -TERM "$gw_pid" 2>/dev/null && wait "$gw_pid" 2>/dev/null
  [[ -n "$postfix_dir" ]] && postfix -c "$postfix_dir/etc" stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_port() {
  for _ in $(seq 1 300); do
    (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# graphpost: `serve --demo` (sandbox in process), SMTP on a free port, loopback may submit
# without AUTH through `demo`, delivery paced to one message a minute.
start_graphpost() {
  local dir=$work/graphpost
  mkdir -p "$dir"
  "$gp" --data-dir "$dir" serve --demo --port 0 --set smtp.port=0 \
    --set 'smtp.relay=127.0.0.0/8=demo' --set lanes.messages_per_minute=1 \
    >"$dir/serve.out" 2>"$dir/serve.log" &
  gw_pid=$!
  for _ in $(seq 1 300); do
    if [[ -s "$dir/gateway.json" ]]; then
      gp_port=$(jq -r '.smtp_port // 0' "$dir/gateway.json")
      gp_http=$(jq -r .baseUrl "$dir/gateway.json")
      [[ "$gp_port" != 0 ]] && wait_port "$gp_port" && return 0
    fi
    kill -0 "$gw_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "graphpost did not start; its log:" >&2
  tail -5 "$dir/serve.log" >&2
  return 1
}

# Postfix: Debian's binaries, a throwaway instance (as bench/gateway.sh), smtpd on a free port,
# every outbound transport deferred: accepted mail stays queued on disk.
start_postfix() {
  postfix_dir=$work/postfix
  pf_port=$(free_port)
  mkdir -p "$postfix_dir/etc" "$postfix_dir/spool" "$postfix_dir/data"
  chown postfix "$postfix_dir/data"
  sed -e "s/^smtp      inet/127.0.0.1:$pf_port inet/" /etc/postfix/master.cf >"$postfix_dir/etc/master.cf"
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
defer_transports = smtp, relay, local, virtual, lmtp
relayhost = [127.0.0.1]:9
smtp_dns_support_level = disabled
alias_maps =
alias_database =
local_recipient_maps =
biff = no
smtputf8_enable = no
default_process_limit = 200
CF
  postfix -c "$postfix_dir/etc" check >/dev/null 2>&1 || true
  postfix -c "$postfix_dir/etc" start >"$work/postfix-start.log" 2>&1 || {
    cat "$work/postfix-start.log" >&2
    return 1
  }
  wait_port "$pf_port"
}

# run PORT SESSIONS → msg/s; smtp-source's failure fails the benchmark.
run() {
  local start end
  start=$(date +%s.%N)
  smtp-source "${reuse[@]}" -s "$2" -m "$messages" -l 4096 -f references@company.com \
    -t pat@company.com -S "smtp bench" 127.0.0.1:"$1" >"$work/smtp-source.out" 2>&1 || {
    echo "smtp-source against port $1 failed:" >&2
    tail -5 "$work/smtp-source.out" >&2
    return 1
  }
  end=$(date +%s.%N)
  awk -v n="$messages" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / (e - s) }'
}

start_graphpost || exit 1
start_postfix || exit 1
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A gp_sum pf_sum
rows=()
for ((round = 1; round <= rounds; round++)); do
  for s in $sessions_list; do
    g=$(run "$gp_port" "$s") || exit 1
    p=$(run "$pf_port" "$s") || exit 1
    gp_sum[$s]=$((${gp_sum[$s]:-0} + g))
    pf_sum[$s]=$((${pf_sum[$s]:-0} + p))
    rows+=("$(printf '  round %d, %2d sessions: graphpost %6d msg/s   Postfix %6d msg/s   ratio %s' \
      "$round" "$s" "$g" "$p" "$(awk -v a="$g" -v b="$p" 'BEGIN { printf "%.2f", a / b }')")")
  done
done
queued_gp=$( (curl -sf "$gp_http/metrics" || true) | awk '/^graphpost_outbox_messages\{state=/ { n += $2 } END { print n + 0 }')
queued_pf=$(find "$postfix_dir/spool/active" "$postfix_dir/spool/deferred" "$postfix_dir/spool/incoming" \
  -type f 2>/dev/null | wc -l)
mode="a new connection per message"
[[ ${#reuse[@]} -gt 0 ]] && mode="one connection per session (-d)"
echo "graphpost SMTP ingest vs Postfix — $(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ), 4 KB messages," \
  "$messages per run, $mode, load average $load_before before / $(cut -d' ' -f1-3 /proc/loadavg) after"
printf '%s\n' "${rows[@]}"
for s in $sessions_list; do
  awk -v s="$s" -v g="${gp_sum[$s]}" -v p="${pf_sum[$s]}" -v r="$rounds" 'BEGIN {
    printf "  mean, %2d sessions: graphpost %6.0f msg/s   Postfix %6.0f msg/s   ratio %.2f (goal >= 3)\n",
      s, g / r, p / r, g / p }'
done
echo "  stored: graphpost outbox $queued_gp, Postfix queue $queued_pf (of $((messages * rounds * $(wc -w <<<"$sessions_list"))) each)"
