#!/usr/bin/env python3
"""NEES of every offered env × scenario × baseline over several seeds: sampling or model error?

    python3 Results/nees_seeds.py [--bin .build/release/sensing-gym] [--seeds 1 10001 20001] [--json]
    python3 Results/nees_seeds.py --from Results/nees-seeds.json     # the markdown of a --json run, not rerun

A mean NEES over a few hundred episodes is swung by single episodes when errors are heavy-tailed, so one seed's
"out of band" may be sampling. This runs `sensing-gym run --env ENV --scenario S --policy all --episodes N --seed K
--json` for each seed (N the episodes of Results/baselines.sh's seed-1 run of the same env × scenario, read from its
Results/*-baselines-*.json: 500 BeamSelection, 200 Waveform and RIS) and classifies each
combination: in band on every seed, high (or low) on every seed — a model error — or mixed. The same verdicts are
given for the NEES median and for the share of episodes inside the 95 % ellipse (`nees_median`, `coverage_95`, each
against its own band): the distribution's shape, which single episodes cannot swing. Writes the markdown table
(or, with --json, one JSON object) to stdout and progress to stderr; Results/make-results.sh keeps it as
Results/nees-seeds.md and Results/nees-seeds.json.
"""
import argparse
import glob
import json
import subprocess
import sys

# Each statistic of `run --json` and the key of its 95 % band for a consistent tracker.
STATISTICS = {"mean": ("nees_mean", "nees_band"), "median": ("nees_median", "nees_median_band"),
              "coverage": ("coverage_95", "coverage_95_band")}


def run(binary, *args):
    result = subprocess.run([binary, *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"error: {binary} {' '.join(args)} failed ({result.returncode}):\n{result.stderr.strip()}")
    return json.loads(result.stdout)


def baseline_episodes(pattern):
    """{(env, scenario): episodes} of Results/baselines.sh's outputs, the one place the counts are set."""
    episodes = {}
    for path in glob.glob(pattern):
        with open(path) as f:
            for r in json.load(f)["results"]:
                episodes[(r["env"], r["scenario"])] = r["episodes"]
    return episodes


def verdict(readings):
    """'in band', 'high', 'low' or 'mixed' over the seeds' (value, band) readings."""
    sides = ["high" if v > band[1] else "low" if v < band[0] else "in band" for v, band in readings]
    return sides[0] if len(set(sides)) == 1 else "mixed"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=".build/release/sensing-gym", help="the sensing-gym binary (release build)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 10001, 20001],
                        help="first-episode seeds (episode i of a run uses seed + i, so they must lie at least 500 "
                             "apart for the runs to share no episode; default 1 10001 20001)")
    parser.add_argument("--baselines", default="Results/*-baselines-*.json",
                        help="the seed-1 runs of Results/baselines.sh whose episode counts each env × scenario reuses "
                             "(a glob; default Results/*-baselines-*.json)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of markdown")
    parser.add_argument("--from", dest="source", metavar="FILE", help="render the markdown of a --json run's output")
    args = parser.parse_args()
    if args.source:
        try:
            with open(args.source) as f:
                summary = json.load(f)
            render(summary, summary.get("command", "python3 Results/nees_seeds.py"))
        except (OSError, ValueError, KeyError) as error:
            sys.exit(f"error: cannot render {args.source}: {error}")
        return
    try:
        episodes = baseline_episodes(args.baselines)
    except (OSError, ValueError, KeyError) as error:
        sys.exit(f"error: cannot read the episode counts from {args.baselines}: {error}")
    offered = [(e["env"], e["scenario"]) for e in run(args.bin, "list", "--json")["environments"]
               if (e["env"], e["scenario"]) in episodes]
    if not offered:
        sys.exit(f"error: no baseline run matches {args.baselines}: run `bash Results/baselines.sh` first")
    longest = max(episodes[c] for c in offered)
    ordered = sorted(args.seeds)
    if len(ordered) < 2 or any(b - a < longest for a, b in zip(ordered, ordered[1:])):
        parser.error(f"--seeds needs at least two seeds, each at least {longest} from the next "
                     "(episode i of a run uses seed + i: closer seeds rerun the same episodes)")
    rows = []
    for env, scenario in offered:
        readings = {}
        for seed in args.seeds:
            print(f"+ {args.bin} run --env {env} --scenario {scenario} --policy all "
                  f"--episodes {episodes[(env, scenario)]} --seed {seed} --json", file=sys.stderr)
            for r in run(args.bin, "run", "--env", env, "--scenario", scenario, "--policy", "all",
                         "--episodes", str(episodes[(env, scenario)]), "--seed", str(seed), "--json")["results"]:
                if all(r.get(k) is not None for pair in STATISTICS.values() for k in pair):
                    readings.setdefault(r["policy"], []).append(r)
        for policy, values in readings.items():
            if len(values) == len(args.seeds):
                row = {"env": env, "scenario": scenario, "policy": policy}
                for name, (value, band) in STATISTICS.items():
                    pairs = [(r[value], r[band]) for r in values]
                    row[value] = [round(v, 3) for v, _ in pairs]
                    row[band] = [[round(x, 3) for x in b] for _, b in pairs]
                    row["verdict" if name == "mean" else f"{name}_verdict"] = verdict(pairs)
                rows.append(row)
    counts = {k: sum(r["verdict"] == k for r in rows) for k in ("in band", "mixed", "high", "low")}
    summary = {"seeds": args.seeds, "combinations": len(rows), "in_band_every_seed": counts["in band"],
               "mixed": counts["mixed"], "high_every_seed": counts["high"], "low_every_seed": counts["low"]}
    for name in ("median", "coverage"):
        summary[f"{name}_verdicts"] = {k: sum(r[f"{name}_verdict"] == k for r in rows)
                                       for k in ("in band", "mixed", "high", "low")}
    summary["all_in_band_every_seed"] = sum(
        r["verdict"] == r["median_verdict"] == r["coverage_verdict"] == "in band" for r in rows)
    summary["rows"] = rows
    summary["command"] = f"python3 Results/nees_seeds.py --bin {args.bin} --seeds {' '.join(map(str, args.seeds))}"
    if args.json:
        print(json.dumps(summary, indent=1))
        return
    render(summary, summary["command"])


