#!/usr/bin/env bash
# Regenerates every table in Results/ from commands only. Run through `make results` (which builds first).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SENSINGGYM_BIN:-.build/release/sensing-gym}
PY=${SENSING_GYM_PYTHON:-python3}
EPISODES=${EPISODES:-500}

# Beam-selection baselines on both fingerprinting rooms.
for scenario in wrf-office-16x15 wrf-room-8x6; do
  cmd="$BIN run --env BeamSelection-v0 --scenario $scenario --policy all --episodes $EPISODES --seed 1 --json"
  echo "+ $cmd" >&2
  $cmd > "Results/beam-baselines-$scenario.json"
done
"$PY" Results/render_baselines.py Results/beam-baselines-wrf-office-16x15.json Results/beam-baselines-wrf-room-8x6.json \
  --command "$BIN run --env BeamSelection-v0 --scenario SCENARIO --policy all --episodes $EPISODES --seed 1 --json" \
  > Results/beam-baselines.md
"$BIN" bench --json > Results/bench.json
"$PY" Results/render_bench.py Results/bench.json --command "$BIN bench --json" > Results/bench.md
echo "wrote Results/beam-baselines.md and Results/bench.md" >&2

# Waveform-v0 and RISConfiguration-v0 baselines (issue 5).
WF_EPISODES=${WF_EPISODES:-200}
for scenario in lab-140ghz vehicular-corridor; do
  cmd="$BIN run --env Waveform-v0 --scenario $scenario --policy all --episodes $WF_EPISODES --seed 1 --json"
  echo "+ $cmd" >&2
  $cmd > "Results/waveform-baselines-$scenario.json"
done
"$PY" Results/render_env_baselines.py Results/waveform-baselines-lab-140ghz.json Results/waveform-baselines-vehicular-corridor.json \
  --title "Waveform-v0 baselines" \
  --command "$BIN run --env Waveform-v0 --scenario SCENARIO --policy all --episodes $WF_EPISODES --seed 1 --json" \
  > Results/waveform-baselines.md
cmd="$BIN run --env RISConfiguration-v0 --scenario indoor-factory-ris --policy all --episodes $WF_EPISODES --seed 1 --json"
echo "+ $cmd" >&2
$cmd > Results/ris-baselines-indoor-factory-ris.json
"$PY" Results/render_env_baselines.py Results/ris-baselines-indoor-factory-ris.json \
  --title "RISConfiguration-v0 baselines (codebook form)" \
  --command "$cmd" > Results/ris-baselines.md
echo "wrote Results/waveform-baselines.md and Results/ris-baselines.md" >&2

# CSI fingerprint positioning (WKNN, RF, WRF) against the WRF paper's Table II.
bash Results/fingerprinting.sh
