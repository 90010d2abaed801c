#!/usr/bin/env bash
# SMTP interop (issue #8, "Done when" 1 and 2): real SMTP clients submit to graphpost's SMTP
# listener and every message is checked in the recipient's mailbox in the sandbox; then a suite of
# malformed sessions runs against a second gateway. Usage: tests/smtp-interop/run.sh <graphpost>
#
#   1. a TLS certificate for 127.0.0.1 (openssl, made now), `graphpost serve --demo` on free ports
#      (HTTP and SMTP) with the embedded sandbox, STARTTLS with that certificate, 127.0.0.2 allowed
#      to relay without AUTH through the `demo` connection, and four SMTP accounts;
#   2. swaks (STARTTLS + AUTH PLAIN and LOGIN, PIPELINING, attachments, QP, 8-bit, RFC 2047, Bcc,
#      no Message-ID), Python smtplib (STARTTLS + login, send_message, 8BITMIME, SMTPUTF8, 20 MB),
#      nodemailer (secure:false + requireTLS, AUTH, attachments, UTF-8), and Postfix with graphpost
#      as relayhost without SASL (relay range) and with SASL (TLS required);
#   3. check_delivered.py: each message's copy in each recipient's Inbox, $value and Graph JSON,
#      against the bytes sent (mimecheck.py says what may differ);
#   4. malformed_sessions.py against a second gateway with small limits and timeouts.
# Needs swaks, postfix, python3, node/npm, openssl (scripts/install-deps.sh). Passwords live in
# 0600 files and reach clients through files, stdin or the environment, never argv.
# Prints one line per check and "N passed, N failed"; exits 1 when anything failed.
set -uo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <path-to-graphpost-binary>" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[[ -x "$bin" ]] || { echo "smtp-interop: $1 is not an executable graphpost binary" >&2; exit 2; }
for tool in swaks postfix sendmail python3 node npm openssl jq; do
  command -v "$tool" >/dev/null || { echo "smtp-interop: $tool is required (scripts/install-deps.sh)" >&2; exit 2; }
done
source "$here/postfix_relay.sh"

# --- npm packages (nodemailer): `npm ci` when node_modules is missing or from another lock file.
lock_sum=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
stamp="$here/node_modules/.smtp-interop-lock.sha256"
if [[ ! -d "$here/node_modules" || ! -f "$stamp" || "$(cat "$stamp")" != "$lock_sum" ]]; then
  echo "smtp-interop: installing npm packages (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || exit 1
  echo "$lock_sum" >"$stamp"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/graphpost-smtp-interop.XXXXXX")
