"""Train Stable-Baselines3 PPO on a SensingGym env served by `sensing-gym serve`, and print its mean return.

    sensing-gym serve --bind tcp://127.0.0.1:5555 &
    pip install './Clients/python[sb3]'
    python Clients/python/examples/sb3_ppo.py --endpoint tcp://127.0.0.1:5555 --total-timesteps 20000

SB3 autoresets in the same step (Gymnasium's SAME_STEP mode), so the training envs are SB3's own DummyVecEnv of
single remote envs (`gym.make("SensingGym/BeamSelection-v0")`), each with its own server session. Prints the
training throughput (env-steps/s, PPO updates included) and the trained policy's mean return.
"""

from __future__ import annotations

import argparse
import time

import gymnasium as gym
import numpy as np

import sensinggym


def parse_args():
    parser = argparse.ArgumentParser(description="SB3 PPO on a served SensingGym env")
    parser.add_argument("--endpoint", default=None, help="server endpoint (default $SENSINGGYM_ENDPOINT or :5555)")
    parser.add_argument("--env-id", default="BeamSelection-v0", help="server-side env id")
    parser.add_argument("--scenario", default=None, help="built-in scenario name (server default if omitted)")
    parser.add_argument("--num-envs", type=int, default=8, help="parallel remote envs (one session each)")
    parser.add_argument("--total-timesteps", type=int, default=20_000, help="PPO training budget in env steps")
    parser.add_argument("--eval-episodes", type=int, default=20, help="episodes for the mean return")
    parser.add_argument("--seed", type=int, default=1, help="seed of the envs and of PPO")
    return parser.parse_args()


def main():
    args = parse_args()
    from stable_baselines3 import PPO
    from stable_baselines3.common.env_util import make_vec_env

    kwargs = {"endpoint": args.endpoint, "scenario": args.scenario, "infos": False}
    env_id = f"SensingGym/{args.env_id}"
    sensinggym.register_envs([args.env_id])
    venv = make_vec_env(env_id, n_envs=args.num_envs, seed=args.seed, env_kwargs=kwargs)
    model = PPO("MlpPolicy", venv, n_steps=256, batch_size=256, seed=args.seed, verbose=0)
    start = time.perf_counter()
    model.learn(total_timesteps=args.total_timesteps)
    elapsed = time.perf_counter() - start
    print(f"trained {model.num_timesteps} env steps in {elapsed:.1f} s "
          f"({model.num_timesteps / elapsed:,.0f} env-steps/s, PPO updates included)")
    venv.close()

    returns = []
    with gym.make(env_id, **kwargs) as env:
        for episode in range(args.eval_episodes):
            obs, _ = env.reset(seed=10_000 + episode)
            total, done = 0.0, False
            while not done:
                action, _ = model.predict(obs, deterministic=True)
                obs, reward, terminated, truncated, _ = env.step(int(action))
                total += reward
                done = terminated or truncated
            returns.append(total)
    print(f"mean return over {args.eval_episodes} episodes: {np.mean(returns):.3f} ± {np.std(returns):.3f}")


if __name__ == "__main__":
    main()
