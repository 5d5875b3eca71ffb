"""SB3 VecEnv throughput: ``sensinggym.sb3.SensingGymVecEnv`` (one batched session) vs SB3's ``DummyVecEnv`` of
single remote envs (one message per env per step), random actions.

    python Clients/python/examples/bench_sb3.py                      # starts a local server
    python Clients/python/examples/bench_sb3.py --endpoint tcp://127.0.0.1:5555 --json

Each figure is the median of ``--repeats`` timed runs of ``--steps`` vector steps (after a warm-up), in env-steps
per second (vector steps × envs). Actions are drawn for the whole run before timing.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from stable_baselines3.common.vec_env import DummyVecEnv

from sensinggym import SensingGymEnv
from sensinggym.sb3 import SensingGymVecEnv


def throughput(venv, steps: int, repeats: int, seed: int = 0) -> float:
    rng = np.random.default_rng(seed)
    n = venv.num_envs
    actions = rng.integers(0, venv.action_space.n, size=(steps, n))
    venv.reset()
    for t in range(min(steps, 50)):
        venv.step(actions[t])
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for t in range(steps):
            venv.step(actions[t])
        rates.append(steps * n / (time.perf_counter() - start))
    return float(np.median(rates))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", default=None, help="server endpoint (default: a local server)")
    parser.add_argument("--env", default=None, help="env id (default: the server's BeamSelection)")
    parser.add_argument("--envs", default="8,64,256", help="comma-separated env counts for the adapter")
    parser.add_argument("--dummy-envs", type=int, default=8, help="envs in the DummyVecEnv baseline (0: skip)")
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    results = {"adapter_infos_off": {}, "adapter_infos_on": {}}
    for n in [int(x) for x in args.envs.split(",")]:
        for infos, key in ((False, "adapter_infos_off"), (True, "adapter_infos_on")):
            venv = SensingGymVecEnv(args.env, num_envs=n, endpoint=args.endpoint, infos=infos)
            try:
                results[key][n] = throughput(venv, args.steps, args.repeats)
            finally:
                venv.close()
    if args.dummy_envs:
        dummy = DummyVecEnv([lambda: SensingGymEnv(args.env, endpoint=args.endpoint, infos=False)
                             for _ in range(args.dummy_envs)])
        try:
            results["dummy_vec_env_infos_off"] = {args.dummy_envs: throughput(dummy, args.steps // 4, args.repeats)}
        finally:
            dummy.close()
    results["settings"] = {"steps": args.steps, "repeats": args.repeats, "endpoint": args.endpoint or "local"}
    if args.json:
        print(json.dumps(results))
        return
    print("env-steps/s, random actions, median of", args.repeats, "runs")
    for key in ("adapter_infos_off", "adapter_infos_on", "dummy_vec_env_infos_off"):
        for n, rate in results.get(key, {}).items():
            print(f"  {key:26s} {n:4d} envs  {rate:10.0f}")


if __name__ == "__main__":
    main()
