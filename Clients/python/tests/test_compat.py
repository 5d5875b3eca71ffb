"""Runs under every supported Gymnasium (CI: 1.x in .venv, 0.29.1 in .venv-gym029): the single env works, and the
vector env either works (≥ 1.0) or says clearly that it needs 1.0."""

import gymnasium as gym
import pytest
from gymnasium.utils.env_checker import check_env

import sensinggym
from sensinggym import SensingGymEnv

GYMNASIUM_1 = int(gym.__version__.split(".")[0]) >= 1


def test_import_needs_nothing_from_gymnasium_1():
    assert sensinggym.SensingGymEnv is SensingGymEnv
    assert f"SensingGym/{sensinggym.KNOWN_IDS[0]}" in gym.registry


def test_single_env_passes_this_gymnasiums_checker(endpoint, beam_id):
    env = gym.make(f"SensingGym/{beam_id}", endpoint=endpoint, timeout=10)
    try:
        check_env(env.unwrapped)
        obs, info = env.reset(seed=1)
        assert env.observation_space.contains(obs) and "errorMetres" in info
        env.step(env.action_space.sample())
    finally:
        env.close()


def test_single_env_without_endpoint(local_bin, beam_id):
    with SensingGymEnv(beam_id) as env:
        env.reset(seed=0)
        env.step(0)


@pytest.mark.skipif(GYMNASIUM_1, reason="Gymnasium ≥ 1.0 has the vector API")
def test_vector_env_says_it_needs_gymnasium_1():
    with pytest.raises(ImportError, match="gymnasium>=1.0"):
        sensinggym.SensingGymVectorEnv


@pytest.mark.skipif(not GYMNASIUM_1, reason="the vector env needs Gymnasium ≥ 1.0")
def test_vector_env_imports_under_gymnasium_1():
    assert sensinggym.SensingGymVectorEnv.metadata["autoreset_mode"] is not None
