#!/usr/bin/env bash
# Builds every libFuzzer target with clang-14 and runs each for N seconds (default 20) on its seed
# corpus under fuzz/corpus/<target>. Exits non-zero on the first crash.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGRAPHPOST_FUZZ=ON -DGRAPHPOST_TESTS=OFF >/dev/null
targets=$(ninja -C build-fuzz -t targets all | sed -n 's/^\([^ :]*_fuzz\): .*EXECUTABLE.*/\1/p' | sort -u)
[[ -n "$targets" ]] || { echo "no fuzz targets found"; exit 1; }
ninja -C build-fuzz $targets
for path in $targets; do
  t=$(basename "$path")
  bin=build-fuzz/$path
  corpus=fuzz/corpus/$t
  mkdir -p "$corpus" build-fuzz/corpus-work/$t
  echo "fuzzing $t for ${seconds}s"
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    build-fuzz/corpus-work/$t "$corpus" 2>&1 | tail -4
done
