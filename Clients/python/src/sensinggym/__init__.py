"""SensingGym environments served by ``sensing-gym serve``, as Gymnasium environments (wire protocol v1)."""

from .env import SensingGymEnv
from .errors import SensingGymError, SensingGymTimeout
from .protocol import PROTOCOL_VERSION, Connection, default_endpoint
from .registration import KNOWN_IDS, ids_from_server, register_envs
from .vector_env import SensingGymVectorEnv

__all__ = [
    "Connection", "KNOWN_IDS", "PROTOCOL_VERSION", "SensingGymEnv", "SensingGymError", "SensingGymTimeout",
    "SensingGymVectorEnv", "default_endpoint", "ids_from_server", "register_envs",
]
__version__ = "0.1.0"

register_envs()
