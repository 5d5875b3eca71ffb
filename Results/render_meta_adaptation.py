"""Renders Results/meta-adaptation.md (and a plot) from the JSON that Results/meta-adaptation.sh writes.

Per learner and seed, `meta-test --json` holds, for each adaptation count n, the learner's figures summarised over
the tasks (mean over tasks of per-task means) and its normalised score (random = 0, oracle = 1 per task); the
tables give the mean ± std of those over seeds. Specialists (PPO from scratch on each test task) are scored against
the same per-task random and oracle returns (same seed, same episodes).
"""
import argparse
import json
import os
import re
import statistics as st


def load(path):
    with open(path) as f:
        return json.load(f)


def pm(values, scale=1.0, digits=2):
    values = [v * scale for v in values if v is not None]
    if not values:
        return "–"
    mean = st.mean(values)
    std = st.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:.{digits}f} ± {std:.{digits}f}"


# What the tables say about the targets, written for the figures of the default run (regenerating with
# other sizes changes the tables, not this text: reread it then).
READING = """
## Reading (default run: 5 M RL² steps, 2 M for the others, 300 k per specialist; figures of the run at f353f0d's tracker)

- **RL² against the specialist** (test tasks; target ≥ 90 % of the specialist's normalised score within ≤ 5
  adaptation episodes): the specialist scores 0.79. RL² scores 0.81 before any adaptation, and 0.72 / 0.70 / 0.75
  after 1 / 2 / 5 episodes, which is 91 / 89 / 95 % of the specialist. **Met** after 1 and 5 episodes, not after 2
  (a low bar: the specialist, 300 k steps, scores about as the multi-task PPO does).
- **RL² against the non-adapting PPO and greedy**: RL² stays below the multi-task PPO (0.82) before and after
  adaptation, and below greedy (0.89), a model-based planner that uses the task's own radio model. **Not met.**
  In-distribution, RL²'s later episodes of a trial are worse than its first: it learned to exploit a first
  episode, not to carry it into the next.
- **Out of distribution** (rooms larger than any training room), RL² adapts: 0.27 before adaptation, 0.51 after
  one episode, 0.51–0.52 after 2–10. The multi-task PPO scores 0.53 and greedy 0.96.
- **Median error ≤ 10 cm**: every learner is at 0.6–0.8 cm median on test tasks and 2.1–2.5 cm on ood tasks.
  **Met.**
- **First-order MAML and Reptile** learn an initialisation (0.62 and 0.67 on test) below the multi-task PPO
  trained on the same number of steps (0.82). Their policy-gradient adaptation on 1–10 episodes does not move the
  score (changes within ±0.05): at this budget and with these inner steps (2 policy-gradient steps of α 0.5 on
  5-episode batches), adaptation is too weak to matter.
"""


