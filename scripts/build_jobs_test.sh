#!/usr/bin/env bash
# scripts/build.sh passes -j to ninja: GRAPHPOST_JOBS when set, else the number of cores. Runs
# build.sh from a copy of scripts/ with cmake and ninja replaced by stubs that record their
# arguments, so nothing is configured or built.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/repo/scripts" "$tmp/bin"
cp "$here/build.sh" "$tmp/repo/scripts/"
printf '#!/bin/sh\n' >"$tmp/bin/cmake"
printf '#!/bin/sh\necho "$*" >>"%s/ninja.args"\n' "$tmp" >"$tmp/bin/ninja"
chmod +x "$tmp/bin/cmake" "$tmp/bin/ninja"

PATH="$tmp/bin:$PATH" GRAPHPOST_JOBS=3 bash "$tmp/repo/scripts/build.sh" graphpost
PATH="$tmp/bin:$PATH" env -u GRAPHPOST_JOBS bash "$tmp/repo/scripts/build.sh"

expected="-C build -j3 graphpost
-C build -j$(nproc)"
actual=$(cat "$tmp/ninja.args")
if [[ "$actual" != "$expected" ]]; then
  printf 'ninja got:\n%s\nexpected:\n%s\n' "$actual" "$expected" >&2
  exit 1
fi
echo "ok"
