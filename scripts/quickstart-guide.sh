#!/usr/bin/env bash
# The setup guide walkthrough (what quickstart.sh did before the gateway): installs what graphpost needs, builds it, starts the sandbox with the setup guide's
# tenant (scenarios/setup-guide.json) and walks the guide's result end to end: the Exchange checks
# of steps 5 and 7, the Outlook connection of step 8 (graphpost connection add), the doctor
# (graphpost connection test, with a real test message), a message sent from
# references@company.com with graphpost send, and the message in the recipient's Inbox and the
# sender's Sent Items. Run as root on a fresh Debian 12 machine.
# The sandbox keeps running afterwards (its state lives in $GRAPHPOST_SANDBOX_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh graphpost
gp=$PWD/build/cmd/graphpost/graphpost
export GRAPHPOST_SANDBOX_DIR=${GRAPHPOST_SANDBOX_DIR:-$PWD/.sandbox}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== starting the sandbox with the setup guide's tenant"
if [[ -f "$GRAPHPOST_SANDBOX_DIR/endpoint.json" ]] && "$gp" sandbox status >/dev/null 2>&1; then
  echo "a sandbox is already running on $GRAPHPOST_SANDBOX_DIR"
else
  nohup "$gp" sandbox serve --reset --scenario scenarios/setup-guide.json >"$work/serve.log" 2>&1 &
  for _ in $(seq 1 100); do grep -q '^{' "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
  cat "$work/serve.log"
fi
base=$(jq -r .baseUrl "$GRAPHPOST_SANDBOX_DIR/endpoint.json")
ca=$(jq -r .caPath "$GRAPHPOST_SANDBOX_DIR/endpoint.json")
tenant=3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13
client=8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d
secret_file=$GRAPHPOST_SANDBOX_DIR/secrets/slapfive-email-automation.secret

echo; echo "== step 5: Get-Mailbox references@company.com"
"$gp" sandbox exo Get-Mailbox references@company.com
echo; echo "== step 7: Test-ServicePrincipalAuthorization -Identity $client -Resource references@company.com"
"$gp" sandbox exo Test-ServicePrincipalAuthorization -Identity "$client" -Resource references@company.com

export GRAPHPOST_DATA_DIR=${GRAPHPOST_DATA_DIR:-$PWD/.graphpost-data}
echo; echo "== step 8: the Outlook connection (the secret is read from $secret_file, never from argv)"
"$gp" connection remove references >/dev/null 2>&1 || true
expires=$("$gp" sandbox --json app show "$client" | jq -r '.secrets[0].endDateTime')
"$gp" connection add references --tenant "$tenant" --client-id "$client" \
  --user-id references@company.com --secret-file "$secret_file" --secret-expires "$expires" --sandbox
echo; echo "== graphpost connection test references (the Connect button, plus the doctor)"
"$gp" connection test references --send-test-to admin@company.com || true

echo; echo "== graphpost send: references@company.com to pat@company.com"
"$gp" send --connection references --to pat@company.com --subject "Hello from graphpost" \
  --text "Sent with client credentials through Microsoft Graph (the sandbox)."
echo; echo "== pat@company.com Inbox"
"$gp" sandbox mailbox pat@company.com
echo; echo "== references@company.com Sent Items"
"$gp" sandbox mailbox references@company.com --folder sentitems
echo; echo "The sandbox is still running (state: $GRAPHPOST_SANDBOX_DIR). Stop it with: kill \$(jq .pid $GRAPHPOST_SANDBOX_DIR/endpoint.json)"
