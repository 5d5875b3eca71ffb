#!/usr/bin/env bash
# PPO and A2C on BeamSelection-v1, 3 seeds each, on both fingerprinting rooms, evaluated next to the baselines:
# Results/beam-selection.md and Results/beam-selection/. Run through `make results`, or alone after a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SENSINGGYM_BIN:-.build/release/sensing-gym}
PY=${SENSING_GYM_PYTHON:-python3}
EPISODES=${EPISODES:-500}
OFFICE_STEPS=${OFFICE_STEPS:-2000000}
ROOM_STEPS=${ROOM_STEPS:-1000000}
SCENARIOS=${SCENARIOS:-"wrf-office-16x15 wrf-room-8x6"}
OUT=${RUNS:-runs/results}
mkdir -p Results/beam-selection
for scenario in $SCENARIOS; do
  if [ "$scenario" = wrf-office-16x15 ]; then STEPS=$OFFICE_STEPS; else STEPS=$ROOM_STEPS; fi
  for algo in ppo a2c; do
    if [ "$algo" = ppo ]; then hyper="--learning-rate 3e-3"; else hyper="--learning-rate 2e-3 --ent-coef 0.01"; fi
    for seed in 1 2 3; do
      run="$OUT/$scenario/$algo-s$seed"
      cmd="$BIN train --env BeamSelection-v1 --scenario $scenario --algo $algo --total-steps $STEPS --num-envs 8 --seed $seed $hyper --out $run"
      echo "+ $cmd" >&2
      rm -rf "$run" && mkdir -p "$run"
      $cmd > "$run/summary.txt"
      # Keep at most ~1000 rows of the training log in Results/ (the full log stays in $run/train.csv).
      rows=$(wc -l < "$run/train.csv")
      awk -v stride=$(( rows / 1000 + 1 )) 'NR == 1 || (NR - 1) % stride == 0' "$run/train.csv" \
        > "Results/beam-selection/$scenario-$algo-s$seed.csv"
      extra=""
      if [ "$algo" = ppo ] && [ "$seed" = 1 ]; then extra="--baselines --latency"; fi
      cmd="$BIN evaluate --checkpoint $run/agent.sgnn --episodes $EPISODES --seed 1000 $extra --json"
      echo "+ $cmd" >&2
      $cmd > "Results/beam-selection/$scenario-$algo-s$seed.json"
    done
  done
done
"$PY" Results/render_beam_selection.py Results/beam-selection \
  --steps "wrf-office-16x15=$OFFICE_STEPS,wrf-room-8x6=$ROOM_STEPS" --episodes "$EPISODES" \
  > Results/beam-selection.md
echo "wrote Results/beam-selection.md and Results/beam-selection/*.png" >&2

