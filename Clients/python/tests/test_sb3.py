"""The SB3 VecEnv adapter equals SB3's DummyVecEnv of single remote envs and trains PPO unchanged."""

import numpy as np
import pytest

sb3 = pytest.importorskip("stable_baselines3")
from stable_baselines3.common.vec_env import DummyVecEnv, VecVideoRecorder  # noqa: E402

from sensinggym import SensingGymEnv, SensingGymError  # noqa: E402
from sensinggym.sb3 import SensingGymVecEnv  # noqa: E402

NUM_ENVS = 4


def test_adapter_matches_dummy_vec_env_step_for_step(endpoint, beam_id):
    adapter = SensingGymVecEnv(beam_id, num_envs=NUM_ENVS, endpoint=endpoint, timeout=10)
    reference = DummyVecEnv([lambda: SensingGymEnv(beam_id, endpoint=endpoint, timeout=10)
                             for _ in range(NUM_ENVS)])
    try:
        assert adapter.observation_space == reference.observation_space
        assert adapter.action_space == reference.action_space
        adapter.seed(21)
        reference.seed(21)
        np.testing.assert_array_equal(adapter.reset(), reference.reset())
        for got, want in zip(adapter.reset_infos, reference.reset_infos):
            assert got == want
        rng = np.random.default_rng(3)
        ended = 0
        for _ in range(120):
            actions = rng.integers(0, adapter.action_space.n, size=NUM_ENVS)
            obs, rewards, dones, infos = adapter.step(actions)
            ref_obs, ref_rewards, ref_dones, ref_infos = reference.step(actions)
            np.testing.assert_array_equal(obs, ref_obs)
            np.testing.assert_array_equal(rewards, ref_rewards)
            assert rewards.dtype == ref_rewards.dtype and dones.dtype == ref_dones.dtype
            np.testing.assert_array_equal(dones, ref_dones)
            for got, want in zip(infos, ref_infos):
                assert got.keys() == want.keys()
                for key in want:
                    np.testing.assert_array_equal(got[key], want[key])
            for got, want in zip(adapter.reset_infos, reference.reset_infos):
                assert got == want
            ended += int(dones.sum())
        assert ended >= NUM_ENVS, "the run should cover episode ends"
    finally:
        adapter.close()
        reference.close()


def test_ppo_trains_on_the_adapter_unchanged(endpoint, beam_id):
    from stable_baselines3 import PPO
    from stable_baselines3.common.vec_env import VecMonitor

    venv = VecMonitor(SensingGymVecEnv(beam_id, num_envs=8, endpoint=endpoint, timeout=10, infos=False))
    try:
        model = PPO("MlpPolicy", venv, n_steps=16, batch_size=64, n_epochs=1, seed=0, device="cpu")
        model.learn(total_timesteps=256)
        assert model.num_timesteps >= 256
    finally:
        venv.close()


def test_adapter_options_and_unknown_options(endpoint, ris_id):
    with pytest.raises(SensingGymError) as raised:
        SensingGymVecEnv(ris_id, num_envs=2, endpoint=endpoint, timeout=10, acton="phases")
    assert raised.value.code == "bad_option"
    venv = SensingGymVecEnv(ris_id, num_envs=2, endpoint=endpoint, timeout=10, action="phases")
    try:
        assert venv.action_space.__class__.__name__ == "Box"
        venv.reset()
        venv.step(np.stack([venv.action_space.sample() for _ in range(2)]))
    finally:
        venv.close()


def test_vec_video_recorder_on_the_adapter(endpoint, beam_id, tmp_path):
    pytest.importorskip("moviepy")
    venv = SensingGymVecEnv(beam_id, num_envs=2, endpoint=endpoint, timeout=10, render_mode="rgb_array")
    assert venv.render_mode == "rgb_array"
    recorder = VecVideoRecorder(venv, str(tmp_path), record_video_trigger=lambda step: step == 0, video_length=8)
    try:
        recorder.reset()
        for _ in range(10):
            recorder.step(np.array([venv.action_space.sample() for _ in range(2)]))
    finally:
        recorder.close()
    videos = list(tmp_path.glob("*.mp4"))
    assert videos and videos[0].stat().st_size > 1000


def test_make_vec_env_gets_rgb_array_envs_without_warnings(endpoint, beam_id, recwarn):
    from stable_baselines3.common.env_util import make_vec_env

    venv = make_vec_env(f"SensingGym/{beam_id}", n_envs=2, env_kwargs={"endpoint": endpoint, "timeout": 10})
    try:
        assert venv.render_mode == "rgb_array"
        venv.reset()
        assert all(frame.ndim == 3 for frame in venv.get_images())
    finally:
        venv.close()
    assert not [w for w in recwarn if "render" in str(w.message)], [str(w.message) for w in recwarn]
