#!/usr/bin/env bash
# Single-env steps/s of two sensing-gym binaries in one run, alternating A and B per round so machine load hits
# both alike; prints the median of each (wall-clock and per CPU second) and the ratio B/A as a markdown table.
# Usage: bash Results/bench-compare.sh OLD_BINARY NEW_BINARY [ROUNDS] [SECONDS]
# (an old binary needs the scenario resources of its own commit next to it: SensingGym_Environments.resources/)
set -euo pipefail
OLD=$1; NEW=$2; ROUNDS=${3:-5}; SECONDS_EACH=${4:-3}
PY=${SENSING_GYM_PYTHON:-python3}
rate() {  # binary env → "steps_per_second steps_per_cpu_second"
  "$1" bench --env "$2" --num-envs 1 --seconds "$SECONDS_EACH" --no-compare-cartpole --json 2>/dev/null \
    | "$PY" -c "import json,sys; r=json.load(sys.stdin)['results'][0]; print(r['steps_per_second'], r['steps_per_cpu_second'])"
}
echo "| env | A steps/s (median of $ROUNDS) | B steps/s | B/A | A steps/CPU-s | B steps/CPU-s | B/A (CPU) |"
echo "|---|---|---|---|---|---|---|"
for env in BeamSelection-v1 Waveform-v1 RISConfiguration-v1; do
  a=(); b=()
  for _ in $(seq "$ROUNDS"); do a+=("$(rate "$OLD" "$env")"); b+=("$(rate "$NEW" "$env")"); done
  "$PY" - "$env" "${a[@]}" -- "${b[@]}" <<'PYEOF'
import statistics, sys
env = sys.argv[1]; rest = sys.argv[2:]; i = rest.index('--')
a = [tuple(map(float, s.split())) for s in rest[:i]]; b = [tuple(map(float, s.split())) for s in rest[i + 1:]]
m = lambda xs, k: statistics.median(x[k] for x in xs)
print(f"| {env} | {m(a,0):,.0f} | {m(b,0):,.0f} | {m(b,0)/m(a,0):.3f} | {m(a,1):,.0f} | {m(b,1):,.0f} | {m(b,1)/m(a,1):.3f} |")
PYEOF
done
