"""Renders `sensing-gym run --json` outputs of any env as a markdown baseline table (Waveform-v0, RISConfiguration-v0)."""
import argparse
import json
import platform
import subprocess


def row(r):
    probes = "-" if r.get("probes_to_target_mean") is None else f'{r["probes_to_target_mean"]:.1f}'
    return (f'| {r["policy"]} | {r["mean_return"]:.2f} | {probes} | {100 * r["target_reached_rate"]:.1f} | '
            f'{100 * r["error_median_m"]:.2f} | {100 * r["error_p90_m"]:.2f} | '
            f'{r["energy_per_episode_j"] * 1e6:.3f} | {r["steps_per_second"]:.0f} |')


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--title", required=True)
    parser.add_argument("--command", required=True)
    parser.add_argument("--note", default="")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"# {args.title}\n")
    print("Made by `make results` (Results/make-results.sh), which runs, for each scenario:\n")
    print(f"    {args.command}\n")
    print(f"Commit {commit}, {platform.machine()}, release build. Probes to target: mean over the episodes that "
          "reached the scenario's accuracy target; errors are final position errors of all episodes; energy is "
          "per episode (Waveform-v0: DC energy, PA and baseband; RISConfiguration-v0: transmitted). "
          f"{args.note}\n")
    for path in args.files:
        data = json.load(open(path))
        results = data["results"] if "results" in data else [data]
        first = results[0]
        print(f'## {first["scenario"]} ({first["episodes"]} episodes per policy, seed 1)\n')
        print("| policy | mean return (nats) | probes to target | reached % | error median cm | p90 cm | "
              "energy µJ | steps/s |")
        print("|---|---|---|---|---|---|---|---|")
        for r in results:
            print(row(r))
        print()


if __name__ == "__main__":
    main()
