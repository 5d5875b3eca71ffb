#!/usr/bin/env bash
# RL² on 5-armed, 100-pull Bernoulli bandits against Thompson sampling (the RL² paper's §4.1): Results/rl2-bandit.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SENSINGGYM_BIN:-.build/release/sensing-gym}
PY=${SENSING_GYM_PYTHON:-python3}
STEPS=${BANDIT_STEPS:-1000000}
CMD="$BIN bench --rl2-bandit --train-steps $STEPS --json"
echo "+ $CMD" >&2
$CMD > Results/rl2-bandit.json
"$PY" - Results/rl2-bandit.json "$CMD" > Results/rl2-bandit.md <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("# RL² on Bernoulli bandits\n")
print(f"Made by `{sys.argv[2]}` (release build). RL² (a GRU-64 policy seeing its previous action, reward and done flag, "
      "trained with recurrent PPO, 8 envs, learning rate 1e-3, γ = λ = 0.9) is meta-trained on bandits whose "
      f"{r['arms']} arm means are drawn uniformly in [0, 1], one episode of {r['pulls']} pulls per trial, and scored on "
      f"{r['evaluation_tasks']} held-out bandits, each also played by Thompson sampling (Beta(1, 1) priors) on the "
      "same bandit and reset seed.\n")
print("| policy | mean return |\n|---|---|")
print(f"| RL² ({r['train_steps']:,} meta-training steps, {r['train_seconds']:.0f} s, {r['steps_per_second']:,.0f} steps/s) | {r['rl2_return']:.2f} |")
print(f"| Thompson sampling | {r['thompson_return']:.2f} |")
print(f"| reward-blind (pulls × mean of the means) | {r['reward_blind_return']:.2f} |")
print(f"\nRL² earns {100 * r['fraction_of_thompson']:.1f} % of Thompson sampling's return (paired difference "
      f"{r['rl2_return'] - r['thompson_return']:+.2f} ± {r['difference_standard_error']:.2f} standard error; "
      f"{r['tied_bandits']} of {r['evaluation_tasks']} bandits tied). The RL² paper's table for this setting: RL² 78.7, "
      "Gittins index 78.3.")
PY
echo "wrote Results/rl2-bandit.md" >&2
