"""Renders `sensing-gym run --family … --json` outputs as Results/task-families.md: a verdict table, then one
table per family and split (mean ± std over tasks; pooled rates; normalised score random = 0, oracle = 1)."""
import argparse
import json
import platform
import subprocess


def pm(spread, scale=1.0, digits=2):
    if spread is None:
        return "-"
    return f"{scale * float(spread['mean']):.{digits}f} ± {scale * float(spread['std']):.{digits}f}"


def opt(x, scale=1.0, digits=1):
    return "-" if x is None else f"{scale * x:.{digits}f}"


def passes_alone(reports):
    """The same four criteria on one task's reports (50 episodes: noisier than the pooled check)."""
    by = {r["policy"]: r for r in reports}
    random, greedy, oracle = by["random"], by["greedy"], by["oracle"]
    ordered = oracle["mean_return"] >= greedy["mean_return"] >= random["mean_return"]
    ro, rr = oracle.get("probes_to_target_mean"), random.get("probes_to_target_mean")
    spread = oracle["target_reached_rate"] - random["target_reached_rate"] >= 0.2 or (
        ro is not None and rr is not None and ro <= 0.6 * rr)
    honest = all((r.get("false_success_rate") or 0) <= 0.05 for r in reports)
    return ordered and spread and honest and oracle["target_reached_rate"] > 0.5


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--command", required=True)
    parser.add_argument("--commit", help="commit the binary was built from (default: HEAD)")
    args = parser.parse_args()
    runs = [json.load(open(f)) for f in args.files]
    commit = args.commit or subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    first = runs[0]["report"]
    out = ["# Task families: are they decision problems?", "",
           "Made by `bash Results/task-families.sh` (also run by `make results`), which runs, for each family and split:", "",
           f"    {args.command}", "",
           f"Commit {commit}, {platform.machine()}, release build; {len(first['tasks'])} tasks per split, "
           f"{first['episodes_per_task']} episodes per task and policy (episode seeds 1 …). A family's tasks share one "
           "observation and action space (`TaskFamily`, docs/PHYSICS.md §8); train and test come from the "
           "same ranges (disjoint seeds), ood from outside them.", "",
           "Criteria (`DecisionProblemCheck`, the `OfferedBenchmarks` rule over the pooled episodes of all tasks): mean return "
           "oracle ≥ greedy ≥ random; the oracle reaches the target in ≥ 20 points more episodes than random or with "
           "≤ 60 % of its probes; every policy's false-success rate ≤ 5 %; the oracle reaches the target in > 50 % of "
           "episodes.", "",
           "| family | env | split | oracle ≥ greedy ≥ random | oracle reached % | random reached % | probes oracle / random | worst false success % | decision problem | tasks passing alone |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        r, c = run["report"], run["check"]
        if c is None:
            continue
        ratio = "-" if c.get("probes_ratio") is None else f"{c['probes_ratio']:.2f}"
        random = next(p for p in r["policies"] if p["policy"] == "random")
        out.append(f"| {r['family']} | {r['env']} | {r['split']} | {'yes' if c['ordered'] else 'NO'} | "
                   f"{100 * c['oracle_reached']:.1f} | {100 * random['target_reached_pooled']:.1f} | {ratio} | "
                   f"{100 * c['worst_false_success']:.1f} | "
                   f"{'yes' if c['ordered'] and c['spread'] and c['honest'] and c['solvable'] else 'NO'} | "
                   f"{sum(passes_alone(t) for t in r['per_task'])}/{len(r['per_task'])} |")
    out.append("")
    out += ["How much harder is ood than test? Reached % (pooled) and normalised score (mean over tasks), test → ood:", "",
            "| family | policy | reached % test → ood | normalised score test → ood |", "|---|---|---|---|"]
    by = {(run["report"]["family"], run["report"]["split"]): run["report"] for run in runs}
    for family in dict.fromkeys(run["report"]["family"] for run in runs):
        test, ood = by.get((family, "test")), by.get((family, "ood"))
        if not test or not ood:
            continue
        for p in test["policies"]:
            q = next((x for x in ood["policies"] if x["policy"] == p["policy"]), None)
            if q is None or p["policy"] in ("random", "oracle"):
                continue
            out.append(f"| {family} | {p['policy']} | {100 * p['target_reached_pooled']:.1f} → "
                       f"{100 * q['target_reached_pooled']:.1f} | {pm(p.get('normalised_score'))} → "
                       f"{pm(q.get('normalised_score'))} |")
        o, q = (next(x for x in rep["policies"] if x["policy"] == "oracle") for rep in (test, ood))
        out.append(f"| {family} | oracle | {100 * o['target_reached_pooled']:.1f} → {100 * q['target_reached_pooled']:.1f} | 1 → 1 |")
    out.append("")
    for run in runs:
        r = run["report"]
        out += [f"## {r['family']} — {r['split']} ({r['env']}; tasks {r['tasks'][0]} … {r['tasks'][-1]})", "",
                "| policy | mean return (nats) | probes to target (pooled) | probes/task | reached % (pooled) | reached %/task | "
                "error median cm | error p90 cm | false success % | normalised score |",
                "|---|---|---|---|---|---|---|---|---|---|"]
        for p in r["policies"]:
            out.append(f"| {p['policy']} | {pm(p['mean_return'])} | {opt(p.get('probes_to_target_pooled'))} | "
                       f"{pm(p.get('probes_to_target'), 1, 1)} | {100 * p['target_reached_pooled']:.1f} | "
                       f"{pm(p['target_reached_rate'], 100, 1)} | {pm(p['error_median_m'], 100)} | "
                       f"{pm(p['error_p90_m'], 100)} | {opt(p.get('false_success_pooled'), 100)} | "
                       f"{pm(p.get('normalised_score'))} |")
        out.append("")
    out.append("Per task: mean ± std over tasks of each task's figure; pooled: over all episodes of all tasks. Probes to "
               "target count the episodes that reached the target; errors are final position errors of all episodes. "
               "Normalised score per task (return − random's) / (oracle's − random's), averaged over tasks.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
