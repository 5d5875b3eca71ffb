"""Wall-clock to a mean return: Swift PPO (`sensing-gym train`) against SB3 PPO over the bridge.

Makes Results/ppo-vs-sb3.md and ppo-vs-sb3.json.

Three subcommands, run in turn by Results/ppo-vs-sb3.sh:

    python Results/ppo_vs_sb3.py swift --bin .build/release/sensing-gym --seed 1 --out DIR > swift-s1.json
    python Results/ppo_vs_sb3.py sb3 --endpoint tcp://127.0.0.1:PORT --seed 1 > sb3-s1.json
    python Results/ppo_vs_sb3.py render swift-s*.json sb3-s*.json --json-out Results/ppo-vs-sb3.json \
        > Results/ppo-vs-sb3.md

Both agents train on BeamSelection-v1 / wrf-room-8x6 with 8 envs and the same PPO hyperparameters (CleanRL's
defaults with lr 3e-3, see HYPERPARAMETERS). Each run yields a trace with one row per iteration (8 × 128 = 1024
env steps): global step, seconds since training started (after the iteration's update), the mean return of the
episodes that ended during that iteration's rollout (what Swift logs as `charts/episodic_return`), and for SB3
also the running mean of the last 100 episodes (SB3's `rollout/ep_rew_mean`). `render` finds the first iteration
at which each threshold is reached and writes the markdown table.
"""

from __future__ import annotations

import time

SCRIPT_START = time.perf_counter()  # before the heavy imports, for the SB3 start-up figure

import argparse  # noqa: E402
import csv  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import shlex  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

ENV_ID = "BeamSelection-v1"
SCENARIO = "wrf-room-8x6"
NUM_ENVS = 8
THRESHOLDS = (6.5, 7.0, 7.5)
PRIMARY = 6.5
TARGET_RATIO = 5.0
# The shared hyperparameters. Swift: `sensing-gym train` defaults (CleanRL's ppo.py) plus --learning-rate 3e-3.
HYPERPARAMETERS = {
    "num_envs": NUM_ENVS, "n_steps": 128, "batch_size": 256, "n_epochs": 4, "gamma": 0.99, "gae_lambda": 0.95,
    "clip_range": 0.2, "ent_coef": 0.01, "vf_coef": 0.5, "max_grad_norm": 0.5, "learning_rate": 3e-3,
    "lr_schedule": "linear to 0 over the budget", "normalize_advantage": True, "hidden": [64, 64],
    "activation": "tanh", "adam_eps": 1e-5, "obs_normalisation": "running mean/std, clip ±10",
}
# Baselines on wrf-room-8x6 from Results/beam-selection.md (500 evaluation episodes), for context.
REFERENCE = {"random": 5.81, "greedy": 7.83, "oracle": 9.58}


def load_average():
    try:
        return list(os.getloadavg())
    except OSError:
        return None


