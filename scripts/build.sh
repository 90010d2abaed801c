#!/usr/bin/env bash
# Configures and builds graphpost into build/ (Release with debug info). Usage: scripts/build.sh [targets...]
# GRAPHPOST_JOBS sets ninja's parallel jobs (default: the number of cores, not ninja's cores + 2,
# which overcommits a small shared machine); e.g. GRAPHPOST_JOBS=1 on a 2 GB VM.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build -j"${GRAPHPOST_JOBS:-$(nproc)}" "$@"
