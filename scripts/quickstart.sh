#!/usr/bin/env bash
# Quick start: installs what graphpost needs, builds it, and runs `graphpost serve --demo`: the
# gateway (REST API, durable outbox, delivery engine) with the sandbox in the same process (the
# setup guide's tenant), a demo connection for references@company.com and a demo API key. It
# prints a curl command that sends a first message and the command that shows it in
# pat@company.com's Inbox. Run as root on a fresh Debian 12 machine; Ctrl-C stops the gateway.
# The setup guide walkthrough (sandbox serve, connection add, the doctor, graphpost send) is
# scripts/quickstart-guide.sh.
#
#   bash scripts/quickstart.sh [--port N] [any other `graphpost serve` flag]
#
# GRAPHPOST_DATA_DIR (default ./.graphpost-demo) holds the outbox, the connections, the keys and
# the sandbox's state.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh graphpost
gp=$PWD/build/cmd/graphpost/graphpost
export GRAPHPOST_DATA_DIR=${GRAPHPOST_DATA_DIR:-$PWD/.graphpost-demo}
echo "== graphpost serve --demo (data in $GRAPHPOST_DATA_DIR)"
exec "$gp" serve --demo --demo-scenario scenarios/setup-guide.json "$@"
