#!/usr/bin/env python3
"""NEES of every offered env × scenario × baseline over several seeds: sampling or model error?

    python3 Results/nees_seeds.py [--bin .build/release/sensing-gym] [--seeds 1 10001 20001] [--json]
    python3 Results/nees_seeds.py --from Results/nees-seeds.json     # the markdown of a --json run, not rerun

A mean NEES over a few hundred episodes is swung by single episodes when errors are heavy-tailed, so one seed's
"out of band" may be sampling. This runs `sensing-gym run --env ENV --scenario S --policy all --episodes N --seed K
--json` for each seed (N as Results/baselines.sh: 500 BeamSelection, 200 Waveform and RIS) and classifies each
combination: in band on every seed, high (or low) on every seed — a model error — or mixed. Writes the markdown table
(or, with --json, one JSON object) to stdout and progress to stderr; Results/make-results.sh keeps it as
Results/nees-seeds.md and Results/nees-seeds.json.
"""
import argparse
import json
import subprocess
import sys

EPISODES = {"BeamSelection-v1": 500, "Waveform-v1": 200, "RISConfiguration-v1": 200}


def run(binary, *args):
    result = subprocess.run([binary, *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"error: {binary} {' '.join(args)} failed ({result.returncode}):\n{result.stderr.strip()}")
    return json.loads(result.stdout)


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
    longest = max(EPISODES.values())
    ordered = sorted(args.seeds)
    if len(ordered) < 2 or any(b - a < longest for a, b in zip(ordered, ordered[1:])):
        parser.error(f"--seeds needs at least two seeds, each at least {longest} from the next "
                     "(episode i of a run uses seed + i: closer seeds rerun the same episodes)")
    offered = [(e["env"], e["scenario"]) for e in run(args.bin, "list", "--json")["environments"]
               if e["env"] in EPISODES]
    rows = []
    for env, scenario in offered:
        readings = {}
        for seed in args.seeds:
            print(f"+ {args.bin} run --env {env} --scenario {scenario} --policy all "
                  f"--episodes {EPISODES[env]} --seed {seed} --json", file=sys.stderr)
            for r in run(args.bin, "run", "--env", env, "--scenario", scenario, "--policy", "all",
                         "--episodes", str(EPISODES[env]), "--seed", str(seed), "--json")["results"]:
                if r.get("nees_mean") is not None and r.get("nees_band") is not None:
                    readings.setdefault(r["policy"], []).append((r["nees_mean"], r["nees_band"]))
        for policy, values in readings.items():
            if len(values) == len(args.seeds):
                rows.append({"env": env, "scenario": scenario, "policy": policy,
                             "nees_mean": [round(v, 3) for v, _ in values],
                             "nees_band": [[round(b, 3) for b in band] for _, band in values],
                             "verdict": verdict(values)})
    counts = {k: sum(r["verdict"] == k for r in rows) for k in ("in band", "mixed", "high", "low")}
    summary = {"seeds": args.seeds, "combinations": len(rows), "in_band_every_seed": counts["in band"],
               "mixed": counts["mixed"], "high_every_seed": counts["high"], "low_every_seed": counts["low"],
               "rows": rows}
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
          "each offered env × scenario run with `--policy all --json` at every seed, 500 episodes BeamSelection-v1, "
          "200 Waveform-v1 and RISConfiguration-v1. A combination is *high* or *low* when its mean NEES leaves that "
          "seed's 95 % band on the same side at every seed (a model error), *mixed* when it leaves it at some seeds "
          "only (sampling of a heavy-tailed NEES, or an error near the band's edge).\n")
    print(f"In band at every seed: **{counts['in band']} of {len(rows)}**; mixed {counts['mixed']}; "
          f"high at every seed {counts['high']}; low at every seed {counts['low']}.\n")
    print(f"| env | scenario | policy | NEES, seeds {seeds} | band, seed {seeds_list[0]} | verdict |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        values = " / ".join(f"{v:.2f}" for v in r["nees_mean"])
        band = r["nees_band"][0]
        print(f"| {r['env']} | {r['scenario']} | {r['policy']} | {values} | {band[0]:.2f}–{band[1]:.2f} | "
              f"{r['verdict']} |")


if __name__ == "__main__":
    main()
