"""``gymnasium.register`` entries: ``SensingGym/BeamSelection-v1`` and the other SensingGym ids."""

from __future__ import annotations

from typing import Iterable, Optional

import gymnasium as gym

#: The SensingGym env ids (as the server names them). Ids a given server does not offer fail at make time with
#: ``SensingGymError("unknown_env", …)``; ``register_envs(ids_from_server(endpoint))`` registers exactly its ids.
KNOWN_IDS = ("BeamSelection-v1", "Waveform-v1", "RISConfiguration-v1")


def register_envs(env_ids: Optional[Iterable[str]] = None) -> None:
    """Registers ``SensingGym/<id>`` for each id (default ``KNOWN_IDS``); already registered ids are skipped.

    ``gym.make("SensingGym/BeamSelection-v1", endpoint=…)`` then gives a ``SensingGymEnv`` and
    ``gym.make_vec(…, num_envs=64, vectorization_mode="vector_entry_point")`` a ``SensingGymVectorEnv``.
    """
    for env_id in env_ids if env_ids is not None else KNOWN_IDS:
        full_id = f"SensingGym/{env_id}"
        if full_id in gym.registry:
            continue
        gym.register(
            id=full_id,
            entry_point="sensinggym.env:SensingGymEnv",
            vector_entry_point="sensinggym.vector_env:SensingGymVectorEnv",
            kwargs={"env_id": env_id},
            disable_env_checker=False,
        )


def ids_from_server(endpoint: Optional[str] = None, timeout: float = 30.0) -> list:
    """The env ids a server offers (its ``hello`` reply)."""
    from .protocol import Connection

    connection = Connection(endpoint, timeout=timeout)
    try:
        reply, _ = connection.request("hello")
        return list(reply["envs"])
    finally:
        connection.close()
