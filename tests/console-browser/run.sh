#!/usr/bin/env bash
# The web console's browser tests (issue #9, "Done when" 1–3; docs/console.md "Tested in a
# browser"). Usage: tests/console-browser/run.sh <path-to-graphpost-binary>
#
# Builds nothing. Installs the pinned npm packages (playwright-core, axe-core) with `npm ci` when
# needed — no browser is downloaded: the tests drive Debian's /usr/bin/chromium headless
# (scripts/install-deps.sh installs it; GP_CHROMIUM names another). Starts `graphpost serve --demo`
# on free loopback ports in a temporary data directory, reads the console admin token that serve
# prints once at first start into a 0600 file (the admin API key is the data directory's
# operator.key), runs console.mjs, always stops the gateway, and prints the screenshot folder
# (GRAPHPOST_SCREENSHOT_DIR, else a new folder under $TMPDIR, kept after the run).
# Exits non-zero naming the failing step.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <path-to-graphpost-binary>" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
fail() { echo "console-browser: FAILED at step: $*" >&2; exit 1; }
[[ -x "$bin" ]] || { echo "console-browser: $1 is not an executable graphpost binary" >&2; exit 2; }
chromium=${GP_CHROMIUM:-/usr/bin/chromium}
for tool in node npm jq "$chromium"; do
  command -v "$tool" >/dev/null || { echo "console-browser: $tool is required (scripts/install-deps.sh)" >&2; exit 2; }
done

# --- npm packages: `npm ci` when node_modules is missing or was installed from another lock file.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1
lock_sum=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
stamp="$here/node_modules/.console-browser-lock.sha256"
if [[ ! -d "$here/node_modules" || ! -f "$stamp" || "$(cat "$stamp")" != "$lock_sum" ]]; then
  echo "console-browser: installing npm packages (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci"
  echo "$lock_sum" >"$stamp"
fi

shots=${GRAPHPOST_SCREENSHOT_DIR:-}
if [[ -z "$shots" ]]; then
  shots=$(mktemp -d "${TMPDIR:-/tmp}/graphpost-console-screenshots.XXXXXX")
else
  mkdir -p "$shots"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/graphpost-console-browser.XXXXXX")
gateway_pid=""
node_pid=""
cleanup() {
  local status=$?
  if [[ -n "$node_pid" ]]; then
    kill -TERM "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  if [[ -n "$gateway_pid" ]] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill -TERM "$gateway_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$gateway_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$gateway_pid" 2>/dev/null; then
      echo "console-browser: WARNING: the gateway did not stop within 15 s of SIGTERM; killing it" >&2
      kill -KILL "$gateway_pid" 2>/dev/null || true
    fi
    wait "$gateway_pid" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -n "${GRAPHPOST_KEEP_WORK:-}" ]]; then
    echo "console-browser: work directory kept: $work" >&2
  else
    rm -rf "$work"
  fi
  echo "console-browser: screenshots in $shots"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the gateway with the embedded sandbox, on free loopback ports. Its stdout holds the console
# token (printed once), so it goes to a 0600 file in the work folder and nowhere else.
umask 077
data="$work/data"
"$bin" --data-dir "$data" serve --demo --host 127.0.0.1 --port 0 \
  --demo-scenario "$repo/scenarios/setup-guide.json" --set smtp.port=0 \
  --set lanes.messages_per_minute=0 >"$work/serve.out" 2>"$work/serve.err" &
gateway_pid=$!
base_url=""
sandbox_dir=""
for _ in $(seq 1 600); do
  if [[ -s "$data/gateway.json" ]] && grep -q '"event":"listening"' "$work/serve.out" 2>/dev/null; then
    base_url=$(jq -r .baseUrl "$data/gateway.json")
    sandbox_dir=$(grep -m1 '"event":"listening"' "$work/serve.out" | jq -r '.demoSandboxDir // empty')
    [[ -n "$sandbox_dir" ]] || sandbox_dir="$data/demo-sandbox"
    [[ -s "$sandbox_dir/endpoint.json" && -s "$data/demo.key" && -s "$data/operator.key" ]] && break
  fi
  kill -0 "$gateway_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z "$base_url" || ! -s "$sandbox_dir/endpoint.json" ]]; then
  tail -20 "$work/serve.err" >&2
  fail "start graphpost serve --demo"
fi
# The token: "gpc_" and 43 base64url characters (console/console_token.hpp).
grep -o -m1 -E 'gpc_[A-Za-z0-9_-]{43}' "$work/serve.out" | head -1 | tr -d '\n' >"$work/console.token" || true
[[ -s "$work/console.token" ]] || fail "read the console admin token from serve's output"
echo "console-browser: gateway pid $gateway_pid at $base_url"

export GP_BIN="$bin" GP_DATA_DIR="$data" GP_SANDBOX_DIR="$sandbox_dir" GP_BASE_URL="$base_url"
export GP_WORK="$work" GP_SCREENSHOT_DIR="$shots" GP_SERVE_LOG="$work/serve.err"
export GP_CONSOLE_TOKEN_FILE="$work/console.token" GP_CHROMIUM="$chromium"
status=0
(cd "$here" && exec node console.mjs) &
node_pid=$!
wait "$node_pid" || status=$?
node_pid=""
if [[ $status -ne 0 ]]; then
  echo "console-browser: gateway log (tail):" >&2
  tail -15 "$work/serve.err" >&2 || true
  fail "browser tests (the FAIL lines above name the steps)"
fi
