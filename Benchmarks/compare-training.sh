#!/usr/bin/env bash
# PPO training throughput of two builds in one run: `sensing-gym train` (BeamSelection, wrf-office-16x15, 8 envs,
# CleanRL defaults, 102 400 steps) alternating between BASE and NEW, ROUNDS times, so that load from other work on the
# machine falls on both alike. Prints each run's env-steps/s (wall, as `train` reports it) and per CPU-second
# (user + system time from /usr/bin/time), then the medians and the ratio.
# Usage: Benchmarks/compare-training.sh BASE_BIN NEW_BIN [ROUNDS]      (NEW is also run with --threads 1)
set -euo pipefail
BASE=$1
NEW=$2
ROUNDS=${3:-3}
STEPS=${STEPS:-102400}
ENV_ID=$("$NEW" list | sed -n 's/^Environments: *\(BeamSelection-v[0-9]*\).*/\1/p')
WORK=$(mktemp -d)
run() {  # label binary extra-args… → "label wall cpu"
  local label=$1 bin=$2
  shift 2
  /usr/bin/time -f "%U %S" -o "$WORK/time" "$bin" train --env "$ENV_ID" --scenario wrf-office-16x15 --total-steps "$STEPS" \
    --num-envs 8 --seed 1 --checkpoint-every 100000 --out "$WORK/run" "$@" > "$WORK/out" 2>&1
  local wall cpu
  wall=$(grep -oE '[0-9]+ steps/s' "$WORK/out" | grep -oE '^[0-9]+')
  cpu=$(awk '{print $1 + $2}' "$WORK/time")
  echo "$label $wall $(python3 -c "print(round($STEPS / $cpu))")"
}
{
  for _ in $(seq "$ROUNDS"); do
    run main "$BASE"
    run new-2-threads "$NEW" --threads 2
    run new-1-thread "$NEW" --threads 1
  done
} | tee "$WORK/results"
python3 - "$WORK/results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
by = {}
for label, wall, cpu in rows:
    by.setdefault(label, []).append((int(wall), int(cpu)))
med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in by.items()}
for k, (w, c) in med.items():
    print(f"median {k}: {w:.0f} env-steps/s (wall), {c:.0f} per CPU-second; x{w / med['main'][0]:.2f} wall, x{c / med['main'][1]:.2f} per CPU-second vs main")
PY
rm -rf "$WORK"
