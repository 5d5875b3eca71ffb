#!/usr/bin/env bash
# Meta-adaptation on held-out tasks (issue 12): RL², the multi-task PPO (no adaptation), PPO specialists trained
# from scratch on each test task, and the baselines, on one task family; 3 seeds per learner.
# Writes Results/meta-adaptation/*.json and Results/meta-adaptation.md (+ .png). Run through `make results`, or alone
# after a release build; the sizes below are environment variables (defaults: the figures in the .md). JOBS runs
# that many trainings at once (each is single-threaded; 2 on a 2-core machine).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SENSINGGYM_BIN:-.build/release/sensing-gym}
PY=${SENSING_GYM_PYTHON:-python3}
FAMILY=${FAMILY:-beam-rooms}
SEEDS=${SEEDS:-"1 2 3"}
TRAIN_TASKS=${TRAIN_TASKS:-200}
TEST_TASKS=${TEST_TASKS:-20}
RL2_STEPS=${RL2_STEPS:-5000000}
PPO_STEPS=${PPO_STEPS:-2000000}
MAML_STEPS=${MAML_STEPS:-2000000}
SPECIALIST_STEPS=${SPECIALIST_STEPS:-300000}
ALGOS=${ALGOS:-"rl2 ppo fomaml reptile"}
TRIALS=${TRIALS:-10}
BASELINE_EPISODES=${BASELINE_EPISODES:-50}
ADAPT=${ADAPT:-0,1,2,5,10}
JOBS=${JOBS:-2}
OUT=${RUNS:-runs/meta-adaptation}
DATA=Results/meta-adaptation
mkdir -p "$DATA" "$OUT"
rm -f "$DATA"/*.json "$DATA"/*.csv "$DATA"/*.txt
first=$(echo $SEEDS | cut -d' ' -f1)

# Runs "$@" in the background, at most $JOBS at a time; its stdout goes to the file named by $LOG.
spawn() {
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
  echo "+ $* > $LOG" >&2
  "$@" > "$LOG" &
}

# 1. Meta-training: RL², the multi-task PPO, first-order MAML and Reptile, each seed.
for seed in $SEEDS; do
  for algo in $ALGOS; do
    case $algo in
      rl2) steps=$RL2_STEPS; hyper="" ;;
      ppo) steps=$PPO_STEPS; hyper="--learning-rate 3e-3" ;;
      *) steps=$MAML_STEPS; hyper="" ;;
    esac
    dir="$OUT/$FAMILY-$algo-s$seed"
    LOG="$dir.summary.txt" spawn "$BIN" meta-train --algo $algo --family "$FAMILY" --train-tasks "$TRAIN_TASKS" \
      --total-steps "$steps" --seed "$seed" $hyper --out "$dir"
  done
done
wait

# 2. Meta-test on the held-out test and ood tasks; all baselines once (with the first RL² seed), random and oracle
#    (the normalised score's ends) with every run.
for seed in $SEEDS; do
  for algo in $ALGOS; do
    dir="$OUT/$FAMILY-$algo-s$seed"
    awk 'NR == 1 || NR % 10 == 0' "$dir/meta-train.csv" > "$DATA/$FAMILY-$algo-s$seed-train.csv"
    cp "$dir.summary.txt" "$DATA/$FAMILY-$algo-s$seed-summary.txt"
    if [ "$algo" = rl2 ] && [ "$seed" = "$first" ]; then baselines=random,greedy,hierarchical,oracle; else baselines=random,oracle; fi
    for split in test ood; do
      LOG="$DATA/$FAMILY-$algo-s$seed-$split.json" spawn "$BIN" meta-test --checkpoint "$dir/agent.sgnn" \
        --tasks $split --task-count "$TEST_TASKS" --adapt-episodes "$ADAPT" --trials "$TRIALS" \
        --baselines "$baselines" --baseline-episodes "$BASELINE_EPISODES" --json
    done
  done
done
wait

# 3. Specialists: PPO from scratch on each test task (the 64-64 MLP and learning rate of the office runs).
env_id=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["env"])' "$DATA/$FAMILY-rl2-s$first-test.json")
for i in $(seq 0 $((TEST_TASKS - 1))); do
  task="$OUT/$FAMILY-test-$i.yaml"
  "$BIN" scenario sample --family "$FAMILY" --split test --seed "$i" > "$task"
  for seed in $SEEDS; do
    dir="$OUT/$FAMILY-specialist-$i-s$seed"
    LOG="$dir.summary.txt" spawn sh -c "'$BIN' train --env '$env_id' --scenario '$task' --algo ppo \
      --total-steps '$SPECIALIST_STEPS' --seed '$seed' --learning-rate 3e-3 --threads 1 --out '$dir' && \
      '$BIN' evaluate --checkpoint '$dir/agent.sgnn' --scenario '$task' --episodes '$TRIALS' --seed 1000001 \
      --sample-actions --json > '$DATA/$FAMILY-specialist-$i-s$seed.json'"
  done
done
wait

"$PY" Results/render_meta_adaptation.py "$DATA" --family "$FAMILY" --seeds "$SEEDS" --test-tasks "$TEST_TASKS" \
  --algos "$ALGOS" \
  --command "FAMILY=$FAMILY RL2_STEPS=$RL2_STEPS PPO_STEPS=$PPO_STEPS MAML_STEPS=$MAML_STEPS SPECIALIST_STEPS=$SPECIALIST_STEPS bash Results/meta-adaptation.sh" \
  > Results/meta-adaptation.md
echo "wrote Results/meta-adaptation.md and Results/meta-adaptation/*.png" >&2
