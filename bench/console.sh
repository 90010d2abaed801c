#!/usr/bin/env bash
# The console's benchmark (issue #9, "Done when" 4: the Overview page in under 100 ms server time
# with 1,000,000 messages in the store), loopback only:
#   1. fills an outbox.db with CONSOLE_BENCH_MESSAGES messages (direct SQL inserts in one
#      transaction through the outbox's schema; created over the last 30 days, mixed states,
#      12 lanes; bench/console_overview_bench.cpp);
#   2. in-process: the Overview handler's time over CONSOLE_BENCH_RUNS runs (first run, then
#      min / median / p99), and the same for what /metrics does, as a reference;
#   3. over HTTP, when the binary serves the console: `graphpost serve` on that data directory,
#      signed in with a fresh admin token (`graphpost console reset-token`), curl's time to the
#      first byte of GET /ui/overview and GET /metrics (server time plus loopback), same runs.
# Usage: bench/console.sh   (docs/console.md, "Benchmark")
#   CONSOLE_BENCH_MESSAGES (default 1,000,000), CONSOLE_BENCH_RUNS (default 200),
#   CONSOLE_BENCH_DIR (default: a new directory under /var/tmp, removed at the end; when given
#   and it already holds outbox.db, the fill is skipped and the directory kept).
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${CONSOLE_BENCH_MESSAGES:-1000000}
runs=${CONSOLE_BENCH_RUNS:-200}
if [[ -z "${GRAPHPOST_BINARY:-}" ]]; then
  [[ -x build/cmd/graphpost/graphpost && -x build/bench/console_overview_bench ]] ||
    bash scripts/build.sh graphpost console_overview_bench >&2
fi
gp=${GRAPHPOST_BINARY:-$PWD/build/cmd/graphpost/graphpost}
bench=$(dirname "$gp")/../../bench/console_overview_bench
keep=0
if [[ -n "${CONSOLE_BENCH_DIR:-}" ]]; then
  dir=$CONSOLE_BENCH_DIR
  keep=1
else
  dir=$(mktemp -d /var/tmp/graphpost-console-bench.XXXXXX)
fi
gw_pid=""
cleanup() {
  [[ -n "$gw_pid" ]] && kill -TERM "$gw_pid" 2>/dev/null && wait "$gw_pid" 2>/dev/null
  ((keep)) || rm -rf "$dir"
}
trap cleanup EXIT
rows=$(mktemp)

fill=--fill
[[ -s "$dir/outbox.db" ]] && fill=""
"$bench" --dir "$dir" $fill --messages "$messages" --runs "$runs" >>"$rows"
printf 'outbox.db (MB)\t%s\n' "$(($(stat -c %s "$dir/outbox.db") / 1048576))" >>"$rows"

# Prints "first / min / median / p99" of curl's time to first byte (ms) over $runs GETs of $1.
http_times() {
  local url=$1 times
  shift
  times=$(for _ in $(seq 1 "$runs"); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' "$@" "$url"
  done)
  local first
  first=$(head -1 <<<"$times")
  tail -n +2 <<<"$times" | sort -g | awk -v first="$first" '
    { t[NR] = $1 * 1000 }
    END {
      printf "%.2f / %.2f / %.2f / %.2f", first * 1000, t[1], t[int(NR * 0.5) + 1],
        t[int(NR * 0.99) + 1]
    }'
}

# Starts `graphpost serve` on the data directory (a free port, SMTP on a free port); sets gw_url.
start_gateway() {
  "$gp" --data-dir "$dir" serve --port 0 --set smtp.port=0 >"$dir/serve.out" 2>"$dir/serve.log" &
  gw_pid=$!
  gw_url=""
  for _ in $(seq 1 600); do
    if [[ -s "$dir/gateway.json" ]]; then
      gw_url=$(jq -r .baseUrl "$dir/gateway.json")
      curl -sf "$gw_url/readyz" >/dev/null 2>&1 && return 0
    fi
    kill -0 "$gw_pid" 2>/dev/null || break
    sleep 0.1
  done
  return 1
}

# Signs in to the console with a fresh admin token; the session cookie goes to $1. Prints why not.
console_sign_in() {
  local jar=$1 token csrf status
  token=$({ "$gp" --data-dir "$dir" console reset-token 2>/dev/null || true; } |
    { grep -oE '[A-Za-z0-9_-]{24,}' || true; } | tail -1)
  [[ -n "$token" ]] || { echo '`graphpost console reset-token` printed no token'; return 1; }
  csrf=$(curl -s -c "$jar" "$gw_url/ui/login" | { grep -oE 'name="csrf" value="[^"]+"' || true; } |
    head -1 | sed -E 's/.*value="([^"]+)"/\1/')
  curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "token=$token" \
    --data-urlencode "csrf=$csrf" --data-urlencode "next=/ui/overview" "$gw_url/ui/login" || true
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$gw_url/ui/overview" || true)
  [[ "$status" == 200 ]] || { echo "GET /ui/overview answered $status after signing in"; return 1; }
}

http_figures() {
  if ! start_gateway; then
    printf 'HTTP\tskipped: the gateway did not start (%s)\n' "$(tail -1 "$dir/serve.log")"
    return 0
  fi
  local label="HTTP time to first byte (ms: first / min / median / p99 of $((runs - 1)))"
  if ! "$gp" --help 2>&1 | grep -E '^ +console +' >/dev/null; then
    printf 'Overview page, HTTP\tnot measured: this graphpost has no console yet\n'
  elif why=$(console_sign_in "$dir/cookies"); then
    printf 'Overview page, %s\t%s\n' "$label" "$(http_times "$gw_url/ui/overview" -b "$dir/cookies")"
  else
    printf 'Overview page, HTTP\tnot measured: %s\n' "$why"
  fi
  printf '/metrics, %s\t%s\n' "$label" "$(http_times "$gw_url/metrics")"
}
http_figures >>"$rows"

echo "graphpost console benchmark — $messages messages, $(nproc) cores," \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg); goal: Overview < 100 ms"
awk -F'\t' '{ printf "  %-92s %s\n", $1, $2 }' "$rows"
rm -f "$rows"
