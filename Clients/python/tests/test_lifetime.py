"""Sessions: freed on garbage collection, kept alive while the client lives, re-created after a server restart;
copies (pickle, copy, deepcopy) get new sessions."""

import copy
import gc
import pickle
import socket
import time

import numpy as np
import pytest

from conftest import ServerProcess
from sensinggym import Connection, SensingGymEnv, SensingGymError, SensingGymVectorEnv


def sessions(endpoint):
    connection = Connection(endpoint, timeout=5)
    try:
        return connection.request("stats")[0]["stats"]["sessions"]
    finally:
        connection.close()


def test_garbage_collected_env_frees_its_session(endpoint, beam_id):
    before = sessions(endpoint)
    env = SensingGymEnv(beam_id, endpoint=endpoint, timeout=10)
    env.reset(seed=0)
    vector = SensingGymVectorEnv(beam_id, num_envs=3, endpoint=endpoint, timeout=10)
    assert sessions(endpoint) == before + 2
    del env, vector
    gc.collect()
    assert sessions(endpoint) == before


def test_keepalive_outlives_the_idle_timeout():
    server = ServerProcess(["--idle-timeout", "1"])
    try:
        env = SensingGymEnv(endpoint=server.endpoint, timeout=5)
        env.reset(seed=1)
        time.sleep(3.0)  # three idle timeouts
        env.step(0)  # the keep-alive pinged the session: not reaped
        env.close()
    finally:
        server.terminate()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_server_restart_step_says_reset_and_reset_recreates():
    port = free_port()
    bind = f"tcp://127.0.0.1:{port}"
    server = ServerProcess(bind=bind)
    env = SensingGymEnv(endpoint=bind, timeout=5)
    try:
        first, _ = env.reset(seed=9)
        _, _, terminated, truncated, _ = env.step(1)
        if terminated or truncated:
            env.reset()
        old_session = env.session
        server.kill()
        server = ServerProcess(bind=bind)
        with pytest.raises(SensingGymError) as raised:
            env.step(2)
        assert raised.value.code == "unknown_session" and "reset()" in raised.value.message
        again, _ = env.reset(seed=9)
        assert env.session != old_session
        np.testing.assert_array_equal(first, again)
        env.step(2)
    finally:
        env.close()
        server.terminate()


@pytest.mark.parametrize("duplicate", [copy.copy, copy.deepcopy, lambda e: pickle.loads(pickle.dumps(e))])
def test_copies_get_their_own_session(endpoint, beam_id, duplicate):
    original = SensingGymEnv(beam_id, endpoint=endpoint, timeout=10, infos=True)
    try:
        original.reset(seed=3)
        twin = SensingGymEnv(beam_id, endpoint=endpoint, timeout=10)
        twin.reset(seed=3)
        clone = duplicate(original)
        try:
            assert clone.session != original.session and clone.env_id == original.env_id
            clone.reset(seed=3)
            for _ in range(3):
                clone.step(5)  # stepping the copy must not advance the original
            np.testing.assert_array_equal(original.step(7)[0], twin.step(7)[0])
        finally:
            clone.close()
            twin.close()
    finally:
        original.close()


def test_vector_env_pickles_to_a_new_session(endpoint, beam_id):
    with SensingGymVectorEnv(beam_id, num_envs=2, endpoint=endpoint, timeout=10) as envs:
        clone = pickle.loads(pickle.dumps(envs))
        try:
            assert clone.session != envs.session and clone.num_envs == 2
            clone.reset(seed=0)
        finally:
            clone.close()


def test_a_remade_session_with_other_spaces_is_a_clear_error(endpoint, beam_id, monkeypatch):
    env = SensingGymEnv(beam_id, endpoint=endpoint, timeout=5)
    try:
        env.reset(seed=1)
        real = Connection.make_session

        def other_spaces(self, *args, **kwargs):  # a restarted server that now serves a different env
            reply = real(self, *args, **kwargs)
            reply["action_space"] = {"type": "Discrete", "n": 3, "start": 0}
            return reply

        monkeypatch.setattr(Connection, "make_session", other_spaces)
        with pytest.raises(SensingGymError) as raised:
            env._session.remake()
        assert raised.value.code == "session_lost" and "action_space" in raised.value.message
    finally:
        env.close()
