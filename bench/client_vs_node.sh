#!/usr/bin/env bash
# graphpost's client path against Microsoft's Node stack, side by side in one run on one sandbox:
# CPU per message and messages/s for the same work — a client-credentials token from the in-memory
# cache plus one Graph JSON sendMail per message, the same message, the same count after a warm-up
# of the same size, `concurrency` sends in flight.
#   graphpost (C++): build/bench/client_send_bench, `concurrency` threads sharing one ClientRuntime
#     session (what `graphpost send` does, in-process); CPU = getrusage(RUSAGE_SELF) user+sys.
#   msal-node + graph: bench/node/send.mjs (@azure/msal-node + @microsoft/microsoft-graph-client,
#     the pins of tests/interop), `concurrency` async workers; CPU = process.cpuUsage() user+sys.
# Only the client process's CPU is counted, never the sandbox's. The sandbox runs with the
# per-(app, mailbox) limits raised (as in bench/sandbox_sendmail.sh) so that it never throttles.
# A second line times N sequential `graphpost send` processes (start-up, store, token, send).
# Usage: bench/client_vs_node.sh [count=3000] [concurrency=16] [sequential_sends=20]
# Builds graphpost + client_send_bench (scripts/build.sh) and installs bench/node (npm ci) if needed;
# GRAPHPOST_BUILD_DIR=DIR uses the binaries of another build directory.
# Goal (issue #3): >= 5x less CPU per message than the Node stack.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-3000}
concurrency=${2:-16}
sequential=${3:-20}
# As many warm-up messages as timed ones, in both clients: the token is fetched and Node's JIT has
# settled before timing starts (a short warm-up overstates Node's CPU per message by about 30%).
warmup=$count
for tool in node npm jq; do
  command -v "$tool" >/dev/null || { echo "client_vs_node: $tool is required" >&2; exit 2; }
done
build=${GRAPHPOST_BUILD_DIR:-$PWD/build}
gp=$build/cmd/graphpost/graphpost
driver=$build/bench/client_send_bench
if [[ ! -x "$gp" || ! -x "$driver" ]]; then
  [[ -z "${GRAPHPOST_BUILD_DIR:-}" ]] || { echo "client_vs_node: build graphpost and client_send_bench in $build first" >&2; exit 2; }
  bash scripts/build.sh graphpost client_send_bench
fi
lock_sum=$(sha256sum bench/node/package-lock.json | cut -d' ' -f1)
stamp=bench/node/node_modules/.bench-lock.sha256
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_sum" ]]; then
  (cd bench/node && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$stamp"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/graphpost-bench.XXXXXX")
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$gp" sandbox --json --state-dir "$work/state" serve --port 0 --reset --scenario scenarios/setup-guide.json \
  --set requestsPerWindow=1000000000 --set concurrentRequestsPerAppMailbox=100000 \
  --set messagesPerMinutePerMailbox=1000000000 --set recipientsPerDayPerMailbox=1000000000 \
  >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
for _ in $(seq 1 300); do grep -q '^{' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
listening=$(grep -m1 '^{' "$work/serve.out" || true)
[[ -n "$listening" ]] || { echo "client_vs_node: the sandbox did not start:" >&2; cat "$work/serve.err" >&2; exit 1; }
base=$(jq -r .baseUrl <<<"$listening")
ca=$(jq -r .caPath <<<"$listening")
tenant=3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13
client=8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d
secret_file=$(jq -r --arg app "$client" '.generatedSecrets[] | select(.appId == $app) | .path' <<<"$listening")
[[ -s "$secret_file" ]] || { echo "client_vs_node: the sandbox generated no secret for app $client" >&2; exit 1; }
mailbox=references@company.com
to=pat@company.com

cpp=$("$driver" --base-url "$base" --ca-file "$ca" --tenant "$tenant" --client-id "$client" \
  --secret-file "$secret_file" --mailbox "$mailbox" --to "$to" \
  --count "$count" --concurrency "$concurrency" --warmup "$warmup")
node_out=$(NODE_EXTRA_CA_CERTS="$ca" node bench/node/send.mjs "$base" "$tenant" "$client" "$secret_file" \
  "$mailbox" "$to" "$count" "$concurrency" "$warmup")

# N sequential `graphpost send` processes through a saved connection (secret from its file).
export GRAPHPOST_DATA_DIR=$work/data
"$gp" connection add bench --tenant "$tenant" --client-id "$client" --user-id "$mailbox" \
  --secret-file "$secret_file" --sandbox --sandbox-dir "$work/state" >/dev/null
TIMEFORMAT='%R %U %S'
seq_times=$( { time (for _ in $(seq 1 "$sequential"); do
  "$gp" send --connection bench --to "$to" --subject "graphpost client benchmark" \
    --text "Sent with client credentials through Microsoft Graph (the sandbox)." >/dev/null
done); } 2>&1)

row() {  # row LABEL JSON
  jq -r '"\(.messages) \(.seconds) \(.cpu_seconds)"' <<<"$2" | awk -v label="$1" '{
    printf "%-21s%-9.0f  %-11.3f  %.2f\n", label, $1 / $2, 1000 * $3 / $1, $3 }'
}
echo "client path: token cache + Graph sendMail, $count messages, $concurrency concurrent, against the graphpost sandbox (TLS)"
echo "                     msgs/s     CPU ms/msg   CPU total s"
row "graphpost (C++)" "$cpp"
row "msal-node + graph" "$node_out"
ratio=$(jq -rn --argjson c "$cpp" --argjson n "$node_out" \
  '($n.cpu_seconds / $n.messages) / ($c.cpu_seconds / $c.messages)' | awk '{ printf "%.1f", $1 }')
echo "ratio (Node CPU / graphpost CPU per message): ${ratio}×  (goal ≥ 5×)"
echo "token requests in the timed phase (the warm-up fetched the token): graphpost $(jq .token_requests <<<"$cpp"), msal-node $(jq .token_requests <<<"$node_out")"
read -r real user sys <<<"$seq_times"
awk -v n="$sequential" -v r="$real" -v u="$user" -v s="$sys" 'BEGIN {
  printf "graphpost send, one process per message: %d sequential sends in %.2f s wall = %.0f ms/message (CPU %.0f ms/message)\n",
    n, r, 1000 * r / n, 1000 * (u + s) / n }'
echo "(client CPU only; the sandbox runs on the same machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
