#!/usr/bin/env bash
# Meta-adaptation on held-out tasks (issue 12): RL², the multi-task PPO (no adaptation), PPO specialists trained
# from scratch on each test task, and the baselines, on one task family; 3 seeds per learner.
# Writes Results/meta-adaptation/*.json and Results/meta-adaptation.md (+ .png). Run through `make results`, or alone
# after a release build; the sizes below are environment variables (defaults: the figures in the .md).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SENSINGGYM_BIN:-.build/release/sensing-gym}
PY=${SENSING_GYM_PYTHON:-python3}
FAMILY=${FAMILY:-beam-rooms}
SEEDS=${SEEDS:-"1 2 3"}
TRAIN_TASKS=${TRAIN_TASKS:-200}
TEST_TASKS=${TEST_TASKS:-20}
RL2_STEPS=${RL2_STEPS:-3000000}
PPO_STEPS=${PPO_STEPS:-1000000}
SPECIALIST_STEPS=${SPECIALIST_STEPS:-200000}
TRIALS=${TRIALS:-10}
BASELINE_EPISODES=${BASELINE_EPISODES:-50}
ADAPT=${ADAPT:-0,1,2,5,10}
OUT=${RUNS:-runs/meta-adaptation}
DATA=Results/meta-adaptation
mkdir -p "$DATA" "$OUT"
run() { echo "+ $*" >&2; "$@"; }

for seed in $SEEDS; do
  # Baselines once per split (seed 1); random and oracle always, for the normalised score.
  if [ "$seed" = "$(echo $SEEDS | cut -d' ' -f1)" ]; then baselines=random,greedy,hierarchical,oracle; else baselines=random,oracle; fi
  for algo in rl2 ppo; do
    if [ "$algo" = rl2 ]; then steps=$RL2_STEPS; hyper=""; else steps=$PPO_STEPS; hyper="--learning-rate 3e-3"; fi
    dir="$OUT/$FAMILY-$algo-s$seed"
    run "$BIN" meta-train --algo $algo --family "$FAMILY" --train-tasks "$TRAIN_TASKS" --total-steps "$steps" \
      --seed "$seed" $hyper --out "$dir" > "$dir.summary.txt"
    for split in test ood; do
      run "$BIN" meta-test --checkpoint "$dir/agent.sgnn" --tasks $split --task-count "$TEST_TASKS" \
        --adapt-episodes "$ADAPT" --trials "$TRIALS" --baselines "$baselines" \
        --baseline-episodes "$BASELINE_EPISODES" --json > "$DATA/$FAMILY-$algo-s$seed-$split.json"
    done
    awk 'NR == 1 || NR % 10 == 0' "$dir/meta-train.csv" > "$DATA/$FAMILY-$algo-s$seed-train.csv"
  done
done

# Specialists: PPO from scratch on each test task (the same 64-64 MLP and learning rate as the office runs).
first=$(echo $SEEDS | cut -d' ' -f1)
env_id=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["env"])' "$DATA/$FAMILY-rl2-s$first-test.json")
for i in $(seq 0 $((TEST_TASKS - 1))); do
  task="$OUT/$FAMILY-test-$i.yaml"
  "$BIN" scenario sample --family "$FAMILY" --split test --seed "$i" > "$task"
  for seed in $SEEDS; do
    dir="$OUT/$FAMILY-specialist-$i-s$seed"
    run "$BIN" train --env "$env_id" --scenario "$task" --algo ppo --total-steps "$SPECIALIST_STEPS" --seed "$seed" \
      --learning-rate 3e-3 --out "$dir" > "$dir.summary.txt"
    run "$BIN" evaluate --checkpoint "$dir/agent.sgnn" --scenario "$task" --episodes "$BASELINE_EPISODES" --seed 1 \
      --json > "$DATA/$FAMILY-specialist-$i-s$seed.json"
  done
done

"$PY" Results/render_meta_adaptation.py "$DATA" --family "$FAMILY" --seeds "$SEEDS" --test-tasks "$TEST_TASKS" \
  --command "FAMILY=$FAMILY RL2_STEPS=$RL2_STEPS PPO_STEPS=$PPO_STEPS SPECIALIST_STEPS=$SPECIALIST_STEPS bash Results/meta-adaptation.sh" \
  > Results/meta-adaptation.md
echo "wrote Results/meta-adaptation.md and Results/meta-adaptation/*.png" >&2
