"""Renders the bridge figures as markdown: `bridge` (Results/bridge.json → bridge.md), `rllib` (rllib.json → rllib.md).

    python Results/render_bridge.py bridge Results/bridge.json --command "Results/bridge.sh" > Results/bridge.md
    python Results/render_bridge.py rllib Results/rllib.json --command "…" > Results/rllib.md
"""
import argparse
import datetime
import json
import os
import platform
import subprocess

ECHO_TARGET = 1.5
VECTOR_TARGET = 200_000


def commit():
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()


def versions(names):
    """Installed versions of the named Python distributions (those found)."""
    from importlib import metadata

    out = []
    for name in names:
        try:
            out.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return ", ".join(out)


def libzmq_version():
    try:
        import zmq

        return zmq.zmq_version()
    except ImportError:
        return "?"


def verdict(ok):
    return "**met**" if ok else "**missed**"


def bridge(data, command):
    bench, sb3, commands = data["bench"], data.get("sb3"), data["commands"]
    ratio = bench["step_median_us"] / bench["echo_median_us"]
    rate = bench["vector_env_steps_per_second"]
    load = bench.get("load_average") or [float("nan")] * 3
    print("# Bridge: Python client ↔ Swift `sensing-gym serve` on loopback\n")
    print(f"Regenerate with `{command}` (release build, one server on a free loopback port, then the commands below; "
          f"the server is stopped with SIGTERM at the end). Run of {data.get('date', '?')}, commit {commit()}, "
          f"{platform.machine()}, {os.cpu_count()} cores shared with other work (load average "
          f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} over 1 / 5 / 15 min at the end of the benchmark; "
          "figures on a loaded machine vary by tens of percent between runs). "
          f"Python packages: {versions(['pyzmq', 'numpy', 'gymnasium', 'torch', 'stable-baselines3'])}; "
          f"libzmq {libzmq_version()}.\n")
    print("Commands run (the endpoint is the ephemeral port of that run):\n")
    print("```")
    for line in commands:
        print(line)
    print("```\n")
    print("## One-env step round trip vs a bare pyzmq echo\n")
    print(f"{bench['round_trips']:,} round trips per case after 200 of warm-up, the three cases interleaved in blocks "
          "of a tenth so that load from other processes falls on all alike. The echo is a pyzmq ROUTER in a second "
          "Python process returning the exact frames of a one-env `step` request (header JSON and one i64 action) "
          "to a pyzmq DEALER: the same hop with no env and no parsing. The step goes through "
          "`SensingGymEnv.step` (request, Swift server parses, steps, replies with obs/reward/flags; the client "
          "decodes into numpy).\n")
    print("| measurement | median µs | p99 µs | median / echo |")
    print("|---|---|---|---|")
    print(f"| bare pyzmq DEALER↔ROUTER echo (same request frames) | {bench['echo_median_us']:.1f} | "
          f"{bench['echo_p99_us']:.1f} | 1.00 |")
    print(f"| one-env step, infos off | {bench['step_median_us']:.1f} | {bench['step_p99_us']:.1f} | {ratio:.2f} |")
    if "step_infos_median_us" in bench:
        print(f"| one-env step, infos on | {bench['step_infos_median_us']:.1f} | {bench['step_infos_p99_us']:.1f} | "
              f"{bench['step_infos_median_us'] / bench['echo_median_us']:.2f} |")
    print(f"\nTarget: median ≤ {ECHO_TARGET}× the echo — {verdict(ratio <= ECHO_TARGET)} ({ratio:.2f}×, infos off).\n")
    print(f"## Vector step, {bench['vector_envs']} envs per message\n")
    print(f"`SensingGymVectorEnv` of {bench['vector_envs']} envs, random actions, {bench['vector_steps']} vector steps "
          f"per timed run, median of {bench['repeats']} runs; observations, rewards and flags land in numpy arrays.\n")
    print("| infos | env-steps/s |")
    print("|---|---|")
    print(f"| off | {rate:,.0f} |")
    if "vector_env_steps_per_second_infos" in bench:
        print(f"| on | {bench['vector_env_steps_per_second_infos']:,.0f} |")
    print(f"\nTarget: ≥ {VECTOR_TARGET:,} env-steps/s — {verdict(rate >= VECTOR_TARGET)} (infos off).\n")
    print("## Stable-Baselines3 PPO over the bridge\n")
    if not sb3:
        print("Not run: " + data.get("sb3_error", "stable-baselines3 is not installed") + "\n")
        return
    print(f"`examples/sb3_ppo.py`: SB3 PPO (`MlpPolicy`, n_steps 256, batch 256, 10 epochs, torch on "
          f"{sb3['torch_threads']} CPU thread) on {sb3['num_envs']} remote `{sb3['env_id']}` envs in SB3's "
          f"DummyVecEnv (one server session each, one round trip per env per step), {sb3['env_steps']:,} env "
          f"steps, seed {sb3['seed']}.\n")
    print("| figure | value |")
    print("|---|---|")
    print(f"| env-steps/s during training, PPO updates included | {sb3['env_steps_per_second']:,.0f} |")
    if sb3.get("rollout_env_steps_per_second"):
        print(f"| env-steps/s while collecting rollouts (policy inference + bridge) | "
              f"{sb3['rollout_env_steps_per_second']:,.0f} |")
    print(f"| wall-clock of `learn` | {sb3['seconds']:.1f} s ({sb3['rollout_seconds']:.1f} s of it collecting) |")
    n = sb3["eval_episodes"]
    print(f"| mean return, trained policy sampling its actions ({n} seeded episodes) | "
          f"{sb3['mean_return']:.2f} ± {sb3['std_return']:.2f} |")
    if "deterministic_mean_return" in sb3:
        print(f"| mean return, trained policy's argmax actions (same episodes) | "
              f"{sb3['deterministic_mean_return']:.2f} ± {sb3['deterministic_std_return']:.2f} |")
    print(f"| mean return, uniformly random policy (same episodes) | "
          f"{sb3['random_mean_return']:.2f} ± {sb3['random_std_return']:.2f} |")
    share = sb3["rollout_seconds"] / sb3["seconds"] if sb3["seconds"] > 0 else float("nan")
    per_step_us = 1e6 / sb3["rollout_env_steps_per_second"] if sb3.get("rollout_env_steps_per_second") else None
    print(f"\n{share:.0%} of `learn`'s wall-clock went to collecting rollouts, the rest to PPO's updates. "
          f"Collection costs {per_step_us:.0f} µs per env step: DummyVecEnv steps its {sb3['num_envs']} remote envs one "
          "after another (one bridge round trip each, as in the first table) and SB3 runs the policy on their "
          "batched observations. (SB3 needs same-step autoreset, so it cannot use `SensingGymVectorEnv`'s one "
          "message per vector step.) A run this short is a throughput figure, not a trained agent: compare its "
          "returns with the random policy's; its argmax tends to repeat one beam until the probe budget ends.")


