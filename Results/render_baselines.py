"""Renders `sensing-gym run --json` outputs (any env) as a markdown baseline table, one section per scenario."""
import argparse
import json
import platform
import subprocess

ENERGY_UNITS = {"nJ": 1e9, "µJ": 1e6}


def nees(r):
    """NEES mean with its 95 % band, flagged when outside it (low: the tracker is under-confident)."""
    value, band = r.get("nees_mean"), r.get("nees_band")
    if value is None:
        return "-"
    flag = "" if band is None or band[0] <= value <= band[1] else (" (low)" if value < band[0] else " (HIGH)")
    return f"{value:.2f}{flag}"


def coverage(r):
    """Share of tracked episodes whose final error lies inside the 95 % ellipse (95 % when consistent)."""
    value = r.get("coverage_95")
    return "-" if value is None else f"{100 * value:.1f}"


def top_action(r, key="action_histogram"):
    """The most chosen action and its share of all steps (or, with key="tracking_action_histogram", of the steps
    taken while a track existed)."""
    histogram = r.get(key) or {}
    total = sum(histogram.values())
    if not total:
        return "-"
    action, count = max(histogram.items(), key=lambda kv: (kv[1], kv[0]))
    return f"{action} ({100 * count / total:.0f} %)"


def row(r, energy_unit):
    probes = "-" if r.get("probes_to_target_mean") is None else f'{r["probes_to_target_mean"]:.1f}'
    false_success = "-" if r.get("false_success_rate") is None else f'{100 * r["false_success_rate"]:.1f}'
    return (f'| {r["policy"]} | {r["mean_return"]:.2f} | {probes} | {100 * r["target_reached_rate"]:.1f} | '
            f'{false_success} | {nees(r)} | {coverage(r)} | '
            f'{100 * r["error_median_m"]:.2f} | {100 * r["error_p90_m"]:.2f} | {100 * r["error_p98_m"]:.2f} | '
            f'{100 * r["outliers_over_10cm"]:.1f} | {r["energy_per_episode_j"] * ENERGY_UNITS[energy_unit]:.3g} | '
            f'{top_action(r)} | {top_action(r, "tracking_action_histogram")} | {r["steps_per_second"]:.0f} |')


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", help="JSON files written by `sensing-gym run --json`")
    parser.add_argument("--title", required=True, help="the page's heading")
    parser.add_argument("--command", required=True, help="the command that made the files (SCENARIO for the name)")
    parser.add_argument("--note", default="", help="what the energy column counts, and anything else to say")
    parser.add_argument("--energy-unit", choices=sorted(ENERGY_UNITS), default="nJ")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"# {args.title}\n")
    print("Made by `make results` (Results/make-results.sh), which runs, for each scenario:\n")
    print(f"    {args.command}\n")
    print(f"Commit {commit}, {platform.machine()}, release build. Probes to target: mean over the episodes that "
          "reached the scenario's accuracy target; errors are the final position errors of all episodes; energy is "
          "per episode; steps/s includes the policy's own computation (model-based baselines plan over many "
          f"hypotheses). NEES: mean final NEES over the episodes with a track, flagged outside its 95 % band (2 when "
          "consistent; one lost track can swamp it); in 95 % ellipse: the share of those episodes whose true final "
          f"position lies inside the tracker's 95 % ellipse (95 % when consistent). Top action: the most chosen "
          "action and its share of all probes; tracking: the same over the probes made once a track existed (before "
          f"it, greedy plans over hypotheses over the whole user area). {args.note}\n")
    for path in args.files:
        data = json.load(open(path))
        results = data["results"] if "results" in data else [data]
        first = results[0]
        print(f'## {first["scenario"]} ({first["episodes"]} episodes per policy, seed 1)\n')
        print("| policy | mean return (nats) | probes to target | reached % | false success % | NEES | in 95 % ellipse % | "
              f"error median cm | p90 cm | p98 cm | > 10 cm % | energy {args.energy_unit} | top action | "
              "top action, tracking | steps/s |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in results:
            print(row(r, args.energy_unit))
        print()


if __name__ == "__main__":
    main()