chmod 755 "$work"  # Postfix's daemons (user postfix) read the CA file under it
pids=()
postfix_dirs=()
cleanup() {
  local status=$? p d
  for d in "${postfix_dirs[@]}"; do postfix_relay_stop "$d"; done
  for p in "${pids[@]}"; do
    kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
  done
  if [[ $status -ne 0 && -n "${GRAPHPOST_KEEP_WORK:-}" ]]; then
    echo "smtp-interop: work directory kept: $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

passed=0
failed=0
record() {  # record NAME STATUS
  if [[ "$2" == 0 ]]; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi
}

# --- TLS certificate for the SMTP listener (self-signed; clients trust it as their CA).
umask 077
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$work/smtp.key" -out "$work/smtp.pem" 2>/dev/null || { echo "openssl failed" >&2; exit 1; }
chmod 644 "$work/smtp.pem"
umask 022

# start_gateway DIR ARGS...: `graphpost serve --demo` on free ports; sets gw_http, gw_smtp,
# gw_sandbox (the demo sandbox's state directory).
start_gateway() {
  local dir=$1 i
  shift
  mkdir -p "$dir"
  "$bin" --data-dir "$dir/data" serve --demo --port 0 \
    --demo-scenario "$repo/scenarios/setup-guide.json" \
    --set smtp.port=0 --set smtp.tls_cert="$work/smtp.pem" --set smtp.tls_key="$work/smtp.key" \
    --set lanes.messages_per_minute=0 "$@" >"$dir/serve.out" 2>"$dir/serve.err" &
  pids+=($!)
  for ((i = 0; i < 600; i++)); do
    if [[ -s "$dir/data/gateway.json" ]] && grep -q '"event":"listening"' "$dir/serve.out" 2>/dev/null; then
      gw_http=$(jq -r .baseUrl "$dir/data/gateway.json")
      gw_smtp=$(jq -r '.smtp_port // 0' "$dir/data/gateway.json")
      gw_sandbox=$(grep -m1 '"event":"listening"' "$dir/serve.out" | jq -r '.demoSandboxDir // empty')
      [[ -n "$gw_sandbox" ]] || gw_sandbox="$dir/data/demo-sandbox"
      if [[ "$gw_smtp" != 0 && -s "$gw_sandbox/endpoint.json" ]]; then
        echo "smtp-interop: gateway at $gw_http, SMTP on 127.0.0.1:$gw_smtp"
        return 0
      fi
    fi
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "smtp-interop: the gateway did not start (or gateway.json has no smtp_port); its log:" >&2
  tail -20 "$dir/serve.err" >&2
  return 1
}

# add_account DIR NAME: an SMTP account for the demo connection; its password in $work/NAME.password.
add_account() {
  umask 077
  openssl rand -base64 24 | tr -d '\n' >"$work/$2.password"
  umask 022
  "$bin" --data-dir "$1/data" smtp-account add "$2" --connection demo --password-stdin \
    <"$work/$2.password" >>"$work/accounts.log" 2>&1
}

gw=$work/gw
start_gateway "$gw" --set 'smtp.relay=127.0.0.2/32=demo' || exit 1
http=$gw_http smtp=$gw_smtp sandbox=$gw_sandbox
for account in interop-swaks interop-python interop-node interop-postfix; do
  add_account "$gw" "$account" || { echo "smtp-interop: smtp-account add $account failed:" >&2; cat "$work/accounts.log" >&2; exit 1; }
done
msgs=$work/messages
mkdir -p "$msgs"
manifest=$work/manifest.jsonl
: >"$manifest"
python3 "$here/make_messages.py" build "$msgs" || exit 1

# --- swaks: STARTTLS (verified), AUTH PLAIN and LOGIN, PIPELINING.
# swaks_send CASE AUTH FILE RCPT...: the password comes from the environment (SWAKS_OPT_*).
# swaks ends DATA with CRLF "." CRLF after the text it is given (and dot-stuffs it), so it gets
# FILE without its last CRLF: what goes on the wire is then FILE exactly.
swaks_send() {
  local case=$1 auth=$2 file=$3
  shift 3
  local to
  to=$(IFS=,; echo "$*")
  python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); open(sys.argv[2], "wb").write(d[:-2] if d.endswith(b"\r\n") else d)' \
    "$file" "$file.swaks-data"
  SWAKS_OPT_auth_password="$(cat "$work/interop-swaks.password")" \
    swaks --server 127.0.0.1 --port "$smtp" --ehlo swaks.interop --tls --tls-verify \
    --tls-ca-path "$work/smtp.pem" --auth "$auth" --auth-user interop-swaks --auth-hide-password --pipeline \
    --from references@company.com --to "$to" --data "@$file.swaks-data" >"$msgs/$case.swaks.log" 2>&1
}
swaks_case() {  # swaks_case CASE AUTH RCPT...
  local case=$1 auth=$2
  shift 2
  if swaks_send "$case" "$auth" "$msgs/$case.eml" "$@" && grep -q "~> AUTH $auth" "$msgs/$case.swaks.log" &&
    grep -q "<~ *250" "$msgs/$case.swaks.log"; then
    cat "$msgs/$case.json" >>"$manifest"
    record "swaks $case (STARTTLS, AUTH $auth, PIPELINING)" 0
  else
    tail -15 "$msgs/$case.swaks.log"
    record "swaks $case (STARTTLS, AUTH $auth, PIPELINING)" 1
  fi
}
# A message swaks builds itself: RFC 2047 subject and display names, a body, two attachments.
head -c 120000 /dev/urandom >"$msgs/daten.bin"
printf 'Zeile eins\nZeile zwei mit Ümlaut\n' >"$msgs/notiz.txt"
swaks --dump-mail --from references@company.com --to pat@company.com \
  --h-From '"=?UTF-8?Q?R=C3=A9f=C3=A9rence_=C3=89quipe?=" <references@company.com>' \
  --h-To '"=?UTF-8?B?UMOidCBLdW5kZW5lcmZvbGc=?=" <pat@company.com>' \
  --h-Subject '=?UTF-8?B?c3dha3M6IEFuaMOkbmdlIHVuZCBVbWxhdXRlIOKckw==?=' \
  --add-header 'X-Interop-Case: swaks-plain-attach' --body 'Zwei Anhänge anbei.' \
  --attach "@$msgs/daten.bin" --attach-type text/plain --attach "@$msgs/notiz.txt" \
  >"$msgs/swaks-plain-attach.dump" 2>/dev/null
