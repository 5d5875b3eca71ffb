#!/usr/bin/env bash
# Regenerates every table in Results/ from commands only. Run through `make results` (which builds first).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SENSINGGYM_BIN:-.build/release/sensing-gym}
PY=${SENSING_GYM_PYTHON:-python3}
EPISODES=${EPISODES:-500}

# Beam-selection baselines on both fingerprinting rooms.
for scenario in wrf-office-16x15 wrf-room-8x6; do
  cmd="$BIN run --env BeamSelection-v1 --scenario $scenario --policy all --episodes $EPISODES --seed 1 --json"
  echo "+ $cmd" >&2
  $cmd > "Results/beam-baselines-$scenario.json"
done
"$PY" Results/render_baselines.py Results/beam-baselines-wrf-office-16x15.json Results/beam-baselines-wrf-room-8x6.json \
  --title "BeamSelection-v1 baselines" --note "Energy: transmitted energy per episode." \
  --command "$BIN run --env BeamSelection-v1 --scenario SCENARIO --policy all --episodes $EPISODES --seed 1 --json" \
  > Results/beam-baselines.md
"$BIN" bench --json > Results/bench.json
"$PY" Results/render_bench.py Results/bench.json --command "$BIN bench --json" > Results/bench.md
echo "wrote Results/beam-baselines.md and Results/bench.md" >&2

# Waveform-v1 and RISConfiguration-v1 baselines (issue 5).
WF_EPISODES=${WF_EPISODES:-200}
for scenario in lab-140ghz vehicular-corridor; do
  cmd="$BIN run --env Waveform-v1 --scenario $scenario --policy all --episodes $WF_EPISODES --seed 1 --json"
  echo "+ $cmd" >&2
  $cmd > "Results/waveform-baselines-$scenario.json"
done
"$PY" Results/render_baselines.py Results/waveform-baselines-lab-140ghz.json Results/waveform-baselines-vehicular-corridor.json \
  --title "Waveform-v1 baselines" --energy-unit µJ --note "Energy: DC energy per episode (power amplifier and baseband)." \
  --command "$BIN run --env Waveform-v1 --scenario SCENARIO --policy all --episodes $WF_EPISODES --seed 1 --json" \
  > Results/waveform-baselines.md
cmd="$BIN run --env RISConfiguration-v1 --scenario indoor-factory-ris --policy all --episodes $WF_EPISODES --seed 1 --json"
echo "+ $cmd" >&2
$cmd > Results/ris-baselines-indoor-factory-ris.json
"$PY" Results/render_baselines.py Results/ris-baselines-indoor-factory-ris.json \
  --title "RISConfiguration-v1 baselines (codebook form)" --energy-unit µJ --note "Energy: transmitted energy per episode." \
  --command "$cmd" > Results/ris-baselines.md
echo "wrote Results/waveform-baselines.md and Results/ris-baselines.md" >&2

# CSI fingerprint positioning (WKNN, RF, WRF) against the WRF paper's Table II.
bash Results/fingerprinting.sh

# Beam selection with learned agents (issue 6): PPO and A2C, 3 seeds each, on both fingerprinting rooms, then
# evaluation next to the baselines on the same 500 episodes. STEPS and the learning rates are the run's budget.
OFFICE_STEPS=${OFFICE_STEPS:-2000000}
ROOM_STEPS=${ROOM_STEPS:-204800}
OUT=${RUNS:-runs/results}
mkdir -p Results/beam-selection
for scenario in wrf-office-16x15 wrf-room-8x6; do
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

# The bridge (Results/bridge.md): round trip vs a bare pyzmq echo, 64-env vector throughput, SB3 PPO over the bridge.
bash Results/bridge.sh

# Ray RLlib PPO across 3 `sensing-gym serve` processes on loopback (Results/rllib.md); needs ray[rllib] (extra `rllib`).
if ! "$PY" -c "import sensinggym, ray.rllib, torch" 2>/dev/null; then
  echo "+ $PY -m pip install -q -e './Clients/python[rllib]'" >&2
  "$PY" -m pip install -q -e './Clients/python[rllib]' >&2
fi
RLLIB_CMD="Clients/python/examples/run_rllib_loopback.sh --servers 3 --iterations 10 --json"
echo "+ $RLLIB_CMD" >&2
SENSINGGYM_BIN="$BIN" SENSING_GYM_PYTHON="$PY" $RLLIB_CMD > Results/rllib-run.json
"$PY" - Results/rllib-run.json "$RLLIB_CMD" > Results/rllib.json <<'PY'
import datetime, json, sys
print(json.dumps({"date": datetime.date.today().isoformat(), "command": sys.argv[2],
                  "run": json.load(open(sys.argv[1]))}, indent=2))
PY
rm Results/rllib-run.json
"$PY" Results/render_bridge.py rllib Results/rllib.json --command "$RLLIB_CMD" > Results/rllib.md
echo "wrote Results/bridge.md and Results/rllib.md" >&2

# Swift PPO vs SB3 PPO over the bridge, wall-clock to a mean return (Results/ppo-vs-sb3.md). Optional: skipped
# when $PY lacks stable-baselines3 (or the sensinggym client), so `make results` does not need SB3.
if "$PY" -c 'import stable_baselines3, sensinggym' 2>/dev/null; then
  echo "+ Results/ppo-vs-sb3.sh" >&2
  SENSINGGYM_BIN="$BIN" SENSING_GYM_PYTHON="$PY" bash Results/ppo-vs-sb3.sh
else
  echo "skipping Results/ppo-vs-sb3.md: $PY cannot import stable_baselines3 and sensinggym" \
    "(pip install -e './Clients/python[sb3]')" >&2
fi
