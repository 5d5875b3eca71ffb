#!/usr/bin/env bash
# Regenerates every table in Results/ from commands only. Run through `make results` (which builds first).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SENSINGGYM_BIN:-.build/release/sensing-gym}
PY=${SENSING_GYM_PYTHON:-python3}
EPISODES=${EPISODES:-500}

# Baseline tables of every offered env × scenario (BeamSelection, Waveform, RISConfiguration).
bash Results/baselines.sh
# The same NEES over three non-overlapping seeds: which combinations leave their band at every seed (model error) and which at some.
"$PY" Results/nees_seeds.py --bin "$BIN" --json > Results/nees-seeds.json
"$PY" Results/nees_seeds.py --from Results/nees-seeds.json > Results/nees-seeds.md
echo "wrote Results/nees-seeds.md" >&2
# Meta-RL task families: the baselines over 20 train, test and ood tasks of each (Results/task-families.md).
bash Results/task-families.sh
"$BIN" bench --json > Results/bench.json
"$PY" Results/render_bench.py Results/bench.json --command "$BIN bench --json" > Results/bench.md
echo "wrote Results/bench.md" >&2

# Meta-RL: RL² on the RL² paper's bandits against Thompson sampling (Results/rl2-bandit.md), then the meta-adaptation
# protocol on held-out beam-rooms tasks (Results/meta-adaptation.md; about 30 minutes).
bash Results/rl2-bandit.sh
bash Results/meta-adaptation.sh

# CSI fingerprint positioning (WKNN, RF, WRF) against the WRF paper's Table II.
bash Results/fingerprinting.sh

# Beam selection with learned agents: PPO and A2C, 3 seeds each (Results/beam-selection.md).
bash Results/learned-agents.sh

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