def spread(value, digits):
    return f"{value['mean']:.{digits}f} ± {value['std']:.{digits}f}" if value else "–"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--family", required=True)
    ap.add_argument("--seeds", required=True)
    ap.add_argument("--test-tasks", type=int, required=True)
    ap.add_argument("--command", required=True)
    ap.add_argument("--algos", default="rl2 ppo fomaml reptile")
    args = ap.parse_args()
    seeds = args.seeds.split()
    out = []
    out.append(f"# Meta-adaptation on held-out {args.family} tasks\n")
    out.append(f"Made by `{args.command}` (Swift release build; {len(seeds)} seeds per learner).\n")
    out.append("Figures: mean ± std over training seeds of the mean over tasks (per-task means first). "
               "Normalised score per task: (return − random) / (oracle − random). \"after n\" is the learner after n "
               "adaptation episodes on the task: RL² adapts in its hidden state (episode n + 1 of a trial); first-order "
               "MAML and Reptile take policy-gradient steps on n episodes of the task, then play fresh ones; the "
               "multi-task PPO does not adapt (the same figures for every n); specialists are PPO trained from "
               "scratch on that one task. Every learner samples its actions; the baselines run the same tasks.\n")
    plot = {}
    for split in ("test", "ood"):
        first = os.path.join(args.data, f"{args.family}-rl2-s{seeds[0]}-{split}.json")
        if not os.path.exists(first):
            continue
        head = load(first)
        out.append(f"\n## {split} tasks ({len(head['tasks'])}: {head['tasks'][0]} …; "
                   f"trained on {head['training_tasks']} train tasks)\n")
        out.append("| learner | after n | return | probes to target | reached % | error median cm | error p90 cm | normalised score |")
        out.append("|---|---|---|---|---|---|---|---|")
        labels = {"rl2": "RL²", "ppo": "PPO multi-task (no adaptation)", "fomaml": "first-order MAML",
                  "reptile": "Reptile"}
        for algo in args.algos.split():
            label = labels.get(algo, algo)
            runs = [load(os.path.join(args.data, f"{args.family}-{algo}-s{s}-{split}.json")) for s in seeds
                    if os.path.exists(os.path.join(args.data, f"{args.family}-{algo}-s{s}-{split}.json"))]
            if not runs:
                continue
            counts = [a["adaptation_episodes"] for a in runs[0]["adaptation"]]
            for k, n in enumerate(counts):
                summaries = [r["adaptation"][k]["summary"] for r in runs]
                scores = [s["normalised_score"]["mean"] if s.get("normalised_score") else None for s in summaries]
                plot.setdefault((split, label), []).append((n, scores))
                out.append(
                    f"| {label} | {n} | {pm([s['mean_return']['mean'] for s in summaries])} | "
                    f"{pm([s['probes_to_target']['mean'] if s.get('probes_to_target') else None for s in summaries], 1, 1)} | "
                    f"{pm([s['target_reached_pooled'] for s in summaries], 100, 1)} | "
                    f"{pm([s['error_median_m']['mean'] for s in summaries], 100, 1)} | "
                    f"{pm([s['error_p90_m']['mean'] for s in summaries], 100, 1)} | {pm(scores)} |")
        # Specialists (test split only): per seed, the mean over tasks.
        if split == "test":
            per_task = head["per_task"]
            random = [next(r for r in t if r["policy"] == "random")["mean_return"] for t in per_task]
            oracle = [next(r for r in t if r["policy"] == "oracle")["mean_return"] for t in per_task]
            rows = []
            for s in seeds:
                reports = []
                for i in range(len(per_task)):
                    path = os.path.join(args.data, f"{args.family}-specialist-{i}-s{s}.json")
                    if os.path.exists(path):
                        reports.append((i, load(path)))
                if not reports:
                    continue
                score = st.mean((r["mean_return"] - random[i]) / (oracle[i] - random[i]) for i, r in reports
                                if abs(oracle[i] - random[i]) > 1e-9)
                probes = [r["probes_to_target_mean"] for _, r in reports if r.get("probes_to_target_mean") is not None]
                rows.append(dict(ret=st.mean(r["mean_return"] for _, r in reports),
                                 probes=st.mean(probes) if probes else None,
                                 reached=st.mean(r["target_reached_rate"] for _, r in reports),
                                 med=st.mean(r["error_median_m"] for _, r in reports),
                                 p90=st.mean(r["error_p90_m"] for _, r in reports), score=score))
            if rows:
                out.append(f"| PPO specialist (from scratch on the task) | – | {pm([r['ret'] for r in rows])} | "
                           f"{pm([r['probes'] for r in rows], 1, 1)} | {pm([r['reached'] for r in rows], 100, 1)} | "
                           f"{pm([r['med'] for r in rows], 100, 1)} | {pm([r['p90'] for r in rows], 100, 1)} | "
                           f"{pm([r['score'] for r in rows])} |")
                plot[(split, "specialist")] = st.mean(r["score"] for r in rows)
        for b in head["baselines"]:
            probes = b.get("probes_to_target")
            score = b.get("normalised_score")
            out.append(
                f"| {b['policy']} (baseline) | – | {b['mean_return']['mean']:.2f} ± {b['mean_return']['std']:.2f} | "
                f"{spread(probes, 1)} | "
                f"{100 * b['target_reached_pooled']:.1f} | {100 * b['error_median_m']['mean']:.1f} | "
                f"{100 * b['error_p90_m']['mean']:.1f} | "
                f"{spread(score, 2)} |")
        out.append("\nBaseline ± is the std over tasks (one run); learner ± is the std over seeds.")
    out.append(READING)
    # Meta-training cost, from the lines meta-train printed.
    rows = []
    for algo in args.algos.split():
        for seed in seeds:
            path = os.path.join(args.data, f"{args.family}-{algo}-s{seed}-summary.txt")
            if not os.path.exists(path):
                continue
            line = next((l for l in open(path) if "steps/s" in l), "")
            match = re.search(r"(\d+) steps.*?(\d+) steps/s", line)
            if match:
                steps, rate = int(match.group(1)), int(match.group(2))
                rows.append((algo, seed, steps, rate, steps / rate))
    if rows:
        out.append("\n## Meta-training cost (what each `meta-train` printed)\n")
        out.append("| learner | seed | env steps | env-steps/s | wall-clock s |")
        out.append("|---|---|---|---|---|")
        for algo, seed, steps, rate, seconds in rows:
            out.append(f"| {algo} | {seed} | {steps:,} | {rate:,} | {seconds:.0f} |")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
        for ax, split in zip(axes, ("test", "ood")):
            for (s, label), points in plot.items():
                if s != split or label == "specialist":
                    continue
                xs = [n for n, _ in points]
                ys = [st.mean([v for v in scores if v is not None]) for _, scores in points]
                ax.plot(xs, ys, marker="o", label=label)
            if (split, "specialist") in plot:
                ax.axhline(plot[(split, "specialist")], color="gray", linestyle="--", label="PPO specialist")
            ax.axhline(0, color="black", linewidth=0.5)
            ax.set_title(f"{args.family}, {split} tasks")
            ax.set_xlabel("adaptation episodes")
            ax.set_ylabel("normalised score (random 0, oracle 1)")
            ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(os.path.join(args.data, f"{args.family}-adaptation.png"), dpi=120)
        out.append(f"\n![normalised score by adaptation episodes](meta-adaptation/{args.family}-adaptation.png)")
    except ImportError:
        out.append("\n(matplotlib not installed: no plot)")
    print("\n".join(out))


if __name__ == "__main__":
    main()
