"""``gymnasium.register`` entries: ``SensingGym/<id>`` for every SensingGym env id."""

from __future__ import annotations

import inspect
from typing import Iterable, Optional

import gymnasium as gym

#: The SensingGym env ids (as the server names them), the one list the client keeps. Every ``hello`` reply also
#: registers the ids its server offers, so ids a newer server adds work once any env talked to it; an id the
#: server does not offer fails at make time with ``SensingGymError("unknown_env", …)`` listing the ones it does.
KNOWN_IDS = ("BeamSelection-v1", "Waveform-v1", "RISConfiguration-v1")

_HAS_VECTOR_ENTRY_POINT = "vector_entry_point" in inspect.signature(gym.register).parameters


def register_envs(env_ids: Optional[Iterable[str]] = None) -> None:
    """Registers ``SensingGym/<id>`` for each id (default ``KNOWN_IDS``); already registered ids are skipped.

    ``gym.make("SensingGym/BeamSelection-v1")`` then gives a ``SensingGymEnv`` (on a local server unless
    ``endpoint=`` or ``$SENSINGGYM_ENDPOINT`` names one) and ``gym.make_vec(…, num_envs=64)`` a
    ``SensingGymVectorEnv`` (Gymnasium ≥ 1.0).
    """
    for env_id in env_ids if env_ids is not None else KNOWN_IDS:
        full_id = f"SensingGym/{env_id}"
        if full_id in gym.registry:
            continue
        extra = {"vector_entry_point": "sensinggym.vector_env:SensingGymVectorEnv"} if _HAS_VECTOR_ENTRY_POINT else {}
        gym.register(id=full_id, entry_point="sensinggym.env:SensingGymEnv", kwargs={"env_id": env_id},
                     disable_env_checker=False, **extra)


def ids_from_server(endpoint: Optional[str] = None, timeout: float = 5.0) -> list:
    """The env ids a server offers (its ``hello`` reply)."""
    from .protocol import Connection

    connection = Connection(endpoint, timeout=timeout)
    try:
        return list(connection.hello()["envs"])
    finally:
        connection.close()
