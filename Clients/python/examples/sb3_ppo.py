"""Train Stable-Baselines3 PPO on a SensingGym env served by `sensing-gym serve`, and print its mean return.

    pip install './Clients/python[sb3]'
    python Clients/python/examples/sb3_ppo.py --total-timesteps 20000          # starts a local server
    python Clients/python/examples/sb3_ppo.py --endpoint tcp://127.0.0.1:5555  # a server you started

By default the training envs are `sensinggym.sb3.SensingGymVecEnv`: all `--num-envs` envs in one batched server
session, one message per vector step, with the server's same-step autoreset (SB3's convention). `--vec-env dummy`
uses SB3's own DummyVecEnv of single remote envs (`gym.make("SensingGym/<id>")`, one session and one round trip
per env per step); `--vec-env subproc` SB3's SubprocVecEnv (one process per env, round trips overlap, which pays
once servers sit on other machines, see docs/SCALE_OUT.md). With `--endpoints A,B,…` single env i connects to
the (i mod n)-th server. Prints the
training throughput (env-steps/s with PPO updates included, and during rollout collection alone: policy inference
plus bridge round trips) and, over the same seeded evaluation episodes, the mean return of the trained policy
sampling its actions, of its argmax (deterministic) actions, and of a uniformly random policy for reference.
(After a short run the argmax policy of BeamSelection-v1 tends to repeat one beam until the probe budget runs
out, so the sampled policy is the one to read.) `--json` prints one JSON object instead.
"""

from __future__ import annotations

import argparse
import json
import time

import gymnasium as gym
import numpy as np

import sensinggym


