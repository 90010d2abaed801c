#!/usr/bin/env bash
# Configures and builds graphpost into build/ (Release with debug info). Usage: scripts/build.sh [targets...]
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build "$@"