def proc_cpu_seconds(pid):
    """utime + stime of a process from /proc (None when unavailable)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


# MARK: - Swift


def run_swift(args):
    """Runs `sensing-gym train`, times the process, and turns its train.csv into a trace."""
    command = [args.bin, "train", "--env", ENV_ID, "--scenario", SCENARIO, "--algo", "ppo",
               "--total-steps", str(args.total_steps), "--num-envs", str(NUM_ENVS), "--seed", str(args.seed),
               "--learning-rate", "3e-3", "--out", args.out]
    print("+ " + shlex.join(command), file=sys.stderr)
    load_before = load_average()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    process_seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        sys.exit(f"error: sensing-gym train exited with status {completed.returncode}")
    rows = []
    with open(os.path.join(args.out, "train.csv"), newline="") as f:
        for row in csv.DictReader(f):
            step, sps = int(row["global_step"]), float(row["charts/SPS"])
            value = row["charts/episodic_return"]
            rows.append({
                "global_step": step,
                # charts/SPS is global_step / seconds since the training loop started (TrainingSession.restartClock),
                # taken after the iteration's update, so this is the training clock at the end of the iteration.
                "seconds": step / sps if sps > 0 else None,
                "rollout_mean_return": float(value) if value not in ("", "nan") else None,
                "rollout_episodes": int(row["charts/episodes"]),
            })
    training_seconds = rows[-1]["seconds"] if rows else None
    json.dump({
        "framework": "swift", "seed": args.seed, "command": shlex.join(command), "summary": completed.stdout.strip(),
        "total_steps": rows[-1]["global_step"] if rows else 0, "training_seconds": training_seconds,
        "process_seconds": process_seconds,
        "startup_seconds": process_seconds - training_seconds if training_seconds is not None else None,
        "cpu_seconds": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "load_average_before": load_before, "load_average_after": load_average(), "trace": rows,
    }, sys.stdout, indent=1)
    print()


# MARK: - SB3


def run_sb3(args):
    """SB3 PPO on 8 remote envs (DummyVecEnv of Monitor-wrapped bridge envs, VecNormalize on observations)."""
    import gymnasium as gym
    import numpy as np
    import torch
    from stable_baselines3 import PPO
    from stable_baselines3.common.callbacks import BaseCallback
    from stable_baselines3.common.monitor import Monitor
    from stable_baselines3.common.vec_env import DummyVecEnv, VecNormalize

    import sensinggym

    class Trace(BaseCallback):
        """One row per iteration: the rollout's finished episodes, the last-100 mean, the clock after the update."""

        def __init__(self, clock_start, max_seconds):
            super().__init__()
            self.clock_start = clock_start
            self.max_seconds = max_seconds
            self.rows = []
            self.episode_returns = []
            self.rollout_returns = []
            self.stopped_by_cap = False

        def _seconds(self):
            return time.perf_counter() - self.clock_start[0]

        def _close_row(self):
            # The previous iteration's update is done once the next rollout starts (or training ends).
            if self.rows and self.rows[-1]["seconds"] is None:
                self.rows[-1]["seconds"] = self._seconds()

        def _on_rollout_start(self):
            self._close_row()
            self.rollout_returns = []

        def _on_step(self):
            for info in self.locals["infos"]:
                episode = info.get("episode")
                if episode is not None:
                    self.rollout_returns.append(float(episode["r"]))
                    self.episode_returns.append(float(episode["r"]))
            if self.max_seconds and self._seconds() > self.max_seconds:
                self.stopped_by_cap = True
                return False
            return True

        def _on_rollout_end(self):
            last = self.episode_returns[-100:]
            self.rows.append({
                "global_step": int(self.num_timesteps),
                "seconds": None,
                "rollout_seconds": self._seconds(),
                "rollout_mean_return": float(np.mean(self.rollout_returns)) if self.rollout_returns else None,
                "rollout_episodes": len(self.rollout_returns),
                "last100_mean_return": float(np.mean(last)) if len(last) == 100 else None,
            })

        def _on_training_end(self):
            self._close_row()

    torch.set_num_threads(args.torch_threads)
    sensinggym.register_envs([ENV_ID])
    env_kwargs = {"endpoint": args.endpoint, "scenario": SCENARIO, "infos": False}
    venv = DummyVecEnv([lambda: Monitor(gym.make(f"SensingGym/{ENV_ID}", **env_kwargs)) for _ in range(NUM_ENVS)])
    venv.seed(args.seed)  # env i's first reset uses seed + i, as Swift's VectorEnv does
    venv = VecNormalize(venv, norm_obs=True, norm_reward=False, clip_obs=10.0, epsilon=1e-8, gamma=0.99)
    h = HYPERPARAMETERS
    lr = h["learning_rate"]
    model = PPO(
        "MlpPolicy", venv, learning_rate=lambda progress_remaining: progress_remaining * lr,
        n_steps=h["n_steps"], batch_size=h["batch_size"], n_epochs=h["n_epochs"], gamma=h["gamma"],
        gae_lambda=h["gae_lambda"], clip_range=h["clip_range"], ent_coef=h["ent_coef"], vf_coef=h["vf_coef"],
        max_grad_norm=h["max_grad_norm"], normalize_advantage=h["normalize_advantage"],
        policy_kwargs={"net_arch": {"pi": h["hidden"], "vf": h["hidden"]}, "activation_fn": torch.nn.Tanh},
        seed=args.seed, device="cpu", verbose=0)
    clock_start = [0.0]
    trace = Trace(clock_start, args.max_seconds)
    load_before = load_average()
    server_cpu_before = proc_cpu_seconds(args.server_pid) if args.server_pid else None
    cpu_before = time.process_time()
    clock_start[0] = time.perf_counter()
    startup_seconds = clock_start[0] - SCRIPT_START
    model.learn(total_timesteps=args.total_timesteps, callback=trace)
    training_seconds = time.perf_counter() - clock_start[0]
    cpu_seconds = time.process_time() - cpu_before
    server_cpu_after = proc_cpu_seconds(args.server_pid) if args.server_pid else None
    venv.close()
    from importlib import metadata

    json.dump({
        "framework": "sb3", "seed": args.seed,
        "command": shlex.join(["python", "Results/ppo_vs_sb3.py", "sb3", "--endpoint", args.endpoint,
                               "--seed", str(args.seed), "--total-timesteps", str(args.total_timesteps),
                               "--torch-threads", str(args.torch_threads), "--max-seconds", str(args.max_seconds)]),
        "total_steps": int(model.num_timesteps), "budget_steps": args.total_timesteps,
        "training_seconds": training_seconds, "startup_seconds": startup_seconds,
        "process_seconds": startup_seconds + training_seconds,
        "cpu_seconds": cpu_seconds,
        "server_cpu_seconds": (server_cpu_after - server_cpu_before)
        if server_cpu_before is not None and server_cpu_after is not None else None,
        "stopped_by_cap": trace.stopped_by_cap, "max_seconds": args.max_seconds,
        "torch_threads": args.torch_threads,
        "versions": {name: metadata.version(name) for name in ("stable-baselines3", "torch", "gymnasium", "pyzmq")},
        "load_average_before": load_before, "load_average_after": load_average(), "trace": trace.rows,
    }, sys.stdout, indent=1)
    print()


