"""Renders `sensing-gym bench --json` as Results/bench.md."""
import argparse
import json
import os
import platform
import subprocess


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--command", required=True)
    args = parser.parse_args()
    data = json.load(open(args.file))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print("# Environment throughput\n")
    print(f"Made by `make results`: `{args.command}` (commit {commit}, {platform.machine()}, release build, "
          "random actions through the allocation-free `step(_:into:)` path, one process on a 2-core machine).\n")
    print("| env | scenario | num_envs | steps/s |")
    print("|---|---|---|---|")
    for r in data["results"]:
        print(f'| {r["env"]} | {r["scenario"]} | {r["num_envs"]} | {r["steps_per_second"]:,.0f} |')
    cartpole = data.get("cartpole_python_steps_per_second")
    if cartpole:
        single = next(r for r in data["results"] if r["num_envs"] == 1)
        print(f"\nGymnasium CartPole-v1 (pure Python) in the same run: {cartpole:,.0f} steps/s; "
              f"{single['env']} single env is {single['steps_per_second'] / cartpole:.1f}x that.")
    # The training-throughput section is measured by hand (before/after builds, learning curves); keep it.
    training = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench-training.md")
    if os.path.exists(training):
        print()
        print(open(training).read().rstrip())


if __name__ == "__main__":
    main()
