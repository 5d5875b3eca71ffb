"""The vector client equals gymnasium's SyncVectorEnv of single remote envs, step for step, autoreset included."""

import numpy as np
from gymnasium.vector import AutoresetMode, SyncVectorEnv

from sensinggym import SensingGymEnv, SensingGymVectorEnv

NUM_ENVS = 4
STEPS = 200


def test_vector_client_matches_sync_vector_env_of_single_remote_envs(endpoint, beam_id):
    remote = SensingGymVectorEnv(beam_id, num_envs=NUM_ENVS, endpoint=endpoint, timeout=10)
    reference = SyncVectorEnv(
        [lambda: SensingGymEnv(beam_id, endpoint=endpoint, timeout=10) for _ in range(NUM_ENVS)],
        autoreset_mode=AutoresetMode.NEXT_STEP)
    try:
        assert remote.metadata["autoreset_mode"] == AutoresetMode.NEXT_STEP
        assert remote.single_observation_space == reference.single_observation_space
        assert remote.single_action_space == reference.single_action_space
        assert remote.observation_space == reference.observation_space
        obs, infos = remote.reset(seed=42)
        ref_obs, ref_infos = reference.reset(seed=42)
        np.testing.assert_array_equal(obs, ref_obs)
        assert infos.keys() == ref_infos.keys()
        rng = np.random.default_rng(0)
        episodes_ended = 0
        for _ in range(STEPS):
            actions = rng.integers(0, remote.single_action_space.n, size=NUM_ENVS)
            got = remote.step(actions)
            want = reference.step(actions)
            for g, w in zip(got[:4], want[:4]):
                np.testing.assert_array_equal(g, w)
                assert g.dtype == w.dtype
            assert got[4].keys() == want[4].keys()
            for key in want[4]:
                np.testing.assert_array_equal(got[4][key], want[4][key])
            episodes_ended += int(np.sum(got[2] | got[3]))
        assert episodes_ended >= NUM_ENVS, "the run should cover autoresets"
    finally:
        remote.close()
        reference.close()


def test_vector_reset_with_seed_list(endpoint):
    with SensingGymVectorEnv(num_envs=3, endpoint=endpoint, timeout=10, infos=False) as envs:
        obs_int, _ = envs.reset(seed=7)
        obs_list, infos = envs.reset(seed=[7, 8, 9])
        np.testing.assert_array_equal(obs_int, obs_list)
        assert infos == {}
        obs, rewards, terminated, truncated, _ = envs.step(np.zeros(3, dtype=np.int64))
        assert obs.shape == (3,) + envs.single_observation_space.shape and rewards.dtype == np.float64