def rllib(data, command):
    run = data["run"]
    print("# Ray RLlib PPO across several `sensing-gym serve` processes (loopback)\n")
    print(f"Regenerate with `{command}` (part of `make results`; needs the release build and "
          f"`pip install './Clients/python[rllib]'`). Run of {data.get('date', '?')}, commit {commit()}, "
          f"{platform.machine()}, {os.cpu_count()} cores shared with other work; Ray {run.get('ray_version', '?')}, "
          f"{versions(['torch', 'gymnasium'])}"
          + (f"; load average {run['load_average'][0]:.2f} / {run['load_average'][1]:.2f} / "
             f"{run['load_average'][2]:.2f} over 1 / 5 / 15 min at the end of training" if "load_average" in run else "")
          + ".\n")
    print(f"`run_rllib_loopback.sh` started {len(run['endpoints'])} servers on free loopback ports and ran "
          f"`rllib_ppo.py` with {run['num_env_runners']} Ray env runners × {run['num_envs_per_env_runner']} "
          f"`SensingGymEnv`s each (env runner k on server ((k − 1) mod {len(run['endpoints'])}) + 1), one local "
          "learner, then stopped the servers with SIGTERM. PPO on the new API stack, "
          f"{len(run['iterations'])} iterations.\n")
    print("| iteration | env steps (cumulative) | wall-clock s | mean episode return (env runners) |")
    print("|---|---|---|---|")
    for row in run["iterations"]:
        mean = row["episode_return_mean"]
        print(f"| {row['iteration']} | {row['env_steps']:,} | {row['seconds']:.1f} | "
              f"{'n/a' if mean is None else f'{mean:.2f}'} |")
    mean = run["mean_return"]
    print(f"\nThroughput: {run['env_steps']:,} env steps in {run['seconds']:.1f} s = "
          f"**{run['env_steps_per_second']:,.0f} env-steps/s** (sampling and PPO updates; Ray's start-up excluded). "
          f"Mean return of the last iteration: **{'n/a' if mean is None else f'{mean:.2f}'}** (a uniformly random "
          "policy scores about −14 on this env in `sensing-gym run --policy random`; a run this short is a plumbing "
          "and throughput figure, and the first iteration includes the env runners' warm-up).\n")
    print("Each server's `stats` reply at the end of training (sessions still open, requests since start):\n")
    print("| server | sessions | envs | requests | errors |")
    print("|---|---|---|---|---|")
    for entry in run["server_stats"]:
        if "error" in entry:
            print(f"| `{entry['endpoint']}` | stats failed: {entry['error']} | | | |")
        else:
            print(f"| `{entry['endpoint']}` | {entry.get('sessions')} | {entry.get('envs')} | "
                  f"{entry.get('requests'):,} | {entry.get('errors')} |")
    print("\nScaling out to several machines with the same script: docs/SCALE_OUT.md.")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=["bridge", "rllib"])
    parser.add_argument("file")
    parser.add_argument("--command", required=True, help="the command that regenerates the file")
    args = parser.parse_args()
    data = json.load(open(args.file))
    data.setdefault("date", datetime.date.today().isoformat())
    (bridge if args.kind == "bridge" else rllib)(data, args.command)


if __name__ == "__main__":
    main()
