#!/usr/bin/env bash
# Measures the sandbox as the remote end of later benchmarks: Graph sendMail requests per second
# over TLS with keep-alive and 16 concurrent clients (wrk), with p50/p99 latency. Limits that
# would throttle one (app, mailbox) pair are raised, so the sandbox itself is measured.
# Usage: bench/sandbox_sendmail.sh [seconds=10] [connections=16]    (builds graphpost if needed)
# Goal (issue #2): >= 3,000 requests/s on a 2-core machine. wrk shares those 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-16}
command -v wrk >/dev/null || bash scripts/install-deps.sh
[[ -x build/cmd/graphpost/graphpost ]] || bash scripts/build.sh graphpost
gp=$PWD/build/cmd/graphpost/graphpost
work=$(mktemp -d)
cleanup() { [[ -n "${pid:-}" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$gp" sandbox --json --state-dir "$work/state" serve --reset --scenario scenarios/setup-guide.json \
  --set requestsPerWindow=1000000000 --set concurrentRequestsPerAppMailbox=100000 \
  --set messagesPerMinutePerMailbox=1000000000 --set recipientsPerDayPerMailbox=1000000000 \
  >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
for _ in $(seq 1 200); do grep -q '^{' "$work/serve.out" 2>/dev/null && break; sleep 0.05; done
base=$(grep '^{' "$work/serve.out" | jq -r .baseUrl)
ca=$(grep '^{' "$work/serve.out" | jq -r .caPath)
tenant=3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13
curl -sS --cacert "$ca" "$base/$tenant/oauth2/v2.0/token" -d grant_type=client_credentials \
  -d client_id=8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d --data-urlencode scope=https://graph.microsoft.com/.default \
  --data-urlencode "client_secret@$work/state/secrets/slapfive-email-automation.secret" | jq -r .access_token >"$work/token"
cat >"$work/send.lua" <<LUA
local f = io.open("$work/token"); local token = f:read("*l"); f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.body = '{"message":{"subject":"bench","body":{"contentType":"Text","content":"hello"},"toRecipients":[{"emailAddress":{"address":"pat@company.com"}}]},"saveToSentItems":false}'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %.1f %.1f\n", summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
out=$(wrk -t2 -c"$connections" -d"${seconds}s" -s "$work/send.lua" "$base/v1.0/users/references@company.com/sendMail")
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
read -r _ total bad_status socket_errors p50 p99 <<<"$(echo "$out" | grep '^RESULT')"
rss_kb=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
echo "sandbox sendMail over TLS keep-alive, $connections clients, ${seconds}s (wrk -t2; server 2 I/O threads; 2 cores shared)"
printf '  requests/s : %s   (goal >= 3000)\n' "$rps"
printf '  latency    : p50 %s ms, p99 %s ms\n' "$p50" "$p99"
printf '  requests   : %s total, %s non-2xx, %s socket errors\n' "$total" "$bad_status" "$socket_errors"
printf '  server peak RSS: %s MiB\n' "$((rss_kb / 1024))"
