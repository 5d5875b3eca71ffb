#!/usr/bin/env bash
# Regenerates the figures of Results/hostile-peers.md: `sensing-gym serve` (default limits, loopback) under a
# non-reading client and frame bombs, with a well-behaved client's step latency measured throughout.
#   Benchmarks/hostile_peers.py BIN --json Results/hostile-peers.json   (about 45 s after the build)
# Python: $SENSING_GYM_PYTHON, else .venv/bin/python (numpy and pyzmq needed). Loopback only; bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${SENSING_GYM_PYTHON:-$ROOT/.venv/bin/python}
nice -n 15 swift build -c release --product sensing-gym >&2
BIN="$(swift build -c release --show-bin-path)/sensing-gym"
PYTHONPATH="$ROOT/Clients/python/src" "$PY" Benchmarks/hostile_peers.py "$BIN" --json Results/hostile-peers.json \
    --phase-seconds "${PHASE_SECONDS:-8}"
