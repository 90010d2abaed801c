#!/usr/bin/env bash
# Checks that the sandbox holds thousands of Graph requests in flight when each is delayed by the
# fault latency (the HTTPS server waits out a response's delay on an Asio timer, not a thread):
# wrk keeps N keep-alive connections each with one request outstanding; every answer is delayed
# LATENCY ms. In flight = requests/s x mean latency (Little's law), which must reach ~N.
# Usage: bench/sandbox_inflight.sh [connections=2100] [seconds=10] [latency_ms=300] [sendmail|user]
# (`user` is GET /users/{id}, which the setup guide's app may not be allowed: non-2xx then).
# Loopback only. Needs ulimit -n > 2 x connections (wrk and the sandbox each hold one fd apiece).
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-2100}
seconds=${2:-10}
latency=${3:-300}
kind=${4:-sendmail}
command -v wrk >/dev/null || bash scripts/install-deps.sh
[[ -x build/cmd/graphpost/graphpost ]] || bash scripts/build.sh graphpost
gp=$PWD/build/cmd/graphpost/graphpost
work=$(mktemp -d)
cleanup() { [[ -n "${pid:-}" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

"$gp" sandbox --json --state-dir "$work/state" serve --reset --scenario scenarios/setup-guide.json \
  --set requestsPerWindow=0 --set concurrentRequestsPerAppMailbox=0 \
  --set messagesPerMinutePerMailbox=0 --set recipientsPerDayPerMailbox=0 \
  >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
for _ in $(seq 1 200); do grep -q '^{' "$work/serve.out" 2>/dev/null && break; sleep 0.05; done
base=$(grep '^{' "$work/serve.out" | jq -r .baseUrl)
ca=$(grep '^{' "$work/serve.out" | jq -r .caPath)
"$gp" sandbox --state-dir "$work/state" faults add "{\"latencyMs\":$latency}" >/dev/null
tenant=3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13
curl -sS --cacert "$ca" "$base/$tenant/oauth2/v2.0/token" -d grant_type=client_credentials \
  -d client_id=8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d --data-urlencode scope=https://graph.microsoft.com/.default \
  --data-urlencode "client_secret@$work/state/secrets/slapfive-email-automation.secret" | jq -r .access_token >"$work/token"
if [[ $kind == sendmail ]]; then
  method=POST
  url="$base/v1.0/users/references@company.com/sendMail"
  body='{"message":{"subject":"bench","body":{"contentType":"Text","content":"hello"},"toRecipients":[{"emailAddress":{"address":"pat@company.com"}}]},"saveToSentItems":false}'
else
  method=GET
  url="$base/v1.0/users/references@company.com"
  body=''
fi
printf '%s' "$body" >"$work/body"
cat >"$work/req.lua" <<LUA
local f = io.open("$work/token"); local token = f:read("*l"); f:close()
local b = io.open("$work/body"); local body = b:read("*a"); b:close()
wrk.method = "$method"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
if body ~= "" then wrk.body = body end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %.1f %.1f %.1f\n", summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
# Server side: a request is logged when its handler returns, and then waits out its delay, so the
# log entries of the last `latency` ms are the answers the server holds at that moment. Sampled
# three times in the second half of the run (the connection ramp-up is over by then).
sample_inflight() {
  "$gp" sandbox --json --state-dir "$work/state" requests --limit 100000 2>/dev/null |
    python3 -c '
import json, sys
from datetime import datetime
entries = json.load(sys.stdin)["requests"]
times = [datetime.fromisoformat(e["time"].replace("Z", "+00:00")) for e in entries]
if not times: print(0); sys.exit()
newest = max(times)
print(sum(1 for t in times if (newest - t).total_seconds() * 1000 < '"$latency"'))'
}
wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$work/req.lua" "$url" >"$work/wrk.out" &
wrk_pid=$!
samples=()
for pause in 0.5 0.2 0.2; do  # at 50%, 70% and 90% of the run
  sleep "$(awk -v s="$seconds" -v p="$pause" 'BEGIN { print s * p }')"
  samples+=("$(sample_inflight)")
done
wait "$wrk_pid"
out=$(cat "$work/wrk.out")
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
read -r _ total bad_status socket_errors mean p50 p99 <<<"$(echo "$out" | grep '^RESULT')"
threads=$(awk '/^Threads/ {print $2}' /proc/$pid/status)
rss_kb=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
inflight=$(awk -v r="$rps" -v m="$mean" 'BEGIN { printf "%d", r * m / 1000 }')
echo "sandbox $kind, every answer delayed ${latency} ms, $connections keep-alive connections, ${seconds}s"
echo "  (wrk -t2 and the sandbox's 2 I/O threads share the machine's 2 cores)"
printf '  requests/s     : %s\n' "$rps"
printf '  latency        : mean %s ms, p50 %s ms, p99 %s ms\n' "$mean" "$p50" "$p99"
printf '  in flight      : %s at the server (sampled: %s); %s by requests/s x mean latency\n' \
  "$(printf '%s\n' "${samples[@]}" | sort -n | tail -1)" "${samples[*]}" "$inflight"
printf '  requests       : %s total, %s non-2xx, %s socket errors\n' "$total" "$bad_status" "$socket_errors"
printf '  sandbox threads: %s   peak RSS: %s MiB\n' "$threads" "$((rss_kb / 1024))"
