#!/usr/bin/env bash
# Env steps per CPU-second of two builds, alternated in one run (a noisy shared machine cannot be compared across
# runs): Benchmarks/compare-env-speed.sh OLD_BIN OLD_SUFFIX NEW_BIN NEW_SUFFIX [ROUNDS]
# e.g. Benchmarks/compare-env-speed.sh /tmp/sensing-gym-v0 v0 .build/release/sensing-gym v1 3
set -euo pipefail
old=$1 old_suffix=$2 new=$3 new_suffix=$4 rounds=${5:-3}
echo "| env | round | ${old_suffix} steps per CPU-second | ${new_suffix} steps per CPU-second | ratio |"
echo "|---|---|---|---|---|"
rate() {  # bin env → steps per CPU-second
  "$1" bench --env "$2" --num-envs 1 --seconds 2 --no-compare-cartpole 2>&1 | tail -1 | grep -oE '[0-9]+ steps per CPU-second' | grep -oE '^[0-9]+'
}
for family in BeamSelection Waveform RISConfiguration; do
  for r in $(seq 1 "$rounds"); do
    a=$(rate "$old" "$family-$old_suffix"); b=$(rate "$new" "$family-$new_suffix")
    python3 -c "print(f'| $family | $r | {$a:,} | {$b:,} | {$b / $a:.2f} |')"
  done
done
