#!/usr/bin/env python3
"""Totals over every offered env × scenario × baseline (the figures README and docs/PHYSICS.md §7 quote).

    python3 Results/summarise_baselines.py Results/*-baselines-*.json [--json]

Counts the combinations whose NEES mean lies in its 95 % band (and how many read low or high), whose NEES median and
share inside the 95 % ellipse (`coverage_95`) lie in their own 95 % bands (`nees_median_band`, `coverage_95_band`:
the shape of the NEES distribution, which a few lost tracks cannot swamp), whose final states lie inside the 95 %
ellipse in >= 93 % of episodes, the worst false-success rate, and, per
scenario, whether the mean returns rank oracle >= greedy >= random and whether it is a decision problem (the oracle
reaches the target with <= 60 % of random's probes, or in >= 20 points more episodes; issue 10).
"""
import argparse
import json


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="run --json outputs (one env × scenario each)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args()
    combos, low, high, covered, rankings = 0, [], [], 0, []
    shape = {"median": {"low": 0, "in": 0, "high": 0}, "coverage": {"low": 0, "in": 0, "high": 0}}
    all_three = 0
    worst_false_success, min_coverage = (0.0, None), (1.0, None)
    for path in args.files:
        with open(path) as f:
            data = json.load(f)
        returns, by_policy = {}, {r["policy"]: r for r in data["results"]}
        for r in data["results"]:
            name = f"{r['env']} {r['scenario']} {r['policy']}"
            returns[r["policy"]] = r["mean_return"]
            combos += 1
            verdicts = []
            for key, value_key, band_key in (("mean", "nees_mean", "nees_band"),
                                             ("median", "nees_median", "nees_median_band"),
                                             ("coverage", "coverage_95", "coverage_95_band")):
                v, b = r.get(value_key), r.get(band_key)
                if v is None or b is None:
                    continue
                verdict = "low" if v < b[0] else "high" if v > b[1] else "in"
                verdicts.append(verdict)
                if key != "mean":
                    shape[key][verdict] += 1
                elif verdict != "in":
                    (low if verdict == "low" else high).append((name, round(v, 2)))
            all_three += verdicts == ["in", "in", "in"]
            coverage = r.get("coverage_95")
            if coverage is not None:
                covered += coverage >= 0.93
                if coverage < min_coverage[0]:
                    min_coverage = (coverage, name)
            fs = r.get("false_success_rate") or 0.0
            if fs > worst_false_success[0]:
                worst_false_success = (fs, name)
        ranked = returns.get("oracle", 0) >= returns.get("greedy", 0) >= returns.get("random", 0)
        oracle, random = by_policy.get("oracle", {}), by_policy.get("random", {})
        probes = (oracle.get("probes_to_target_mean") or 0) / (random.get("probes_to_target_mean") or float("inf"))
        reached = (oracle.get("target_reached_rate") or 0) - (random.get("target_reached_rate") or 0)
        decision = probes <= 0.6 or reached >= 0.2
        rankings.append((f"{data['results'][0]['env']} {data['results'][0]['scenario']}", ranked, decision))
    summary = {
        "combinations": combos, "nees_in_band": combos - len(low) - len(high), "nees_low": low, "nees_high": high,
        "nees_median": shape["median"], "coverage_95_band": shape["coverage"], "mean_median_coverage_in_band": all_three,
        "coverage_95_at_least_93": covered, "coverage_95_min": min_coverage,
        "false_success_max": worst_false_success,
        "ranked_oracle_greedy_random": sum(ok for _, ok, _ in rankings), "scenarios": len(rankings),
        "not_ranked": [name for name, ok, _ in rankings if not ok],
        "decision_problems": sum(d for _, _, d in rankings),
        "not_decision_problems": [name for name, _, d in rankings if not d],
    }
    if args.json:
        print(json.dumps(summary, indent=1))
        return
    print(f"NEES in band: {summary['nees_in_band']} of {combos} (low {len(low)}, high {len(high)})")
    print(f"  low:  {', '.join(f'{n} {v}' for n, v in low)}")
    print(f"  high: {', '.join(f'{n} {v}' for n, v in high)}")
    for key, label in (("median", "NEES median in its band"), ("coverage", "coverage_95 in its band")):
        c = shape[key]
        print(f"{label}: {c['in']} of {combos} (low {c['low']}, high {c['high']})")
    print(f"NEES mean, median and coverage_95 all in band: {all_three} of {combos}")
    print(f"coverage_95 >= 93 %: {covered} of {combos}; lowest {min_coverage[0]:.3f} ({min_coverage[1]})")
    print(f"false success max: {worst_false_success[0]:.4f} ({worst_false_success[1]})")
    print(f"returns ranked oracle >= greedy >= random: {summary['ranked_oracle_greedy_random']} of {len(rankings)}"
          + (f"; not: {', '.join(summary['not_ranked'])}" if summary["not_ranked"] else ""))
    print(f"decision problems: {summary['decision_problems']} of {len(rankings)}"
          + (f"; not: {', '.join(summary['not_decision_problems'])}" if summary["not_decision_problems"] else ""))


if __name__ == "__main__":
    main()
