#!/usr/bin/env bash
# Heap allocations per environment step, measured: runs `sensing-gym bench` for two durations under a malloc
# counter (LD_PRELOAD) and prints the extra allocations per extra step. 0 means steps (and resets) allocate nothing.
# Usage: [SCENARIO=name] Benchmarks/allocations.sh [ENV …]   (needs gcc and a release build: swift build -c release;
# default scenario: bench's, wrf-office-16x15; SCENARIO=vehicular-corridor exercises the folded kerb,
# SCENARIO=indoor-factory-ris the RIS failures drawn at every reset)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SENSINGGYM_BIN:-.build/release/sensing-gym}
SCENARIO_ARGS=()
[ -z "${SCENARIO:-}" ] || SCENARIO_ARGS=(--scenario "$SCENARIO")
LIB=$(mktemp -d)/malloc_counter.so
gcc -shared -fPIC -O2 -o "$LIB" Benchmarks/malloc_counter.c -ldl
envs=("$@")
[ ${#envs[@]} -gt 0 ] || envs=(BeamSelection-v1 Waveform-v1 RISConfiguration-v1)
measure() {  # env seconds → "mallocs steps"
  out=$(LD_PRELOAD="$LIB" "$BIN" bench --env "$1" "${SCENARIO_ARGS[@]}" --num-envs 1 --seconds "$2" --no-compare-cartpole --json 2>&1)
  mallocs=$(grep -oE "MALLOC_CALLS [0-9]+" <<<"$out" | grep -oE "[0-9]+")
  rate=$(grep -oE '"steps_per_second":[0-9.e+]+' <<<"$out" | cut -d: -f2)
  python3 -c "print($mallocs, int($rate * $2))"
}
for env in "${envs[@]}"; do
  read -r m1 s1 < <(measure "$env" 0.5)
  read -r m2 s2 < <(measure "$env" 2)
  python3 -c "print(f'$env: {$m2 - $m1} extra heap allocations over {$s2 - $s1} extra steps = {($m2 - $m1) / max($s2 - $s1, 1):.6f} per step')"
done
