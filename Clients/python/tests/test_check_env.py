"""Every env the server offers passes Gymnasium's own environment checker over the bridge."""

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import sensinggym
from sensinggym import SensingGymEnv


def test_check_env_passes_for_every_served_id(endpoint, env_ids):
    ids = sensinggym.ids_from_server(endpoint, timeout=10)
    assert "BeamSelection" in env_ids
    for env_id in ids:
        with SensingGymEnv(env_id, endpoint=endpoint, timeout=10) as env:
            check_env(env, skip_render_check=True)


def test_gym_make_with_registered_id(endpoint, beam_id):
    env = gym.make(f"SensingGym/{beam_id}", endpoint=endpoint, timeout=10)
    check_env(env.unwrapped, skip_render_check=True)
    obs, info = env.reset(seed=3)
    assert env.observation_space.contains(obs)
    assert "errorMetres" in info
    obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
    assert isinstance(reward, float) and isinstance(terminated, bool)
    env.close()


def test_same_seed_same_episode_and_infos_off(endpoint, beam_id):
    with SensingGymEnv(beam_id, endpoint=endpoint, timeout=10) as a, \
            SensingGymEnv(beam_id, endpoint=endpoint, infos=False) as b:
        obs_a, info_a = a.reset(seed=11)
        obs_b, info_b = b.reset(seed=11)
        assert info_b == {} and info_a
        np.testing.assert_array_equal(obs_a, obs_b)
        for t in range(60):
            action = (7 * t) % 64
            step_a, step_b = a.step(action), b.step(action)
            np.testing.assert_array_equal(step_a[0], step_b[0])
            assert step_a[1:4] == step_b[1:4]
            if step_a[2] or step_a[3]:
                np.testing.assert_array_equal(a.reset()[0], b.reset()[0])


def test_server_errors_raise_with_code(endpoint, beam_id):
    with SensingGymEnv(beam_id, endpoint=endpoint, timeout=10) as env:
        env.reset(seed=1)
        with pytest.raises(sensinggym.SensingGymError) as raised:
            env.step(env.action_space.n)
        assert raised.value.code == "bad_action"
        env.step(1)  # the failed step changed nothing
    with pytest.raises(sensinggym.SensingGymError) as raised:
        SensingGymEnv("NoSuchEnv-v0", endpoint=endpoint, timeout=10)
    assert raised.value.code == "unknown_env"
    with pytest.raises(sensinggym.SensingGymError) as raised:
        SensingGymEnv(beam_id, endpoint=endpoint, scenario="../../etc/passwd", timeout=10)
    assert raised.value.code == "bad_scenario"


def test_make_vec_uses_the_vector_entry_point(endpoint, beam_id):
    envs = gym.make_vec(f"SensingGym/{beam_id}", num_envs=5, vectorization_mode="vector_entry_point",
                        endpoint=endpoint, timeout=10)
    try:
        assert isinstance(envs, sensinggym.SensingGymVectorEnv)
        obs, _ = envs.reset(seed=1)
        assert obs.shape == (5,) + envs.single_observation_space.shape
        envs.step(envs.action_space.sample())
    finally:
        envs.close()


def test_no_server_raises_timeout_not_hang():
    import socket
    import time

    with socket.socket() as probe:  # a free port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    start = time.monotonic()
    with pytest.raises(sensinggym.SensingGymTimeout):
        SensingGymEnv("BeamSelection-v1", endpoint=f"tcp://127.0.0.1:{port}", timeout=0.5)
    assert time.monotonic() - start < 2.0


def test_close_frees_the_session(endpoint, beam_id):
    connection = sensinggym.Connection(endpoint, timeout=10)
    try:
        before = connection.request("stats")[0]["stats"]["sessions"]
        with SensingGymEnv(beam_id, endpoint=endpoint, timeout=10) as env:
            env.reset(seed=0)
            assert connection.request("stats")[0]["stats"]["sessions"] == before + 1
        assert connection.request("stats")[0]["stats"]["sessions"] == before
    finally:
        connection.close()
