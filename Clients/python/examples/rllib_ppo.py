"""Ray RLlib PPO whose env runners each connect to one of several `sensing-gym serve` processes.

    sensing-gym serve --bind tcp://127.0.0.1:5555 &
    sensing-gym serve --bind tcp://127.0.0.1:5556 &
    pip install './Clients/python[rllib]'
    python Clients/python/examples/rllib_ppo.py --endpoints tcp://127.0.0.1:5555,tcp://127.0.0.1:5556

`run_rllib_loopback.sh` beside this file starts the servers on free loopback ports, runs this script across them
and stops them. The same script spans machines: run one `sensing-gym serve` per machine (with CURVE keys), list
their addresses in `--endpoints`, and start Ray as a cluster (`--address auto` on the head node); see
docs/SCALE_OUT.md.

The env is registered with `ray.tune.registry.register_env`; its creator makes a `sensinggym.SensingGymEnv`
connected to `endpoints[(worker_index - 1) % len(endpoints)]`: env runner 1 to the first server, runner 2 to the
second, and so on round robin (the local runner, index 0, used only with `--num-env-runners 0`, takes the first).
Each runner steps `--num-envs-per-env-runner` such envs in a Gymnasium SyncVectorEnv, one session each.

`--batched` instead gives each runner one `SensingGymVectorEnv` of `--num-envs-per-env-runner` envs (RLlib's
VECTOR_ENTRY_POINT mode): one session and one message per vector step. In that mode Ray 2.x hands the creator
`env_ctx | {"num_envs": n}`, a plain dict without `worker_index`, so the creator takes its server from a named Ray
actor that counts the runners as they make their envs (round robin over `--endpoints`).

Prints, per training iteration, the env steps sampled and the mean episode return of the env runners, then the
env-steps/s of the run and each server's `stats` (sessions and requests served), which shows that every server
took its share. `--json` prints one JSON object at the end instead of the text summary.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any, Dict, List, Optional

ENV_NAME = "SensingGymRemote"


def parse_args():
    parser = argparse.ArgumentParser(description="RLlib PPO on SensingGym envs served by several servers")
    parser.add_argument("--endpoints", default=os.environ.get("SENSINGGYM_ENDPOINTS"),
                        help="comma-separated server endpoints, one per `sensing-gym serve` "
                             "(default $SENSINGGYM_ENDPOINTS, else $SENSINGGYM_ENDPOINT or tcp://127.0.0.1:5555)")
    parser.add_argument("--env-id", default=None, help="server-side env id (default: the server's BeamSelection)")
    parser.add_argument("--batched", action="store_true",
                        help="one SensingGymVectorEnv (one session, one message per step) per env runner")
    parser.add_argument("--scenario", default=None, help="built-in scenario name (server default if omitted)")
    parser.add_argument("--num-env-runners", type=int, default=None,
                        help="Ray env-runner actors (default: one per endpoint)")
    parser.add_argument("--num-envs-per-env-runner", type=int, default=4, help="envs stepped by each runner")
    parser.add_argument("--iterations", type=int, default=5, help="PPO training iterations")
    parser.add_argument("--train-batch-size", type=int, default=2048, help="env steps per training iteration")
    parser.add_argument("--minibatch-size", type=int, default=256, help="SGD minibatch size")
    parser.add_argument("--num-epochs", type=int, default=4, help="SGD epochs per iteration")
    parser.add_argument("--seed", type=int, default=1, help="seed of RLlib (and so of the envs)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds a remote env waits for each reply")
    parser.add_argument("--curve-server-key", default=os.environ.get("SENSINGGYM_SERVER_KEY"),
                        help="the servers' Z85 CURVE public key (default $SENSINGGYM_SERVER_KEY)")
    parser.add_argument("--address", default=None,
                        help="Ray cluster to join (e.g. 'auto' on a node of a running cluster); "
                             "default: a local Ray instance")
    parser.add_argument("--num-cpus", type=int, default=None,
                        help="CPUs a local Ray instance advertises (default: runners + 1, at least the core "
                             "count; env runners mostly wait on the network, so this may exceed the cores)")
    parser.add_argument("--json", action="store_true", help="print one JSON object at the end")
    args = parser.parse_args()
    if not args.endpoints:
        from sensinggym import default_endpoint
        args.endpoints = default_endpoint()
    if not args.endpoints:
        parser.error("give --endpoints (or $SENSINGGYM_ENDPOINTS / $SENSINGGYM_ENDPOINT)")
    args.endpoint_list = [e.strip() for e in args.endpoints.split(",") if e.strip()]
    if not args.endpoint_list:
        parser.error("--endpoints lists no endpoint")
    if args.num_env_runners is None:
        args.num_env_runners = len(args.endpoint_list)
    return args


def endpoint_for(endpoints: List[str], worker_index: int) -> str:
    """Round robin by env-runner index: runner 1 → endpoints[0], runner 2 → endpoints[1], …; local runner 0 → [0]."""
    return endpoints[max(worker_index - 1, 0) % len(endpoints)]


def make_env(config):
    """The `register_env` creator: a `SensingGymEnv` on the server this env runner's index picks."""
    import sensinggym

    endpoint = endpoint_for(config["endpoints"], getattr(config, "worker_index", 0))
    return sensinggym.SensingGymEnv(env_id=config["env_id"], endpoint=endpoint, scenario=config.get("scenario"),
                                    timeout=config.get("timeout", 30.0), infos=False,
                                    curve_server_key=config.get("curve_server_key"))


