"""Gymnasium spaces from the JSON space descriptions the server sends, and flat action encoding."""

from __future__ import annotations

from typing import Any, Dict

import gymnasium as gym
import numpy as np

# Unbounded box sides travel as ±3.4e38 (Float32's greatest finite value): JSON has no infinity.
_FLOAT32_MAX = float(np.finfo(np.float32).max)


def space_from_json(description: Dict[str, Any], seed=None) -> gym.Space:
    """The gymnasium space for a description such as ``{"type": "Discrete", "n": 64, "start": 0}``."""
    kind = description.get("type")
    if kind == "Discrete":
        return gym.spaces.Discrete(int(description["n"]), start=int(description.get("start", 0)), seed=seed)
    if kind == "MultiDiscrete":
        return gym.spaces.MultiDiscrete(np.asarray(description["nvec"], dtype=np.int64), seed=seed)
    if kind == "Box":
        shape = tuple(int(d) for d in description["shape"])
        low = np.asarray(description["low"], dtype=np.float64)
        high = np.asarray(description["high"], dtype=np.float64)
        low = np.where(low <= -_FLOAT32_MAX, -np.inf, low).astype(np.float32).reshape(shape)
        high = np.where(high >= _FLOAT32_MAX, np.inf, high).astype(np.float32).reshape(shape)
        return gym.spaces.Box(low=low, high=high, shape=shape, dtype=np.float32, seed=seed)
    if kind == "Dict":
        # A list of pairs keeps the server's declared order (a plain dict would be sorted by Gymnasium).
        return gym.spaces.Dict([(entry["key"], space_from_json(entry["space"])) for entry in description["spaces"]],
                               seed=seed)
    raise ValueError(f"unknown space type {kind!r}")


def action_tensor_dtype(space: gym.Space) -> np.dtype:
    """The dtype of the ``actions`` tensor for actions of ``space``."""
    if isinstance(space, (gym.spaces.Discrete, gym.spaces.MultiDiscrete)):
        return np.dtype("<i8")
    return np.dtype("<f4")


def flatten_action(space: gym.Space, action) -> np.ndarray:
    """One action of ``space`` as the flat row the ``actions`` tensor holds for it."""
    if isinstance(space, gym.spaces.Discrete):
        return np.asarray(action, dtype=np.int64).reshape(())
    if isinstance(space, gym.spaces.MultiDiscrete):
        return np.asarray(action, dtype=np.int64).reshape(-1)
    if isinstance(space, gym.spaces.Box):
        return np.asarray(action, dtype=np.float32).reshape(-1)
    if isinstance(space, gym.spaces.Dict):
        return np.concatenate([flatten_action(sub, action[key]) for key, sub in space.spaces.items()])
    raise ValueError(f"unsupported action space {space}")


def flatten_actions(space: gym.Space, actions, num_envs: int) -> np.ndarray:
    """A batch of ``num_envs`` actions of ``space`` as the ``actions`` tensor."""
    if isinstance(space, gym.spaces.Discrete):
        return np.asarray(actions, dtype=np.int64).reshape(num_envs)
    if isinstance(space, (gym.spaces.MultiDiscrete, gym.spaces.Box)):
        return np.asarray(actions, dtype=action_tensor_dtype(space)).reshape(num_envs, -1)
    if isinstance(space, gym.spaces.Dict):
        rows = [flatten_action(space, {key: actions[key][i] for key in space.spaces}) for i in range(num_envs)]
        return np.stack(rows).astype(np.float32)
    raise ValueError(f"unsupported action space {space}")