# MARK: - Render


def first_crossing(trace, threshold, key):
    for row in trace:
        value = row.get(key)
        if value is not None and value >= threshold and row.get("seconds") is not None:
            return row
    return None


def commit():
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()


def fmt_load(load):
    return "/".join(f"{x:.2f}" for x in load) if load else "?"


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def split(runs):
    ordered = sorted(runs, key=lambda r: (r["framework"] != "swift", r["seed"]))
    return ordered, [r for r in ordered if r["framework"] == "swift"], [r for r in ordered if r["framework"] == "sb3"]


def crossings_of(runs):
    return {(run["framework"], run["seed"], threshold): first_crossing(run["trace"], threshold, "rollout_mean_return")
            for run in runs for threshold in THRESHOLDS}


def throughput(run):
    return run["total_steps"] / run["training_seconds"]


def window_rates(run, window=20):
    """Env-steps/s over consecutive windows of `window` iterations."""
    rates, previous = [], (0, 0.0)
    trace = run["trace"]
    for i in range(window - 1, len(trace), window):
        row = trace[i]
        if row["seconds"] is not None and row["seconds"] > previous[1]:
            rates.append((row["global_step"] - previous[0]) / (row["seconds"] - previous[1]))
            previous = (row["global_step"], row["seconds"])
    return rates


def ratio_table(runs, p):
    """The ratio table (SB3 / Swift mean wall-clock to each threshold), printed through `p`."""
    _, swift, sb3 = split(runs)
    crossings = crossings_of(runs)
    p("| threshold | Swift mean s | SB3 mean s | ratio | target | env steps SB3 / Swift | s per env step SB3 / Swift |")
    p("|---|---|---|---|---|---|---|")
    for threshold in THRESHOLDS:
        def times(group):
            values, lower = [], False
            for run in group:
                row = crossings[(run["framework"], run["seed"], threshold)]
                if row:
                    values.append(row["seconds"])
                else:
                    values.append(run["training_seconds"])
                    lower = True
            return mean(values), lower

        (ts, swift_lower), (tb, sb3_lower) = times(swift), times(sb3)
        if ts is None or tb is None:
            continue
        ratio = tb / ts
        if swift_lower:
            label, met = "— (Swift did not reach it in every run)", "undetermined"
        elif sb3_lower:
            label = f"≥ {ratio:.1f}× (SB3 did not reach it in every run)"
            met = "**met**" if ratio >= TARGET_RATIO else "undetermined"
        else:
            label = f"{ratio:.1f}×"
            met = "**met**" if ratio >= TARGET_RATIO else "**missed**"
        bold = "**" if threshold == PRIMARY else ""
        steps_ratio = pace_ratio = "—"
        if not swift_lower and not sb3_lower:
            def mean_steps(group):
                return mean([crossings[(run["framework"], run["seed"], threshold)]["global_step"] for run in group])
            ns, nb = mean_steps(swift), mean_steps(sb3)
            steps_ratio = f"{nb / ns:.2f}"
            pace_ratio = f"{(tb / nb) / (ts / ns):.1f}"
        p(f"| {bold}{threshold}{bold} | {ts:.2f}{' (lower bound)' if swift_lower else ''} | "
          f"{tb:.2f}{' (lower bound)' if sb3_lower else ''} | {label} | {met} | {steps_ratio} | {pace_ratio} |")
    p("")


