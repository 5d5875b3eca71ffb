#!/usr/bin/env bash
# Baseline tables for every offered env × scenario (`sensing-gym list`): Results/{beam,waveform,ris}-baselines.md.
# Run through `make results`, or alone: bash Results/baselines.sh (after swift build -c release).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SENSINGGYM_BIN:-.build/release/sensing-gym}
PY=${SENSING_GYM_PYTHON:-python3}
EPISODES=${EPISODES:-500}
WF_EPISODES=${WF_EPISODES:-200}
offered() {  # env → its offered scenarios
  "$BIN" list --json | "$PY" -c "import json,sys; print(' '.join(e['scenario'] for e in json.load(sys.stdin)['environments'] if e['env']=='$1'))"
}
render() {  # env prefix episodes title energy-unit note
  local env=$1 prefix=$2 episodes=$3 title=$4 unit=$5 note=$6 files=()
  for scenario in $(offered "$env"); do
    cmd="$BIN run --env $env --scenario $scenario --policy all --episodes $episodes --seed 1 --json"
    echo "+ $cmd" >&2
    $cmd > "Results/$prefix-baselines-$scenario.json"
    files+=("Results/$prefix-baselines-$scenario.json")
  done
  "$PY" Results/render_baselines.py "${files[@]}" --title "$title" --energy-unit "$unit" --note "$note" \
    --command "$BIN run --env $env --scenario SCENARIO --policy all --episodes $episodes --seed 1 --json" \
    > "Results/$prefix-baselines.md"
  echo "wrote Results/$prefix-baselines.md" >&2
}
render BeamSelection-v1 beam "$EPISODES" "BeamSelection-v1 baselines" nJ "Energy: transmitted energy per episode."
render Waveform-v1 waveform "$WF_EPISODES" "Waveform-v1 baselines" µJ \
  "Energy: DC energy per episode (power amplifier and baseband). Actions are [carrier index, bandwidth index]."
render RISConfiguration-v1 ris "$WF_EPISODES" "RISConfiguration-v1 baselines (codebook form)" µJ \
  "Energy: transmitted energy per episode. Actions below the direct-beam count (80 in the factory) are the AP's beams, the rest RIS beams."
# Totals over all of them (the figures README and docs/PHYSICS.md §7 quote): Results/baselines-summary.{md,json}.
"$PY" Results/summarise_baselines.py Results/*-baselines-*.json --json > Results/baselines-summary.json
{
  echo "# Totals over every offered env × scenario × baseline"
  echo
  echo "Command: \`python3 Results/summarise_baselines.py Results/*-baselines-*.json\` (after \`bash Results/baselines.sh\`)."
  echo
  echo '```'
  "$PY" Results/summarise_baselines.py Results/*-baselines-*.json
  echo '```'
} > Results/baselines-summary.md
echo "wrote Results/baselines-summary.md" >&2
