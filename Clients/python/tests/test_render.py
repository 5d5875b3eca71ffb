"""rgb_array and human rendering, drawn on the client from the make reply's scene and the step's info."""

import gymnasium as gym
import matplotlib
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

from sensinggym import SensingGymEnv, SensingGymVectorEnv

matplotlib.use("Agg")


def test_rgb_array_frames_follow_the_episode(endpoint, beam_id):
    with SensingGymEnv(beam_id, endpoint=endpoint, timeout=10, render_mode="rgb_array") as env:
        assert set(env.metadata["render_modes"]) == {"rgb_array", "human"}
        scene = env.scene
        assert scene["access_points"] and scene["room"]["max"][0] > scene["room"]["min"][0]
        env.reset(seed=1)
        first = env.render()
        assert first.dtype == np.uint8 and first.ndim == 3 and first.shape[2] == 3
        assert len(np.unique(first.reshape(-1, 3), axis=0)) > 5  # more than a blank canvas
        env.step(10)
        second = env.render()
        assert second.shape == first.shape and not np.array_equal(first, second)


def test_check_env_with_render(endpoint, beam_id):
    env = gym.make(f"SensingGym/{beam_id}", endpoint=endpoint, timeout=10, render_mode="rgb_array")
    try:
        check_env(env.unwrapped)  # with a spec, so the checker also makes it in its other render modes
    finally:
        env.close()


def test_human_mode_draws_without_returning_a_frame(endpoint, beam_id):
    with SensingGymEnv(beam_id, endpoint=endpoint, timeout=10, render_mode="human") as env:
        env.reset(seed=2)
        env.step(3)
        assert env.render() is None


def test_render_needs_infos_and_a_known_mode(endpoint, beam_id):
    with pytest.raises(ValueError):
        SensingGymEnv(beam_id, endpoint=endpoint, timeout=10, render_mode="rgb_array", infos=False)
    with pytest.raises(ValueError):
        SensingGymEnv(beam_id, endpoint=endpoint, timeout=10, render_mode="ansi")


def test_record_video_writes_an_episode(endpoint, beam_id, tmp_path):
    pytest.importorskip("moviepy")
    env = gym.make(f"SensingGym/{beam_id}", endpoint=endpoint, timeout=10, render_mode="rgb_array")
    env = gym.wrappers.RecordVideo(env, str(tmp_path), episode_trigger=lambda episode: True, disable_logger=True)
    try:
        env.reset(seed=0)
        for _ in range(200):
            _, _, terminated, truncated, _ = env.step(env.action_space.sample())
            if terminated or truncated:
                break
    finally:
        env.close()
    videos = list(tmp_path.glob("*.mp4"))
    assert videos and videos[0].stat().st_size > 1000


def test_vector_render_gives_one_frame_per_env(endpoint, beam_id):
    with SensingGymVectorEnv(beam_id, num_envs=3, endpoint=endpoint, timeout=10, render_mode="rgb_array") as envs:
        envs.reset(seed=0)
        envs.step(np.array([1, 2, 3]))
        frames = envs.render()
        assert len(frames) == 3 and all(frame.shape == frames[0].shape for frame in frames)