# --dump-mail prints the DATA text with stray line ends after the last boundary; the message is
# that text ending in one CRLF.
python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); open(sys.argv[2], "wb").write(d.rstrip(b"\r\n") + b"\r\n")' \
  "$msgs/swaks-plain-attach.dump" "$msgs/swaks-plain-attach.eml"
python3 "$here/make_messages.py" entry swaks-plain-attach "$msgs/swaks-plain-attach.eml" passthrough \
  pat@company.com >"$msgs/swaks-plain-attach.json"
swaks_case swaks-plain-attach PLAIN pat@company.com
swaks_case swaks-qp-login LOGIN pat@company.com
swaks_case swaks-bcc PLAIN pat@company.com admin@company.com
swaks_case swaks-no-message-id LOGIN pat@company.com

# --- Python smtplib.
python3 "$here/smtplib_client.py" 127.0.0.1 "$smtp" "$work/smtp.pem" interop-python \
  "$work/interop-python.password" "$msgs" "$manifest"
record "python smtplib (STARTTLS, login, send_message, 8BITMIME, SMTPUTF8, 20 MB)" $?

# --- nodemailer.
node "$here/nodemailer_client.mjs" 127.0.0.1 "$smtp" "$work/smtp.pem" interop-node \
  "$work/interop-node.password" "$msgs" "$manifest"
record "nodemailer (secure:false + requireTLS, AUTH, attachments, UTF-8)" $?

# --- Postfix with graphpost as relayhost: without SASL from 127.0.0.2, then with SASL + TLS.
postfix_case() {  # postfix_case CASE DIR BIND [USER PASSWORD_FILE]
  local case=$1 dir=$2
  postfix_dirs+=("$dir")
  if postfix_relay_start "$dir" "$smtp" "$work/smtp.pem" "${@:3}" &&
    postfix_relay_inject "$dir" "$msgs/$case.eml" references@company.com pat@company.com &&
    postfix_relay_wait_empty "$dir" 60; then
    cat "$msgs/$case.json" >>"$manifest"
    record "postfix relay $case" 0
  else
    tail -20 "$dir/maillog" 2>/dev/null
    record "postfix relay $case" 1
  fi
  postfix_relay_stop "$dir"
}
postfix_case postfix-nosasl "$work/postfix-nosasl" 127.0.0.2
postfix_case postfix-sasl "$work/postfix-sasl" 127.0.0.1 interop-postfix "$work/interop-postfix.password"
grep -h 'relay=127.0.0.1\[127.0.0.1\]' "$work"/postfix-*/maillog 2>/dev/null | sed 's/^/  postfix: /' | tail -4

# --- every message in its recipients' mailboxes, compared with what was sent.
python3 "$here/check_delivered.py" "$sandbox" "$manifest" --timeout 240
record "delivered copies match what was sent" $?
# The 20 MB message is over Graph's 4 MB request limit: it must have gone as a draft plus upload
# sessions (the sandbox's request log shows the calls), the others as MIME sendMail.
requests=$("$bin" sandbox --json --state-dir "$sandbox" requests --limit 1000 2>&1)
grep -q 'createUploadSession' <<<"$requests" && grep -q '/sendMail' <<<"$requests"
record "the 20 MB message went by draft + upload sessions, the others by MIME sendMail" $?

# --- malformed sessions against a second gateway with small limits and timeouts.
start_gateway "$work/gw2" --set 'smtp.relay=127.0.0.2/32=demo' --set smtp.max_message_bytes=1MB \
  --set smtp.data_timeout=2s --set smtp.idle_timeout=30s --set smtp.max_recipients=500 &&
  add_account "$work/gw2" interop-bad &&
  python3 "$here/malformed_sessions.py" 127.0.0.1 "$gw_smtp" "$work/smtp.pem" interop-bad \
    "$work/interop-bad.password" "$bin" "$work/gw2/data"
record "malformed sessions" $?

echo "smtp-interop: ${passed} passed, ${failed} failed"
exit $((failed > 0))
