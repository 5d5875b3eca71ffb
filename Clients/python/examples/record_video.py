"""Writes one episode of a SensingGym env as an MP4 with Gymnasium's RecordVideo (``pip install sensinggym[video]``).

    python Clients/python/examples/record_video.py --out videos          # starts a local server
    python Clients/python/examples/record_video.py --endpoint tcp://127.0.0.1:5555 --seed 3

Frames are drawn on the client (``render_mode="rgb_array"``) from the scene the server describes at ``make`` and
each step's info: room, blockers, access points, the probed beam, the true position, the tracker's estimate and
its 95 % error circle. The policy is uniformly random.
"""

import argparse

import gymnasium as gym

import sensinggym  # noqa: F401  (registers SensingGym/<id>)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", default=None, help="server endpoint (default: a local server)")
    parser.add_argument("--env-id", default=None, help="server-side env id (default: the server's BeamSelection)")
    parser.add_argument("--out", default="videos", help="folder for the MP4")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    probe = sensinggym.SensingGymEnv(args.env_id, endpoint=args.endpoint, infos=False)
    env_id = probe.env_id
    probe.close()
    env = gym.make(f"SensingGym/{env_id}", endpoint=args.endpoint, render_mode="rgb_array")
    env = gym.wrappers.RecordVideo(env, args.out, episode_trigger=lambda episode: episode == 0,
                                   name_prefix=env_id, disable_logger=True)
    env.action_space.seed(args.seed)
    env.reset(seed=args.seed)
    steps, done = 0, False
    while not done:
        _, _, terminated, truncated, _ = env.step(env.action_space.sample())
        steps += 1
        done = terminated or truncated
    env.close()
    print(f"wrote a {steps}-step episode of {env_id} to {args.out}/")


if __name__ == "__main__":
    main()
