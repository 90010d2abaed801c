#!/usr/bin/env bash
# Installs every Debian package graphpost needs to build, test, fuzz and benchmark (Debian 12,
# as root). Idempotent. Node.js/npm come with the machine image; the interop tests install their
# npm packages themselves into tests/interop/node_modules, tests/smtp-interop/node_modules and
# tests/console-browser/node_modules.
set -euo pipefail
packages=(
  build-essential cmake ninja-build ccache mold pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libcurl4-openssl-dev libssl-dev openssl ca-certificates
  libsodium-dev libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libcli11-dev libfmt-dev libspdlog-dev libgmime-3.0-dev libtomlplusplus-dev libexpected-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  clang-14 libclang-rt-14-dev clang-format
  swaks libnet-ssleay-perl libio-socket-ssl-perl libauthen-sasl-perl wrk curl jq python3
  postfix libsasl2-modules
  chromium fonts-dejavu-core
)
# Postfix is bench/gateway.sh's and bench/smtp.sh's yardstick (SMTP ingest) and one of the SMTP
# interop clients (tests/smtp-interop: a relay with graphpost as its relayhost; libsasl2-modules
# gives its SMTP client AUTH PLAIN and LOGIN). Install it with "No configuration", so the package
# sets up no system mail service (no /etc/postfix/main.cf, nothing started, nothing delivered).
# The benchmarks and tests run throwaway instances under a temporary directory, on loopback.
# Chromium is the browser of the console's browser tests (tests/console-browser, headless; npm's
# playwright-core drives it and downloads no browser of its own); fonts-dejavu-core gives its
# screenshots legible text.
if ! dpkg-query -W -f='${Status}' postfix 2>/dev/null | grep -q "install ok installed"; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
fi
