#!/usr/bin/env bash
# Is every meta-RL task family a real decision problem? The baselines on 20 tasks of each family's train, test and
# ood splits, 50 episodes a task (Results/task-families.md and task-families-FAMILY-SPLIT.json).
# Run through `make results`, or alone: bash Results/task-families.sh (after swift build -c release).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SENSINGGYM_BIN:-.build/release/sensing-gym}
PY=${SENSING_GYM_PYTHON:-python3}
TASKS=${TASKS:-20}
EPISODES=${FAMILY_EPISODES:-50}
FAMILIES=${FAMILIES:-"beam-rooms beam-mobility ris-failures"}
COMMIT=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Environments Agents Sources || echo "+changes")
files=()
for family in $FAMILIES; do
  for split in train test ood; do
    cmd="$BIN run --family $family --tasks $split --task-count $TASKS --episodes $EPISODES --policy all --seed 1 --json"
    echo "+ $cmd" >&2
    $cmd > "Results/task-families-$family-$split.json"
    files+=("Results/task-families-$family-$split.json")
  done
done
"$PY" Results/render_task_families.py "${files[@]}" --commit "$COMMIT" \
  --command "$BIN run --family FAMILY --tasks SPLIT --task-count $TASKS --episodes $EPISODES --policy all --seed 1 --json" \
  > Results/task-families.md
echo "wrote Results/task-families.md" >&2