def packed(run):
    """The run with its trace as columns of rounded values (a compact form for the JSON kept in Results/)."""
    keys = list(run["trace"][0]) if run["trace"] else []

    def value(v):
        return round(v, 4) if isinstance(v, float) else v

    return {**run, "trace": {key: [value(row.get(key)) for row in run["trace"]] for key in keys}}


def unpacked(run):
    trace = run["trace"]
    if isinstance(trace, dict):
        keys = list(trace)
        rows = [dict(zip(keys, values)) for values in zip(*(trace[k] for k in keys))]
        run = {**run, "trace": rows}
    return run


def load_runs(path):
    """Runs from a per-run trace or from an earlier --json-out file (re-rendering without re-running)."""
    with open(path) as f:
        data = json.load(f)
    return [unpacked(run) for run in data["runs"]] if "runs" in data else [unpacked(data)], data


def render(args):
    runs = []
    for path in args.runs:
        loaded, data = load_runs(path)
        runs.extend(loaded)
        if "runs" in data:
            args.commands = args.commands or data.get("commands", [])
    runs, swift, sb3 = split(runs)
    crossings = crossings_of(runs)
    earlier = None
    if args.earlier:
        earlier_runs, earlier = load_runs(args.earlier)
        earlier = {**earlier, "runs": earlier_runs}
    if args.json_out:
        record = {"date": datetime.date.today().isoformat(), "commit": commit(), "commands": args.commands,
                  "hyperparameters": HYPERPARAMETERS, "thresholds": THRESHOLDS, "runs": [packed(r) for r in runs]}
        if earlier:
            record["earlier"] = {"date": earlier.get("date"), "commit": earlier.get("commit"),
                                 "note": args.earlier_note, "runs": [packed(r) for r in earlier["runs"]]}
        with open(args.json_out, "w") as f:
            json.dump(record, f, separators=(",", ":"))
            f.write("\n")
    sps = throughput

    def final_return(run):
        values = [r["rollout_mean_return"] for r in run["trace"][-10:] if r["rollout_mean_return"] is not None]
        return mean(values)

    loads = [r.get(k) for r in runs for k in ("load_average_before", "load_average_after") if r.get(k)]
    ones = [l[0] for l in loads]
    sb3_versions = sb3[0]["versions"] if sb3 else {}
    out = []
    p = out.append
    p("# Wall-clock to a mean return: Swift PPO vs Stable-Baselines3 PPO over the bridge\n")
    p(f"Regenerate with `{args.command}` (release build; one `sensing-gym serve` on a free loopback port, then for "
      "each seed a Swift run followed by an SB3 run, so that load from other work falls on both alike; the server "
      "is stopped with SIGTERM at the end). "
      f"Run of {datetime.date.today().isoformat()}, commit {commit()}, {platform.machine()}, {os.cpu_count()} cores "
      "shared with other work. "
      + (f"Python packages: {', '.join(f'{k} {v}' for k, v in sb3_versions.items())}. " if sb3_versions else "")
      + "Figures on a loaded machine vary by tens of percent between runs.\n")
    p(f"**Task.** `{ENV_ID}` on `{SCENARIO}` (the smaller fingerprinting room), {NUM_ENVS} envs, seeds "
      f"{', '.join(str(r['seed']) for r in swift)} (env *i* of seed *s* starts from seed *s + i* in both). For "
      f"context, on this room random scores {REFERENCE['random']}, greedy {REFERENCE['greedy']} and the oracle "
      f"{REFERENCE['oracle']} mean return (Results/beam-selection.md).\n")
    episodes = [row["rollout_episodes"] for run in runs for row in run["trace"]]
    p(f"**Threshold.** Mean episodic return ≥ **{PRIMARY}** (random + 0.7; {THRESHOLDS[1]} and {THRESHOLDS[2]} "
      "shown too), measured identically for both: after each PPO iteration (8 × 128 = 1,024 env steps), the mean "
      "return of the episodes that ended during that iteration's rollout "
      f"({min(episodes)}–{max(episodes)} episodes in these runs, as an episode lasts a few probes; this is Swift's "
      "`charts/episodic_return`). The crossing is the first iteration that reaches it. "
      "Wall-clock is the training loop's clock at the end of that iteration (its update included): Swift from "
      "`global_step / charts/SPS` in train.csv (SPS counts from the start of the training loop), SB3 from a "
      "callback started just before `model.learn`. Start-up (process launch, scenario build, Python imports, "
      "connecting 8 sessions) is outside it and listed separately below.\n")
    p("## Results\n")
    primary = {fw: [crossings[(r["framework"], r["seed"], PRIMARY)] for r in group]
               for fw, group in (("swift", swift), ("sb3", sb3))}
    if swift and sb3 and all(primary["swift"]) and all(primary["sb3"]):
        ts = mean([row["seconds"] for row in primary["swift"]])
        tb = mean([row["seconds"] for row in primary["sb3"]])
        p(f"**In short:** to a mean return of {PRIMARY}, Swift PPO took {ts:.2f} s of training on average and SB3 "
          f"PPO over the bridge {tb:.2f} s: {tb / ts:.1f}× less wall-clock for Swift (target ≥ "
          f"{TARGET_RATIO:.0f}×, {'met' if tb / ts >= TARGET_RATIO else 'missed'} in this run). Whole-run "
          f"throughput: Swift {mean([sps(r) for r in swift]):,.0f} env-steps/s, SB3 "
          f"{mean([sps(r) for r in sb3]):,.0f}.\n")
    p("| framework | seed | threshold | steps to threshold | wall-clock to threshold s | env-steps/s (whole run) |")
    p("|---|---|---|---|---|---|")
    for threshold in THRESHOLDS:
        for run in runs:
            row = crossings[(run["framework"], run["seed"], threshold)]
            name = "Swift PPO" if run["framework"] == "swift" else "SB3 PPO (bridge)"
            if row:
                steps, secs = f"{row['global_step']:,}", f"{row['seconds']:.2f}"
            else:
                steps = f"not reached in {run['total_steps']:,}"
                secs = f"> {run['training_seconds']:.1f} (not reached)"
            bold = "**" if threshold == PRIMARY else ""
            p(f"| {name} | {run['seed']} | {bold}{threshold}{bold} | {steps} | {secs} | {sps(run):,.0f} |")
    p("")
    p("Ratio of mean wall-clock to threshold (SB3 / Swift, over seeds; a run that never reaches it makes the "
      f"ratio a lower bound). Target: ≥ {TARGET_RATIO:.0f}×.\n")
    p("The ratio splits into env steps needed (SB3 / Swift, mean steps to threshold) times wall-clock per env "
      "step up to the crossing (SB3 / Swift).\n")
    ratio_table(runs, p)
    p("Whole runs (the full budget, for throughput and cost):\n")
    p("| framework | seed | env steps | training s | env-steps/s | start-up s | CPU s (trainer) | CPU s (server) | "
      "return, last 10 iterations | load avg before → after (1/5/15 min) |")
    p("|---|---|---|---|---|---|---|---|---|---|")
    for run in runs:
        name = "Swift PPO" if run["framework"] == "swift" else "SB3 PPO (bridge)"
        server = run.get("server_cpu_seconds")
        capped = " (stopped by the time cap)" if run.get("stopped_by_cap") else ""
        p(f"| {name} | {run['seed']} | {run['total_steps']:,}{capped} | {run['training_seconds']:.1f} | "
          f"{sps(run):,.0f} | {run['startup_seconds']:.2f} | {run['cpu_seconds']:.1f} | "
          f"{'—' if server is None else f'{server:.1f}'} | {final_return(run):.2f} | "
          f"{fmt_load(run.get('load_average_before'))} → {fmt_load(run.get('load_average_after'))} |")
    p("")
    if sb3:
        p("SB3's own `rollout/ep_rew_mean` (the running mean of the last 100 episodes) crosses at:\n")
        p("| seed | " + " | ".join(f"≥ {t}: steps, s" for t in THRESHOLDS) + " |")
        p("|---|" + "---|" * len(THRESHOLDS))
        for run in sb3:
            cells = []
            for threshold in THRESHOLDS:
                row = first_crossing(run["trace"], threshold, "last100_mean_return")
                cells.append(f"{row['global_step']:,}, {row['seconds']:.2f}" if row else "not reached")
            p(f"| {run['seed']} | " + " | ".join(cells) + " |")
        p("")
    if ones:
        p(f"Machine load average (1 min) sampled before and after each run: {min(ones):.2f}–{max(ones):.2f} on "
          f"{os.cpu_count()} cores.\n")
    for group, name in ((swift, "Swift"), (sb3, "SB3")):
        rates = [rate for run in group for rate in window_rates(run)]
        if rates:
            p(f"{name} throughput over 20-iteration windows (20,480 env steps) ranged {min(rates):,.0f}–"
              f"{max(rates):,.0f} env-steps/s across its runs.\n")
    if earlier:
        p(f"### An earlier run on the same code ({earlier.get('date', '?')})\n")
        p(f"{args.earlier_note} Regenerating with the script drops this section.\n")
        e_runs, e_swift, e_sb3 = split(earlier["runs"])
        ratio_table(e_runs, p)
        for group, name in ((e_swift, "Swift"), (e_sb3, "SB3")):
            whole = ", ".join(f"{throughput(run):,.0f}" for run in group)
            rates = [rate for run in group for rate in window_rates(run)]
            p(f"- {name}: env-steps/s over whole runs {whole}; over 20-iteration windows {min(rates):,.0f}–"
              f"{max(rates):,.0f}.")
        e_loads = [r[k][0] for r in e_runs for k in ("load_average_before", "load_average_after") if r.get(k)]
        if e_loads:
            p(f"- Load average (1 min) before/after each run: {min(e_loads):.2f}–{max(e_loads):.2f}.")
        p("")
    p("## Commands\n")
    p("```")
    for command in args.commands:
        p(command)
    p("```\n")
    p("Shared hyperparameters (Swift: `sensing-gym train` defaults, which are CleanRL's `ppo.py`, plus "
      "`--learning-rate 3e-3`; SB3: passed explicitly to `PPO(\"MlpPolicy\", …)`): 8 envs × 128 steps "
      "(n_steps 128), 4 minibatches of 256, 4 epochs, γ 0.99, GAE λ 0.95, clip 0.2, entropy 0.01, value "
      "coefficient 0.5, max grad norm 0.5, Adam (ε 1e-5) at 3e-3 annealed linearly to 0 over the budget, "
      "advantage normalisation, separate 64-64 tanh actor and critic with orthogonal initialisation, observations "
      "normalised by running mean/std and clipped to ±10 (Swift's agent; SB3 through "
      "`VecNormalize(norm_obs=True, norm_reward=False)`). SB3 runs with `torch.set_num_threads(1)` on "
      "`DummyVecEnv` of 8 `gym.make(\"SensingGym/BeamSelection-v1\")` bridge envs, each wrapped in `Monitor`, "
      "one server session per env and one round trip per env per step.\n")
    primary_steps = [crossings[(r["framework"], r["seed"], PRIMARY)] for r in runs]
    primary_steps = [row["global_step"] // 1024 for row in primary_steps if row]
    first_iterations = f"{min(primary_steps)}–{max(primary_steps)}" if primary_steps else "?"
    p("## Caveats\n")
    sb3_rates = [rate for run in sb3 for rate in window_rates(run)]
    swift_rates = [rate for run in swift for rate in window_rates(run)]
    spread = (f" (here SB3 {min(sb3_rates):,.0f}–{max(sb3_rates):,.0f} and Swift {min(swift_rates):,.0f}–"
              f"{max(swift_rates):,.0f} env-steps/s over 20-iteration windows)") if sb3_rates and swift_rates else ""
    for line in [
        "The two implementations are not identical in every detail. Swift follows CleanRL: its value loss is "
        "0.5 · max(unclipped, clipped)² with the value clipped to ±0.2 of its old estimate, so with vf 0.5 the "
        "squared error is weighted 0.25; SB3's is an unclipped MSE weighted 0.5 (SB3's `clip_range_vf` is a "
        "different, clipped-only form, so it stays off). Swift anneals the learning rate from the first "
        "iteration and SB3 from after the first rollout (one iteration apart out of 200). Initial weights and "
        "random streams differ, so the same seed is not the same run.",
        "The ratio is the product of the last two columns of the ratio table: env steps needed (both are PPO "
        "with the same settings; the steps to a threshold differ by seed and perhaps by the loss details above, "
        f"which {len(swift)} seeds cannot separate) and wall-clock per env step. The latter is where the "
        "frameworks differ: Swift runs env, policy and update in one process with no serialisation; SB3 pays a "
        "ZeroMQ round trip per env per step, Python/gymnasium wrapper overhead and PyTorch's per-call overhead on "
        "tiny tensors. The SB3 side is the common way to use SB3 (DummyVecEnv of single envs, as "
        "`Clients/python/examples/sb3_ppo.py` does); the vectorised bridge env (64 envs per message) is much "
        "faster, but SB3 expects same-step autoreset, which that vector env does not provide.",
        "The SB3 run uses two processes (Python trainer and the Swift server, which hand off to each other every "
        "step) on a 2-core box, the Swift run one; the CPU-seconds columns show the cost. Torch is on 1 thread, "
        "a fair setting on 2 shared cores (more threads only contend with the server and with each other on "
        "64-wide layers).",
        f"The {PRIMARY} threshold is reached within the first {first_iterations} iterations, so its wall-clock is "
        "a few seconds or less and iteration granularity (1,024 steps) matters; the higher thresholds are longer "
        "measurements of the same comparison. Start-up is excluded from the training clock and listed "
        "separately: Swift's includes building the scenario and writing the final checkpoint; SB3's includes "
        "importing torch/SB3 and connecting to the server. Counting it would raise the ratio.",
        "The machine is shared with other work, so throughput varies within and between runs" + spread + ", "
        "and the two frameworks did not run at the same moment (they alternate seed by seed, but an SB3 run "
        "lasts several times longer than a Swift one and so sees more of the slow spells and the fast ones). "
        "The ratio moves with SB3's throughput at the time, so a repeat run can differ by tens of percent.",
    ]:
        p(f"- {line}")
    print("\n".join(out))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("swift", help="run sensing-gym train and print its trace as JSON")
    s.add_argument("--bin", required=True)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--total-steps", type=int, default=204_800)
    s.add_argument("--out", required=True, help="run directory for train.csv and agent.sgnn")
    b = sub.add_parser("sb3", help="train SB3 PPO over the bridge and print its trace as JSON")
    b.add_argument("--endpoint", required=True)
    b.add_argument("--seed", type=int, default=1)
    b.add_argument("--total-timesteps", type=int, default=204_800)
    b.add_argument("--torch-threads", type=int, default=1)
    b.add_argument("--max-seconds", type=float, default=600.0, help="stop training after this many seconds")
    b.add_argument("--server-pid", type=int, default=None, help="the server's pid, to report its CPU time")
    r = sub.add_parser("render", help="write the markdown from the traces")
    r.add_argument("runs", nargs="+")
    r.add_argument("--json-out", default=None)
    r.add_argument("--command", default="Results/ppo-vs-sb3.sh")
    r.add_argument("--commands", action="append", default=[], help="a command line to list (repeatable)")
    r.add_argument("--earlier", default=None, help="a previous --json-out file to summarise in its own section")
    r.add_argument("--earlier-note", default="", help="one sentence on how the earlier run differed")
    args = parser.parse_args()
    {"swift": run_swift, "sb3": run_sb3, "render": render}[args.mode](args)


if __name__ == "__main__":
    main()
