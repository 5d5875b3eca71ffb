"""Every registry option, the make-time seed and Gymnasium's make_vec keywords reach the server (protocol 1.1)."""

import gymnasium as gym
import numpy as np
import pytest

import sensinggym
from sensinggym import SensingGymEnv, SensingGymError, SensingGymVectorEnv


def test_ris_action_phases_through_env_gym_make_and_make_vec(endpoint, ris_id):
    with SensingGymEnv(ris_id, endpoint=endpoint, timeout=10) as env:
        assert isinstance(env.action_space, gym.spaces.Discrete)
    with SensingGymEnv(ris_id, endpoint=endpoint, timeout=10, action="phases") as env:
        assert isinstance(env.action_space, gym.spaces.Box)
        env.reset(seed=1)
        env.step(env.action_space.sample())
    made = gym.make(f"SensingGym/{ris_id}", endpoint=endpoint, timeout=10, action="phases")
    try:
        assert isinstance(made.action_space, gym.spaces.Box)
        assert made.unwrapped.options == {"action": "phases"}
    finally:
        made.close()
    envs = gym.make_vec(f"SensingGym/{ris_id}", num_envs=3, endpoint=endpoint, timeout=10, action="phases")
    try:
        assert isinstance(envs, SensingGymVectorEnv)
        assert isinstance(envs.single_action_space, gym.spaces.Box)
        envs.reset(seed=0)
        envs.step(envs.action_space.sample())
    finally:
        envs.close()


@pytest.mark.parametrize("estimator", ["ekf", "wknn", "rf", "wrf"])
def test_every_estimator_over_the_wire(endpoint, beam_id, estimator):
    with SensingGymEnv(beam_id, endpoint=endpoint, timeout=60, estimator=estimator, estimator_grid_m=0.5) as env:
        assert env._session.reply["options"] == {"estimator": estimator, "estimator_grid_m": "0.5"}
        env.reset(seed=2)
        _, _, _, _, info = env.step(0)
        assert "errorMetres" in info


def test_unknown_option_is_refused_naming_the_allowed_ones(endpoint, beam_id):
    for make in (lambda: SensingGymEnv(beam_id, endpoint=endpoint, timeout=10, estimatr="wknn"),
                 lambda: gym.make(f"SensingGym/{beam_id}", endpoint=endpoint, timeout=10, estimatr="wknn"),
                 lambda: gym.make_vec(f"SensingGym/{beam_id}", num_envs=2, endpoint=endpoint, timeout=10,
                                      estimatr="wknn")):
        with pytest.raises(SensingGymError) as raised:
            make()
        assert raised.value.code == "bad_option"
        assert "'estimatr'" in raised.value.message and "estimator" in raised.value.message
        assert "estimator_grid_m" in raised.value.message


def test_bad_option_value_and_type(endpoint, beam_id, ris_id):
    with pytest.raises(SensingGymError) as raised:
        SensingGymEnv(ris_id, endpoint=endpoint, timeout=10, action="sideways")
    assert raised.value.code == "bad_option" and "codebook or phases" in raised.value.message
    with pytest.raises(TypeError):
        SensingGymEnv(beam_id, endpoint=endpoint, timeout=10, estimator=["wknn"])


def test_hello_lists_every_envs_options(endpoint, env_ids):
    connection = sensinggym.Connection(endpoint, timeout=10)
    try:
        hello = connection.hello()
    finally:
        connection.close()
    assert hello["protocol_minor"] >= 1
    assert set(hello["env_options"][env_ids["BeamSelection"]]) == {"estimator", "estimator_grid_m"}
    assert set(hello["env_options"][env_ids["RISConfiguration"]]) == {"action"}


def test_make_time_seed_is_the_first_resets_seed(endpoint, beam_id):
    with SensingGymEnv(beam_id, endpoint=endpoint, timeout=10, seed=123) as seeded, \
            SensingGymEnv(beam_id, endpoint=endpoint, timeout=10) as explicit:
        np.testing.assert_array_equal(seeded.reset()[0], explicit.reset(seed=123)[0])


def test_make_vec_honours_max_episode_steps(endpoint, beam_id):
    envs = gym.make_vec(f"SensingGym/{beam_id}", num_envs=4, endpoint=endpoint, timeout=10, max_episode_steps=2)
    try:
        envs.reset(seed=0)
        lengths, current = [], np.zeros(4, dtype=int)
        pending = np.zeros(4, dtype=bool)
        for _ in range(12):
            _, _, terminated, truncated, _ = envs.step(np.zeros(4, dtype=np.int64))
            current[~pending] += 1
            done = terminated | truncated
            lengths += list(current[done])
            current[done | pending] = 0
            pending = done
        assert lengths and max(lengths) <= 2
    finally:
        envs.close()


def test_make_vec_refuses_unknown_keywords_and_autoreset_modes(endpoint, beam_id):
    with pytest.raises(SensingGymError) as raised:
        gym.make_vec(f"SensingGym/{beam_id}", num_envs=2, endpoint=endpoint, timeout=10, num_env=3)
    assert raised.value.code == "bad_option" and "'num_env'" in raised.value.message
    with pytest.raises(ValueError):
        gym.make_vec(f"SensingGym/{beam_id}", num_envs=2, endpoint=endpoint, timeout=10,
                     autoreset_mode=gym.vector.AutoresetMode.DISABLED)
