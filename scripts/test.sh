#!/usr/bin/env bash
# Builds graphpost and runs every test: unit and end-to-end tests (ctest), the same tests under
# AddressSanitizer + UndefinedBehaviorSanitizer, each fuzz target briefly, the interop tests
# with Microsoft's own Node libraries against the sandbox, and the SMTP interop tests (real SMTP
# clients against `graphpost serve`, tests/smtp-interop/run.sh), and the web console's browser
# tests (Debian's chromium, headless, against `graphpost serve --demo`, tests/console-browser/run.sh).
# Run as root on Debian 12.
#   scripts/test.sh            everything (what CI runs)
#   scripts/test.sh --quick    build + ctest only
set -uo pipefail
cd "$(dirname "$0")/.."
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1
fail=0
passed=0
failed=0
jobs=${GRAPHPOST_JOBS:-$(nproc)}  # parallel build jobs, as in scripts/build.sh
# Let clones in other folders (CI) reuse this machine's compiler cache.
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1

stage() { printf '\n=== %s ===\n' "$*"; }
record() {  # record NAME STATUS
  if [[ "$2" == 0 ]]; then passed=$((passed + 1)); echo "stage ok: $1"; else failed=$((failed + 1)); fail=1; echo "stage FAILED: $1"; fi
}

stage "install dependencies"
bash scripts/install-deps.sh || { echo "dependency install failed"; exit 1; }

stage "build (RelWithDebInfo)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && ninja -C build -j"$jobs"
record build $?

stage "tests"
ctest --test-dir build -j"$jobs" --output-on-failure --timeout 300 --no-tests=error
record ctest $?

if [[ $quick == 0 ]]; then
  stage "interop: msal-node + microsoft-graph-client against the sandbox"
  bash tests/interop/run.sh build/cmd/graphpost/graphpost
  record interop $?

  stage "interop: SMTP clients (swaks, smtplib, nodemailer, Postfix) and malformed sessions"
  bash tests/smtp-interop/run.sh build/cmd/graphpost/graphpost
  record smtp-interop $?

  stage "console: browser tests (chromium headless, playwright-core, axe-core) against serve --demo"
  bash tests/console-browser/run.sh build/cmd/graphpost/graphpost
  record console-browser $?

  stage "build + tests under ASan/UBSan"
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGRAPHPOST_SANITIZE=ON >/dev/null &&
    ninja -C build-asan -j"$jobs" &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir build-asan -j"$jobs" --output-on-failure --timeout 600 --no-tests=error -E 'Bench'
  record asan $?

  stage "fuzz targets (libFuzzer, 20 s each)"
  bash scripts/fuzz.sh 20
  record fuzz $?
fi

echo
echo "stages: ${passed} passed, ${failed} failed"
exit $fail