def parse_args():
    parser = argparse.ArgumentParser(description="SB3 PPO on a served SensingGym env")
    parser.add_argument("--endpoint", default=None, help="server endpoint (default $SENSINGGYM_ENDPOINT or :5555)")
    parser.add_argument("--endpoints", default=None,
                        help="comma-separated endpoints of several servers, env i on the (i mod n)-th "
                             "(overrides --endpoint)")
    parser.add_argument("--vec-env", choices=("batched", "dummy", "subproc"), default="batched",
                        help="batched: SensingGymVecEnv (one session); dummy/subproc: SB3's of single envs")
    parser.add_argument("--subproc", action="store_true", help="the same as --vec-env subproc")
    parser.add_argument("--curve-server-key", default=None,
                        help="the servers' Z85 CURVE public key (default $SENSINGGYM_SERVER_KEY)")
    parser.add_argument("--env-id", default=None, help="server-side env id (default: the server's BeamSelection)")
    parser.add_argument("--scenario", default=None, help="built-in scenario name (server default if omitted)")
    parser.add_argument("--num-envs", type=int, default=8, help="parallel remote envs (one session each)")
    parser.add_argument("--total-timesteps", type=int, default=20_000, help="PPO training budget in env steps")
    parser.add_argument("--eval-episodes", type=int, default=20, help="episodes for the mean return")
    parser.add_argument("--seed", type=int, default=1, help="seed of the envs and of PPO")
    parser.add_argument("--torch-threads", type=int, default=1,
                        help="torch CPU threads (1 suits a small MLP next to a server on a few cores)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    return parser.parse_args()


def evaluate(env, episodes, policy):
    """Mean and std of the return of `policy(obs) -> action` over `episodes` seeded episodes."""
    returns = []
    for episode in range(episodes):
        obs, _ = env.reset(seed=10_000 + episode)
        total, done = 0.0, False
        while not done:
            obs, reward, terminated, truncated, _ = env.step(policy(obs))
            total += reward
            done = terminated or truncated
        returns.append(total)
    return float(np.mean(returns)), float(np.std(returns))


def main():
    args = parse_args()
    import torch
    from stable_baselines3 import PPO
    from stable_baselines3.common.callbacks import BaseCallback
    from stable_baselines3.common.monitor import Monitor
    from stable_baselines3.common.vec_env import DummyVecEnv, SubprocVecEnv

    class RolloutTimer(BaseCallback):
        """Wall-clock time spent collecting rollouts (policy inference + env steps over the bridge)."""

        def __init__(self):
            super().__init__()
            self.seconds = 0.0
            self.steps = 0
            self._start = 0.0
            self._steps_at_start = 0

        def _on_rollout_start(self) -> None:
            self._start = time.perf_counter()
            self._steps_at_start = self.num_timesteps

        def _on_step(self) -> bool:
            return True

        def _on_rollout_end(self) -> None:
            self.seconds += time.perf_counter() - self._start
            self.steps += self.num_timesteps - self._steps_at_start

    torch.set_num_threads(args.torch_threads)
    kwargs = {"scenario": args.scenario, "infos": False, "curve_server_key": args.curve_server_key}
    endpoints = [e.strip() for e in args.endpoints.split(",") if e.strip()] if args.endpoints else [args.endpoint]
    mode = "subproc" if args.subproc else args.vec_env
    if mode == "batched":
        from stable_baselines3.common.vec_env import VecMonitor
        from sensinggym.sb3 import SensingGymVecEnv

        venv = VecMonitor(SensingGymVecEnv(args.env_id, num_envs=args.num_envs, endpoint=endpoints[0], **kwargs))
        vec_env_name = "SensingGymVecEnv"
        env_id_served = venv.venv.env_id
    else:
        probe = sensinggym.SensingGymEnv(args.env_id, endpoint=endpoints[0], **kwargs)  # resolves the id
        env_id_served = probe.env_id
        probe.close()

        def env_factory(rank):
            def make():
                import sensinggym  # noqa: F401  (registers the ids in a SubprocVecEnv worker)

                return Monitor(gym.make(f"SensingGym/{env_id_served}", endpoint=endpoints[rank % len(endpoints)],
                                        **kwargs))
            return make

        vec_env_class = SubprocVecEnv if mode == "subproc" else DummyVecEnv
        venv = vec_env_class([env_factory(rank) for rank in range(args.num_envs)])
        vec_env_name = vec_env_class.__name__
    venv.seed(args.seed)  # env i's first reset uses seed + i, as make_vec_env does
    env_id = f"SensingGym/{env_id_served}"
    sensinggym.register_envs([env_id_served])
    model = PPO("MlpPolicy", venv, n_steps=256, batch_size=256, seed=args.seed, verbose=0, device="cpu")
    timer = RolloutTimer()
    start = time.perf_counter()
    model.learn(total_timesteps=args.total_timesteps, callback=timer)
    elapsed = time.perf_counter() - start
    venv.close()

    with gym.make(env_id, endpoint=endpoints[0], **kwargs) as env:  # noqa: SIM117
        trained = evaluate(env, args.eval_episodes, lambda obs: int(model.predict(obs, deterministic=False)[0]))
        argmax = evaluate(env, args.eval_episodes, lambda obs: int(model.predict(obs, deterministic=True)[0]))
        env.action_space.seed(args.seed)
        random = evaluate(env, args.eval_episodes, lambda obs: env.action_space.sample())

    result = {
        "env_id": env_id_served, "scenario": args.scenario, "num_envs": args.num_envs, "endpoints": endpoints,
        "vec_env": vec_env_name,
        "env_steps": int(model.num_timesteps), "seconds": elapsed,
        "env_steps_per_second": model.num_timesteps / elapsed,
        "rollout_env_steps_per_second": timer.steps / timer.seconds if timer.seconds > 0 else None,
        "rollout_seconds": timer.seconds,
        "eval_episodes": args.eval_episodes,
        "mean_return": trained[0], "std_return": trained[1],
        "deterministic_mean_return": argmax[0], "deterministic_std_return": argmax[1],
        "random_mean_return": random[0], "random_std_return": random[1],
        "torch_threads": args.torch_threads, "seed": args.seed,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"trained {result['env_steps']} env steps in {elapsed:.1f} s "
          f"with {vec_env_name} of {args.num_envs} envs on {len(endpoints)} server(s) "
          f"({result['env_steps_per_second']:,.0f} env-steps/s, PPO updates included; "
          f"{result['rollout_env_steps_per_second']:,.0f} env-steps/s while collecting rollouts)")
    print(f"mean return over {args.eval_episodes} episodes: {trained[0]:.3f} ± {trained[1]:.3f} "
          f"(argmax actions: {argmax[0]:.3f} ± {argmax[1]:.3f}; "
          f"random policy on the same seeds: {random[0]:.3f} ± {random[1]:.3f})")


if __name__ == "__main__":
    main()
