#!/usr/bin/env bash
# Regenerates Results/ppo-vs-sb3.md (and ppo-vs-sb3.json): wall-clock for Swift PPO to reach a mean return on
# BeamSelection-v1 / wrf-room-8x6, against Stable-Baselines3 PPO training on the same env through the bridge.
#   1. release build of sensing-gym;
#   2. one `sensing-gym serve --bind 'tcp://127.0.0.1:*'` on a free port;
#   3. for each seed in turn: `sensing-gym train … --algo ppo` (timed; its train.csv gives the training clock per
#      iteration), then SB3 PPO with the same hyperparameters over the bridge (Results/ppo_vs_sb3.py sb3, torch on
#      1 thread, capped at MAX_SECONDS);
#   4. the server stopped with SIGTERM (a clean exit is checked), then the markdown written.
# Usage (from anywhere): Results/ppo-vs-sb3.sh     (about 7 minutes on 2 cores after the build)
# Environment: SEEDS ("1 2 3"), STEPS (204800, the budget of both and the span of the learning-rate annealing),
# MAX_SECONDS (600, per SB3 run), SENSING_GYM_PYTHON (else .venv/bin/python; needs sensinggym and
# stable-baselines3: pip install -e './Clients/python[sb3]'), SENSINGGYM_BIN (else the release build).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SEEDS=${SEEDS:-"1 2 3"}
STEPS=${STEPS:-204800}
MAX_SECONDS=${MAX_SECONDS:-600}

if [ -n "${SENSING_GYM_PYTHON:-}" ]; then
    PY=$SENSING_GYM_PYTHON
else
    PY=$ROOT/.venv/bin/python
fi
if ! "$PY" -c "import sensinggym, stable_baselines3" 2>/dev/null; then
    echo "error: $PY cannot import sensinggym and stable_baselines3 (pip install -e './Clients/python[sb3]')" >&2
    exit 1
fi

if [ -z "${SENSINGGYM_BIN:-}" ]; then
    swift build -c release --product sensing-gym >&2
    SENSINGGYM_BIN="$(swift build -c release --show-bin-path)/sensing-gym"
fi
export SENSINGGYM_BIN

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ppo-vs-sb3.XXXXXX")
# shellcheck source=../Clients/python/examples/loopback_servers.sh
source Clients/python/examples/loopback_servers.sh
start_servers 1
EP=${SERVER_ENDPOINTS[0]}
# Swift and SB3 runs alternate, seed by seed, so that load from other work falls on both alike (the server idles,
# blocked in a poll, while Swift trains).
SWIFT_CMDS=()
SB3_CMDS=()
for seed in $SEEDS; do
    "$PY" Results/ppo_vs_sb3.py swift --bin "$SENSINGGYM_BIN" --seed "$seed" --total-steps "$STEPS" \
        --out "$WORK/swift-s$seed" > "$WORK/swift-s$seed.json"
    SWIFT_CMDS+=("sensing-gym train --env BeamSelection-v1 --scenario wrf-room-8x6 --algo ppo --total-steps $STEPS --num-envs 8 --seed $seed --learning-rate 3e-3 --out RUN")
    cmd="Results/ppo_vs_sb3.py sb3 --endpoint $EP --seed $seed --total-timesteps $STEPS --torch-threads 1 --max-seconds $MAX_SECONDS"
    echo "+ python $cmd" >&2
    # shellcheck disable=SC2086
    "$PY" $cmd --server-pid "${SERVER_PIDS[0]}" > "$WORK/sb3-s$seed.json"
    SB3_CMDS+=("python $cmd")
done
COMMANDS=("${SWIFT_CMDS[@]}" "sensing-gym serve --bind 'tcp://127.0.0.1:*'     # printed: listening on $EP" "${SB3_CMDS[@]}")
stop_servers || { echo "error: the server did not stop cleanly" >&2; exit 1; }

args=()
for c in "${COMMANDS[@]}"; do args+=(--commands "$c"); done
# shellcheck disable=SC2046
"$PY" Results/ppo_vs_sb3.py render $(ls "$WORK"/swift-s*.json "$WORK"/sb3-s*.json) \
    --json-out Results/ppo-vs-sb3.json --command "Results/ppo-vs-sb3.sh" "${args[@]}" > Results/ppo-vs-sb3.md
rm -rf "$WORK"
echo "wrote Results/ppo-vs-sb3.md" >&2
