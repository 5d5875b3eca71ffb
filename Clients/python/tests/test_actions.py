"""Actions: one-element arrays are Discrete actions, floats are refused, Dict actions follow the declared order."""

import gymnasium as gym
import numpy as np
import pytest

from sensinggym import InvalidAction, SensingGymEnv, SensingGymVectorEnv
from sensinggym.actions import encode_action, encode_actions
from sensinggym.spaces import space_from_json

DICT_SPACE = {"type": "Dict", "spaces": [
    {"key": "phases", "space": {"type": "Box", "low": [0, 0], "high": [1, 1], "shape": [2], "dtype": "float32"}},
    {"key": "gain", "space": {"type": "Box", "low": [0], "high": [9], "shape": [1], "dtype": "float32"}},
]}


def test_dict_action_flattens_in_the_servers_declared_order():
    space = space_from_json(DICT_SPACE)
    assert list(space.spaces) == ["phases", "gain"]  # not Gymnasium's sorted ["gain", "phases"]
    action = {"gain": np.array([7.0]), "phases": np.array([0.25, 0.5])}
    np.testing.assert_array_equal(np.frombuffer(encode_action(DICT_SPACE, action), "<f4"), [0.25, 0.5, 7.0])
    batch = {"gain": np.array([[7.0], [8.0]]), "phases": np.array([[0.25, 0.5], [0.75, 1.0]])}
    np.testing.assert_array_equal(np.frombuffer(encode_actions(DICT_SPACE, batch, 2), "<f4"),
                                  [0.25, 0.5, 7.0, 0.75, 1.0, 8.0])
    with pytest.raises(InvalidAction):
        encode_action(DICT_SPACE, {"phases": [0.1, 0.2]})


def test_discrete_actions_accept_integers_and_refuse_floats(endpoint, beam_id):
    with SensingGymEnv(beam_id, endpoint=endpoint, timeout=10) as a, \
            SensingGymEnv(beam_id, endpoint=endpoint, timeout=10) as b:
        a.reset(seed=4)
        b.reset(seed=4)
        for action in (np.array([3]), np.int64(3), np.array(3, dtype=np.int32)):
            got, want = a.step(action), b.step(3)
            np.testing.assert_array_equal(got[0], want[0])
            if got[2] or got[3]:
                a.reset(seed=4)
                b.reset(seed=4)
        for bad in (3.7, 3.0, np.float32(3), np.array([3.0]), np.array([1, 2]), True):
            with pytest.raises(InvalidAction) as raised:
                a.step(bad)
            assert isinstance(raised.value, ValueError) and raised.value.code == "bad_action"


def test_vector_actions_refuse_floats(endpoint, beam_id):
    with SensingGymVectorEnv(beam_id, num_envs=2, endpoint=endpoint, timeout=10, infos=False) as envs:
        envs.reset(seed=0)
        envs.step(np.array([1, 2]))
        with pytest.raises(InvalidAction):
            envs.step(np.array([1.5, 2.0]))
        with pytest.raises(InvalidAction):
            envs.step(np.array([1, 2, 3]))