def render(summary, command):
    """Prints the markdown table of a summary."""
    rows, seeds_list = summary["rows"], summary["seeds"]
    counts = {"in band": summary["in_band_every_seed"], "mixed": summary["mixed"],
              "high": summary["high_every_seed"], "low": summary["low_every_seed"]}
    seeds = " / ".join(str(s) for s in seeds_list)
    print("# NEES over seeds: sampling or model error\n")
    print(f"Made by `{command}` (Results/make-results.sh, which keeps the --json output as Results/nees-seeds.json): "
          "each offered env × scenario run with `--policy all --json` at every seed, with the episodes of its "
          "Results/baselines.sh run (500 BeamSelection-v1, 200 Waveform-v1 and RISConfiguration-v1). A combination is *high* or *low* when its mean NEES leaves that "
          "seed's 95 % band on the same side at every seed (a model error), *mixed* when it leaves it at some seeds "
          "only (sampling of a heavy-tailed NEES, or an error near the band's edge). The median NEES (2 ln 2 = 1.39 "
          "for a consistent tracker) and the share inside the 95 % ellipse (`coverage_95`, 0.95) get the same "
          "verdicts against their own bands (the sample median's and a binomial share's): a median and coverage both "
          "*high* say the errors are more alike in size than a Gaussian's (a bias-dominated error the covariance "
          "covers on average); a median *low* with the mean in band says most episodes are underconfident and a few "
          "far outside.\n")
    print(f"Mean in band at every seed: **{counts['in band']} of {len(rows)}**; mixed {counts['mixed']}; "
          f"high at every seed {counts['high']}; low at every seed {counts['low']}.")
    for name, label in (("median", "Median"), ("coverage", "Coverage")):
        c = summary.get(f"{name}_verdicts")
        if c:
            print(f"{label} in band at every seed: {c['in band']}; mixed {c['mixed']}; high at every seed "
                  f"{c['high']}; low at every seed {c['low']}.")
    if "all_in_band_every_seed" in summary:
        print(f"Mean, median and coverage all in band at every seed: **{summary['all_in_band_every_seed']} of "
              f"{len(rows)}**.")
    print()
    print(f"| env | scenario | policy | NEES mean, seeds {seeds} | band, seed {seeds_list[0]} | verdict | median | "
          "verdict | coverage % | verdict |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        values = " / ".join(f"{v:.2f}" for v in r["nees_mean"])
        band = r["nees_band"][0]
        medians = " / ".join(f"{v:.2f}" for v in r.get("nees_median", []))
        coverages = " / ".join(f"{100 * v:.1f}" for v in r.get("coverage_95", []))
        print(f"| {r['env']} | {r['scenario']} | {r['policy']} | {values} | {band[0]:.2f}–{band[1]:.2f} | "
              f"{r['verdict']} | {medians} | {r.get('median_verdict', '')} | {coverages} | "
              f"{r.get('coverage_verdict', '')} |")


if __name__ == "__main__":
    main()
