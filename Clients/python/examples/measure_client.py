"""Client figures for Results/python-client.md: local-server start and stop, time to report a dead endpoint,
dead autoreset step slots under NEXT_STEP vs SAME_STEP, and vector-env throughput in each mode.

    SENSINGGYM_BIN=.build/release/sensing-gym python Clients/python/examples/measure_client.py --json
"""

from __future__ import annotations

import argparse
import json
import socket
import time

import numpy as np

import sensinggym
from sensinggym import SensingGymEnv, SensingGymTimeout, local_server


def local_server_times() -> dict:
    start = time.perf_counter()
    env = SensingGymEnv()  # no endpoint: starts a local server, hello, make
    made = time.perf_counter() - start
    server = local_server.current()
    env.reset(seed=0)
    start = time.perf_counter()
    env.close()  # the last env: stops the server
    server.process.wait(timeout=10)
    stopped = time.perf_counter() - start
    return {"first_env_with_local_server_s": made, "close_and_server_exit_s": stopped}


def dead_endpoint_seconds() -> float:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    start = time.perf_counter()
    try:
        SensingGymEnv(endpoint=f"tcp://127.0.0.1:{port}")
    except SensingGymTimeout:
        return time.perf_counter() - start
    raise RuntimeError("a dead endpoint answered")


def autoreset_figures(num_envs: int, steps: int, repeats: int) -> dict:
    from gymnasium.vector import AutoresetMode

    out = {}
    for mode in (AutoresetMode.NEXT_STEP, AutoresetMode.SAME_STEP):
        envs = sensinggym.SensingGymVectorEnv(num_envs=num_envs, infos=False, autoreset_mode=mode)
        try:
            rng = np.random.default_rng(0)
            actions = rng.integers(0, envs.single_action_space.n, size=(steps, num_envs))
            envs.reset(seed=0)
            pending = np.zeros(num_envs, dtype=bool)
            dead = ended = 0
            for t in range(steps):
                _, _, terminated, truncated, _ = envs.step(actions[t])
                if mode == AutoresetMode.NEXT_STEP:
                    dead += int(pending.sum())
                done = terminated | truncated
                ended += int(done.sum())
                pending = done
            rates = []
            for _ in range(repeats):
                start = time.perf_counter()
                for t in range(steps):
                    envs.step(actions[t])
                rates.append(steps * num_envs / (time.perf_counter() - start))
            out[mode.name] = {"dead_slot_fraction": dead / (steps * num_envs), "episodes": ended,
                              "mean_episode_steps": (steps * num_envs - dead) / max(1, ended),
                              "env_steps_per_second": float(np.median(rates))}
        finally:
            envs.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--num-envs", type=int, default=64)
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {**local_server_times(), "dead_endpoint_reported_s": dead_endpoint_seconds(),
               "autoreset": autoreset_figures(args.num_envs, args.steps, args.repeats),
               "num_envs": args.num_envs, "steps": args.steps}
    print(json.dumps(results, indent=2 if not args.json else None))


if __name__ == "__main__":
    main()
