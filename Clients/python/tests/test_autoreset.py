"""SAME_STEP autoreset (done on the server) equals gymnasium's SyncVectorEnv(SAME_STEP) of single remote envs."""

import gymnasium as gym
import numpy as np
from gymnasium.vector import AutoresetMode, SyncVectorEnv

from sensinggym import SensingGymEnv, SensingGymVectorEnv

NUM_ENVS = 4


def assert_infos_equal(got, want):
    assert got.keys() == want.keys()
    for key in want:
        if isinstance(want[key], dict):
            assert_infos_equal(got[key], want[key])
        elif want[key].dtype == object:
            for g, w in zip(got[key], want[key]):
                if w is None:
                    assert g is None
                else:
                    np.testing.assert_array_equal(g, w)
        else:
            np.testing.assert_array_equal(got[key], want[key])
            assert got[key].dtype == want[key].dtype, key


def test_same_step_matches_sync_vector_env(endpoint, beam_id):
    remote = SensingGymVectorEnv(beam_id, num_envs=NUM_ENVS, endpoint=endpoint, timeout=10,
                                 autoreset_mode=AutoresetMode.SAME_STEP)
    reference = SyncVectorEnv(
        [lambda: SensingGymEnv(beam_id, endpoint=endpoint, timeout=10) for _ in range(NUM_ENVS)],
        autoreset_mode=AutoresetMode.SAME_STEP)
    try:
        assert remote.metadata["autoreset_mode"] == AutoresetMode.SAME_STEP
        obs, _ = remote.reset(seed=5)
        np.testing.assert_array_equal(obs, reference.reset(seed=5)[0])
        rng = np.random.default_rng(1)
        ended = 0
        for _ in range(150):
            actions = rng.integers(0, remote.single_action_space.n, size=NUM_ENVS)
            got, want = remote.step(actions), reference.step(actions)
            for g, w in zip(got[:4], want[:4]):
                np.testing.assert_array_equal(g, w)
                assert g.dtype == w.dtype
            assert_infos_equal(got[4], want[4])
            ended += int(np.sum(got[2] | got[3]))
        assert ended >= NUM_ENVS, "the run should cover autoresets"
    finally:
        remote.close()
        reference.close()


def test_same_step_has_no_dead_steps_and_make_vec_passes_the_mode(endpoint, beam_id):
    envs = gym.make_vec(f"SensingGym/{beam_id}", num_envs=8, endpoint=endpoint, timeout=10, infos=False,
                        autoreset_mode=AutoresetMode.SAME_STEP)
    try:
        assert envs.metadata["autoreset_mode"] == AutoresetMode.SAME_STEP
        envs.reset(seed=0)
        for _ in range(50):
            _, rewards, terminated, truncated, infos = envs.step(envs.action_space.sample())
            # NEXT_STEP would give reward 0 with both flags false on the step after an episode end
            assert np.all(rewards != 0.0)
            if np.any(terminated | truncated):
                assert infos["_final_obs"].tolist() == (terminated | truncated).tolist()
    finally:
        envs.close()
