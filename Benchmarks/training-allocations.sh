#!/usr/bin/env bash
# Heap allocations per PPO training iteration (1024 env steps: rollout + 4 epochs × 4 minibatches), measured: runs
# `sensing-gym train` for two lengths under the malloc counter (LD_PRELOAD) and prints the extra allocations per extra
# iteration, for each thread count. A bounded figure means no growth with the number of steps.
# Usage: Benchmarks/training-allocations.sh [THREADS …]   (needs gcc and a release build: swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SENSINGGYM_BIN:-.build/release/sensing-gym}
WORK=$(mktemp -d)
gcc -shared -fPIC -O2 -o "$WORK/malloc_counter.so" Benchmarks/malloc_counter.c -ldl
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1 2)
measure() {  # threads iterations → mallocs
  LD_PRELOAD="$WORK/malloc_counter.so" "$BIN" train --total-steps $(($2 * 1024)) --threads "$1" --checkpoint-every 100000 \
    --out "$WORK/run" 2>&1 | grep -oE "MALLOC_CALLS [0-9]+" | grep -oE "[0-9]+"
}
for threads in "${counts[@]}"; do
  m1=$(measure "$threads" 10)
  m2=$(measure "$threads" 30)
  m3=$(measure "$threads" 90)
  python3 -c "print(f'PPO train, {$threads} thread(s): {($m2 - $m1) / 20:.0f} heap allocations per iteration (10→30 iterations), {($m3 - $m2) / 60:.0f} (30→90)')"
done
rm -rf "$WORK"
