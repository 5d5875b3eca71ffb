"""64 concurrent clients, each checking every reply against its own expected trajectory."""

import threading

import numpy as np

from sensinggym import SensingGymEnv

CLIENTS = 64
STEPS = 40


def trajectory(endpoint, seed):
    """The observations and rewards of a seeded run with seed-dependent actions, reset on episode end."""
    out = []
    with SensingGymEnv(endpoint=endpoint, timeout=30) as env:
        obs, _ = env.reset(seed=seed)
        out.append(obs)
        for t in range(STEPS):
            obs, reward, terminated, truncated, _ = env.step((seed * 13 + t * 7) % 64)
            out.append(obs)
            out.append(np.array([reward, terminated, truncated]))
            if terminated or truncated:
                obs, _ = env.reset()
                out.append(obs)
    return out


def test_64_concurrent_clients_get_their_own_replies(endpoint):
    expected = {seed: trajectory(endpoint, seed) for seed in range(CLIENTS)}
    results = {}
    errors = []
    barrier = threading.Barrier(CLIENTS)

    def client(seed):
        try:
            barrier.wait(timeout=60)
            results[seed] = trajectory(endpoint, seed)
        except Exception as error:  # reported below
            errors.append((seed, error))

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    assert len(results) == CLIENTS
    for seed in range(CLIENTS):
        assert len(results[seed]) == len(expected[seed])
        for got, want in zip(results[seed], expected[seed]):
            np.testing.assert_array_equal(got, want)