COUNTER_NAME = "sensinggym-endpoint-counter"


def make_vector_env(config):
    """The VECTOR_ENTRY_POINT creator: one `SensingGymVectorEnv` per runner, servers taken round robin."""
    import ray
    import sensinggym

    index = ray.get(ray.get_actor(COUNTER_NAME).next.remote())
    endpoints = config["endpoints"]
    return sensinggym.SensingGymVectorEnv(
        env_id=config["env_id"], num_envs=int(config["num_envs"]), endpoint=endpoints[index % len(endpoints)],
        scenario=config.get("scenario"), timeout=config.get("timeout", 30.0), infos=False,
        curve_server_key=config.get("curve_server_key"))


def server_stats(endpoints: List[str], curve_server_key: Optional[str]) -> List[Dict[str, Any]]:
    """Each server's `stats` reply (open sessions and envs, requests served), or the error it gave."""
    from sensinggym import Connection

    out = []
    for endpoint in endpoints:
        connection = Connection(endpoint, timeout=5.0, curve_server_key=curve_server_key)
        try:
            reply, _ = connection.request("stats")
            out.append({"endpoint": endpoint, **reply["stats"]})
        except Exception as error:  # reported, not fatal: the training figures stand on their own
            out.append({"endpoint": endpoint, "error": str(error)})
        finally:
            connection.close()
    return out


def main():
    args = parse_args()
    import gymnasium as gym
    import ray
    from ray.rllib.algorithms.ppo import PPOConfig
    from ray.tune.registry import register_env

    if args.address:
        ray.init(address=args.address, log_to_driver=False)
    else:
        cpus = args.num_cpus or max(os.cpu_count() or 1, args.num_env_runners + 1)
        ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False,
                 object_store_memory=200 * 1024 * 1024)
    if args.batched:
        @ray.remote(num_cpus=0)
        class Counter:
            def __init__(self):
                self.count = 0

            def next(self):
                self.count += 1
                return self.count - 1

        counter = Counter.options(name=COUNTER_NAME).remote()  # noqa: F841  (kept alive by this handle)
    register_env(ENV_NAME, make_vector_env if args.batched else make_env)

    env_config = {"endpoints": args.endpoint_list, "env_id": args.env_id, "scenario": args.scenario,
                  "timeout": args.timeout, "curve_server_key": args.curve_server_key}
    config = (
        PPOConfig()
        .environment(ENV_NAME, env_config=env_config)
        .env_runners(
            num_env_runners=args.num_env_runners,
            num_envs_per_env_runner=args.num_envs_per_env_runner,
            num_cpus_per_env_runner=1,
            gym_env_vectorize_mode=gym.VectorizeMode.VECTOR_ENTRY_POINT if args.batched else gym.VectorizeMode.SYNC,
        )
        .learners(num_learners=0)
        .training(train_batch_size_per_learner=args.train_batch_size, minibatch_size=args.minibatch_size,
                  num_epochs=args.num_epochs, lr=3e-4)
        .debugging(seed=args.seed)
    )
    algo = config.build_algo()
    iterations = []
    start = time.perf_counter()
    try:
        for iteration in range(1, args.iterations + 1):
            result = algo.train()
            runners = result.get("env_runners", {})
            row = {
                "iteration": iteration,
                "env_steps": int(result.get("num_env_steps_sampled_lifetime",
                                            runners.get("num_env_steps_sampled_lifetime", 0))),
                "episode_return_mean": runners.get("episode_return_mean"),
                "episodes": int(runners.get("num_episodes_lifetime", runners.get("num_episodes", 0)) or 0),
                "seconds": time.perf_counter() - start,
            }
            iterations.append(row)
            if not args.json:
                mean = row["episode_return_mean"]
                print(f"iteration {iteration}: {row['env_steps']} env steps, {row['seconds']:.1f} s, "
                      f"mean return {'n/a' if mean is None else f'{mean:.3f}'}", flush=True)
        elapsed = time.perf_counter() - start
        stats = server_stats(args.endpoint_list, args.curve_server_key)
    finally:
        algo.stop()
        ray.shutdown()

    last = iterations[-1]
    summary = {
        "endpoints": args.endpoint_list, "env_id": args.env_id, "scenario": args.scenario,
        "num_env_runners": args.num_env_runners, "num_envs_per_env_runner": args.num_envs_per_env_runner,
        "batched": args.batched,
        "iterations": iterations,
        "env_steps": last["env_steps"], "seconds": elapsed, "env_steps_per_second": last["env_steps"] / elapsed,
        "mean_return": last["episode_return_mean"], "first_mean_return": iterations[0]["episode_return_mean"],
        "server_stats": stats, "ray_version": ray.__version__, "load_average": list(os.getloadavg()),
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(f"trained {last['env_steps']} env steps in {elapsed:.1f} s "
          f"({summary['env_steps_per_second']:,.0f} env-steps/s, PPO updates included) on "
          f"{args.num_env_runners} env runners × {args.num_envs_per_env_runner} envs over "
          f"{len(args.endpoint_list)} servers")
    mean = last["episode_return_mean"]
    print(f"mean return (env runners, last iteration): {'n/a' if mean is None else f'{mean:.3f}'}")
    for entry in stats:
        if "error" in entry:
            print(f"  {entry['endpoint']}: stats failed: {entry['error']}")
        else:
            print(f"  {entry['endpoint']}: {entry.get('sessions')} sessions, {entry.get('envs')} envs, "
                  f"{entry.get('requests')} requests, {entry.get('errors')} errors")


if __name__ == "__main__":
    main()
