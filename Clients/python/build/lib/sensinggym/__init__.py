"""SensingGym environments served by ``sensing-gym serve``, as Gymnasium environments (wire protocol v1.1).

``import sensinggym`` registers ``SensingGym/<id>`` for ``gym.make``. Nothing here needs Gymnasium 1.x: the
single env works with Gymnasium 0.29 too; ``SensingGymVectorEnv`` (imported on first use) needs ≥ 1.0.
"""

from .env import SensingGymEnv
from .errors import InvalidAction, SensingGymError, SensingGymTimeout
from .protocol import PROTOCOL_MINOR_VERSION, PROTOCOL_VERSION, Connection, default_endpoint
from .registration import KNOWN_IDS, ids_from_server, register_envs

__all__ = [
    "Connection", "InvalidAction", "KNOWN_IDS", "PROTOCOL_MINOR_VERSION", "PROTOCOL_VERSION", "SensingGymEnv",
    "SensingGymError", "SensingGymTimeout", "SensingGymVectorEnv", "default_endpoint", "ids_from_server",
    "register_envs",
]
__version__ = "0.2.0"


def __getattr__(name):
    if name == "SensingGymVectorEnv":  # imported lazily: it needs gymnasium>=1.0
        from .vector_env import SensingGymVectorEnv

        return SensingGymVectorEnv
    raise AttributeError(f"module 'sensinggym' has no attribute {name!r}")


register_envs()
