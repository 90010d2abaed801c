#!/usr/bin/env bash
# Interop tests: Microsoft's own Node libraries (@azure/msal-node, @microsoft/microsoft-graph-client)
# against a fresh graphpost sandbox. Usage: tests/interop/run.sh <path-to-graphpost-binary>
#
# Installs the pinned npm packages when needed, starts `graphpost sandbox serve` (port 0, the setup
# guide's scenario) in a temporary state directory, prepares what the tests need with the admin CLI
# (a certificate, an expired secret, an app without consent, a disabled app), runs `node --test`
# and always stops the sandbox. Secret values live only in files; their paths go to the tests.
# Exits with node's status.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <path-to-graphpost-binary>" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if [[ ! -x "$bin" ]]; then
  echo "interop: $1 is not an executable graphpost binary" >&2
  exit 2
fi
for tool in node npm openssl; do
  command -v "$tool" >/dev/null || { echo "interop: $tool is required" >&2; exit 2; }
done

# --- npm packages: `npm ci` when node_modules is missing or was installed from another lock file.
lock_sum=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
stamp="$here/node_modules/.interop-lock.sha256"
if [[ ! -d "$here/node_modules" || ! -f "$stamp" || "$(cat "$stamp")" != "$lock_sum" ]]; then
  echo "interop: installing npm packages (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$stamp"
fi

# --- the sandbox, stopped on every exit path.
work=$(mktemp -d "${TMPDIR:-/tmp}/graphpost-interop.XXXXXX")
state="$work/state"
sandbox_pid=""
node_pid=""
cleanup() {
  local status=$?
  if [[ -n "$node_pid" ]]; then
    kill -TERM "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  if [[ -n "$sandbox_pid" ]] && kill -0 "$sandbox_pid" 2>/dev/null; then
    kill -TERM "$sandbox_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$sandbox_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$sandbox_pid" 2>/dev/null; then
      echo "interop: WARNING: the sandbox did not stop within 10 s of SIGTERM; killing it" >&2
      kill -KILL "$sandbox_pid" 2>/dev/null || true
    fi
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$bin" sandbox --json --state-dir "$state" serve --port 0 --reset \
  --scenario "$repo/scenarios/setup-guide.json" >"$work/serve.out" 2>"$work/serve.err" &
sandbox_pid=$!

# Bounded poll for the one JSON line (at most 30 s).
listening=""
for _ in $(seq 1 300); do
  listening=$(grep -m1 '^{' "$work/serve.out" 2>/dev/null || true)
  [[ -n "$listening" ]] && break
  if ! kill -0 "$sandbox_pid" 2>/dev/null; then
    echo "interop: the sandbox exited before listening:" >&2
    cat "$work/serve.err" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$listening" ]]; then
  echo "interop: the sandbox printed no JSON line within 30 s" >&2
  cat "$work/serve.err" >&2
  exit 1
fi

# json_field EXPR: evaluates a JS expression over the JSON document on stdin (`d`).
json_field() {
  node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>{const d=JSON.parse(s);const v=('"$1"');if(v===undefined||v===null){process.exit(1)}process.stdout.write(String(v))})'
}

tenant=3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13
client=8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d
base_url=$(json_field 'd.baseUrl' <<<"$listening")
ca_path=$(json_field 'd.caPath' <<<"$listening")
secret_file=$(json_field "(d.generatedSecrets.find(s => s.appId === '$client') || {}).path" <<<"$listening") || {
  echo "interop: the sandbox reported no generated secret for app $client" >&2
  exit 1
}
echo "interop: sandbox pid $sandbox_pid at $base_url"

# --- what the tests need, made with the admin CLI. Its output goes to a log (no secret values are
# printed: --value-file writes them to 0600 files).
gp() { "$bin" sandbox --json --state-dir "$state" "$@"; }
admin_log="$work/admin.log"
admin() {
  if ! gp "$@" >>"$admin_log" 2>&1; then
    echo "interop: admin command failed: graphpost sandbox $1 $2 ..." >&2
    tail -5 "$admin_log" >&2
    exit 1
  fi
}
register_app() {  # register_app NAME → prints the new appId
  local out
  out=$(gp app register --name "$1" 2>>"$admin_log") || { echo "interop: app register failed" >&2; tail -5 "$admin_log" >&2; exit 1; }
  echo "$out" >>"$admin_log"
  json_field 'd.appId || (d.application && d.application.appId)' <<<"$out"
}

umask 077
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj "/CN=graphpost interop" \
  -keyout "$work/app.key" -out "$work/app.pem" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj "/CN=graphpost interop unregistered" \
  -keyout "$work/unregistered.key" -out "$work/unregistered.pem" 2>/dev/null
admin app add-certificate "$client" --cert "$work/app.pem" --name interop
# The sandbox (like Entra) refuses a secret that is already expired: this one expires within 2 s,
# then the sandbox's clock moves 3 s ahead (clockOffsetSeconds) so it has expired at once and no
# test waits for it. 3 s keeps every other check within its tolerance (tokens.test.mjs allows
# 5 s between msal-node's expiresOn and the token's exp).
expired_end=$(date -u -d '+2 seconds' +%Y-%m-%dT%H:%M:%SZ)
admin app add-secret "$client" --name expiring --end "$expired_end" --value-file "$work/expired.secret"
admin settings --set clockOffsetSeconds=3
no_consent=$(register_app "Interop No Consent")
admin app add-secret "$no_consent" --name interop --value-file "$work/noconsent.secret"
disabled=$(register_app "Interop Disabled")
admin app add-secret "$disabled" --name interop --value-file "$work/disabled.secret"
admin app disable "$disabled"

# --- the tests.
export NODE_EXTRA_CA_CERTS="$ca_path"
export GP_BASE_URL="$base_url" GP_TENANT_ID="$tenant" GP_TENANT_DOMAIN=company.onmicrosoft.com
export GP_CLIENT_ID="$client" GP_SECRET_FILE="$secret_file" GP_EXPIRED_SECRET_FILE="$work/expired.secret"
export GP_EXPIRED_SECRET_END="$expired_end"
export GP_CERT_FILE="$work/app.pem" GP_KEY_FILE="$work/app.key"
export GP_UNREGISTERED_CERT_FILE="$work/unregistered.pem" GP_UNREGISTERED_KEY_FILE="$work/unregistered.key"
export GP_NOCONSENT_APP_ID="$no_consent" GP_NOCONSENT_SECRET_FILE="$work/noconsent.secret"
export GP_DISABLED_APP_ID="$disabled" GP_DISABLED_SECRET_FILE="$work/disabled.secret"

# In the background + wait, so that a TERM/INT to this script is handled at once (bash runs traps
# only between foreground commands) and the cleanup stops node as well as the sandbox.
status=0
(cd "$here" && exec node --test --test-reporter=spec ./*.test.mjs) &
node_pid=$!
wait "$node_pid" || status=$?
node_pid=""
if [[ $status -ne 0 ]]; then
  echo "interop: FAILED (node exit $status); the sandbox's last requests:" >&2
  "$bin" sandbox --state-dir "$state" requests --limit 40 >&2 || true
  echo "interop: sandbox stderr (tail):" >&2
  tail -20 "$work/serve.err" >&2 || true
fi
exit "$status"
