"""``SensingGymEnv``: one remote SensingGym environment as a ``gymnasium.Env``."""

from __future__ import annotations

import struct
from typing import Any, Dict, Optional, Tuple

import gymnasium as gym
import numpy as np

from .errors import SensingGymError
from .protocol import Connection, decode_tensors
from .spaces import flatten_actions, space_from_json


class SensingGymEnv(gym.Env):
    """A SensingGym environment served by ``sensing-gym serve``, as a standard Gymnasium environment.

    Each instance owns one server session of one env, over its own DEALER socket. ``close()`` (or leaving a
    ``with`` block) frees the session; a session whose client vanished is reaped by the server's idle timeout.

    Args:
        env_id: the server-side id, e.g. ``"BeamSelection-v1"``.
        endpoint: the server's endpoint; default ``$SENSINGGYM_ENDPOINT`` or ``tcp://127.0.0.1:5555``.
        scenario: a built-in scenario name (the server's default when ``None``).
        timeout: seconds to wait for each reply before raising ``SensingGymTimeout``.
        infos: whether the server sends the info dict with every step (turn off to save time).
        curve_server_key: the server's Z85 CURVE public key, for servers bound with CURVE.
    """

    metadata = {"render_modes": []}

    def __init__(self, env_id: str = "BeamSelection-v1", endpoint: Optional[str] = None,
                 scenario: Optional[str] = None, timeout: float = 30.0, infos: bool = True,
                 curve_server_key: Optional[str] = None, render_mode: Optional[str] = None):
        self.render_mode = render_mode
        self._connection = Connection(endpoint, timeout=timeout, curve_server_key=curve_server_key)
        reply = self._connection.make_session(env_id, 1, scenario, infos)
        self.session = reply["session"]
        self.env_id = env_id
        self.scenario = reply["scenario"]
        self.observation_space = space_from_json(reply["observation_space"])
        self.action_space = space_from_json(reply["action_space"])
        action_tensor = reply["action_tensor"]
        self._step_tail = Connection.prepare("step", {"session": self.session}, [action_tensor])
        self._obs_shape = tuple(self.observation_space.shape)
        self._needs_reset = True

    def reset(self, *, seed: Optional[int] = None,
              options: Optional[Dict[str, float]] = None) -> Tuple[np.ndarray, Dict[str, Any]]:
        """Starts an episode; ``seed`` reseeds the server-side env (same seed, same episode)."""
        super().reset(seed=seed)
        fields: Dict[str, Any] = {"session": self.session}
        if seed is not None:
            fields["seed"] = int(seed)
        if options:
            fields["options"] = {str(k): float(v) for k, v in options.items()}
        reply, frames = self._connection.request("reset", fields)
        tensors = decode_tensors(reply, frames)
        self._needs_reset = False
        infos = reply.get("infos")
        return tensors["obs"][0], (infos[0] if infos else {})

    def step(self, action) -> Tuple[np.ndarray, float, bool, bool, Dict[str, Any]]:
        """Applies ``action``; raises ``gymnasium.error.ResetNeeded`` after the episode ended."""
        if self._needs_reset:
            raise gym.error.ResetNeeded("call reset() before step(): the episode has ended or never started")
        if isinstance(self.action_space, gym.spaces.Discrete):
            try:
                payload = struct.pack("<q", action)
            except struct.error:  # e.g. a one-element array
                payload = struct.pack("<q", int(np.asarray(action).reshape(())))
        elif isinstance(self.action_space, gym.spaces.Dict):
            payload = flatten_actions(self.action_space, {k: [v] for k, v in action.items()}, 1).tobytes()
        else:
            payload = flatten_actions(self.action_space, [action], 1).tobytes()
        reply, frames = self._connection.request_prepared("step", self._step_tail, [payload])
        if len(frames) != 4:
            raise SensingGymError("bad_tensor", f"a step reply carries 4 tensors, got {len(frames)}")
        obs = np.frombuffer(frames[0], dtype="<f4").reshape(self._obs_shape).copy()
        (reward,) = struct.unpack("<d", frames[1])
        terminated = frames[2] != b"\x00"
        truncated = frames[3] != b"\x00"
        self._needs_reset = terminated or truncated
        infos = reply.get("infos")
        return obs, reward, terminated, truncated, (infos[0] if infos else {})

    def close(self) -> None:
        """Frees the server session (best effort, short timeout) and closes the socket."""
        connection = getattr(self, "_connection", None)
        if connection is not None:
            connection.close_session(self.session)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False
