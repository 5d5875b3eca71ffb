"""Actions checked and encoded as the ``actions`` tensor, from the server's JSON action space (docs/PROTOCOL.md §2.3).

Integer spaces take Python or numpy integers (or integer arrays of the right shape; a one-element array is a
Discrete action); floats are refused with ``InvalidAction``, never truncated. A ``Dict`` action is flattened in
the order the server **declared** its entries, whatever order the mapping (or Gymnasium's sorted ``Dict``) uses.
"""

from __future__ import annotations

import numbers
import struct
from typing import Any, Dict, List, Mapping

import numpy as np

from .errors import InvalidAction


def _integers(value: Any, what: str) -> np.ndarray:
    if isinstance(value, (bool, np.bool_)):
        raise InvalidAction(f"{what} must be an integer, got the boolean {value!r}")
    if isinstance(value, numbers.Integral):
        return np.asarray(int(value), dtype="<i8")
    array = np.asarray(value)
    if array.dtype.kind not in "iu":
        raise InvalidAction(f"{what} must be integers, got {value!r} (dtype {array.dtype}); floats are not "
                            "truncated: pass int(action) or an integer array")
    return array.astype("<i8", copy=False)


def _flat_size(description: Dict[str, Any]) -> int:
    kind = description["type"]
    if kind == "Discrete":
        return 1
    if kind == "MultiDiscrete":
        return len(description["nvec"])
    if kind == "Box":
        return int(np.prod(description["shape"], dtype=np.int64))
    return sum(_flat_size(entry["space"]) for entry in description["spaces"])


def dict_keys(description: Dict[str, Any]) -> List[str]:
    """The keys of a ``Dict`` action space in the server's declared order."""
    return [entry["key"] for entry in description["spaces"]]


def _floats(value: Any, size: int, what: str) -> np.ndarray:
    array = np.asarray(value, dtype="<f4")
    if array.size != size:
        raise InvalidAction(f"{what} has {array.size} components, the space {size}")
    return array.reshape(size)


def _dict_row(description: Dict[str, Any], action: Any) -> np.ndarray:
    if not isinstance(action, Mapping):
        raise InvalidAction(f"a Dict action is a mapping with the keys {dict_keys(description)}, got {action!r}")
    keys = dict_keys(description)
    if set(action.keys()) != set(keys):
        raise InvalidAction(f"a Dict action has the keys {keys}, got {sorted(action.keys())}")
    return np.concatenate([_floats(action[entry["key"]], _flat_size(entry["space"]), f"entry '{entry['key']}'")
                           for entry in description["spaces"]])


def encode_action(description: Dict[str, Any], action: Any) -> bytes:
    """One action as the bytes of a ``[1]`` or ``[1, d]`` actions frame."""
    kind = description["type"]
    if kind == "Discrete":
        if type(action) is int or type(action) is np.int64:  # the common cases, without building an array
            return struct.pack("<q", action)
        array = _integers(action, "a Discrete action")
        if array.size != 1:
            raise InvalidAction(f"a Discrete action is one integer, got shape {array.shape}")
        return array.reshape(1).tobytes()
    if kind == "MultiDiscrete":
        array = _integers(action, "a MultiDiscrete action")
        size = len(description["nvec"])
        if array.size != size:
            raise InvalidAction(f"a MultiDiscrete action has {size} components, got shape {array.shape}")
        return array.reshape(size).tobytes()
    if kind == "Box":
        return _floats(action, _flat_size(description), "a Box action").tobytes()
    if kind == "Dict":
        return _dict_row(description, action).tobytes()
    raise InvalidAction(f"unsupported action space {kind!r}")


def encode_actions(description: Dict[str, Any], actions: Any, num_envs: int) -> bytes:
    """A batch of ``num_envs`` actions as the bytes of the ``actions`` frame."""
    kind = description["type"]
    if kind in ("Discrete", "MultiDiscrete"):
        array = _integers(actions, f"{kind} actions")
        per_env = 1 if kind == "Discrete" else len(description["nvec"])
        if array.size != num_envs * per_env:
            raise InvalidAction(f"{num_envs} envs need {num_envs * per_env} action components, got shape "
                                f"{array.shape}")
        return np.ascontiguousarray(array).tobytes()
    if kind == "Box":
        size = _flat_size(description)
        array = np.asarray(actions, dtype="<f4")
        if array.size != num_envs * size:
            raise InvalidAction(f"{num_envs} envs need {num_envs} × {size} action components, got shape {array.shape}")
        return np.ascontiguousarray(array).tobytes()
    if kind == "Dict":
        if not isinstance(actions, Mapping):
            raise InvalidAction(f"batched Dict actions are a mapping of arrays with the keys {dict_keys(description)}")
        rows = [_dict_row(description, {key: actions[key][i] for key in actions}) for i in range(num_envs)]
        return np.stack(rows).astype("<f4").tobytes()
    raise InvalidAction(f"unsupported action space {kind!r}")
