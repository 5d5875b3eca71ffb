"""``SensingGymEnv``: one remote SensingGym environment as a ``gymnasium.Env`` (Gymnasium 0.29 and 1.x)."""

from __future__ import annotations

import struct
from typing import Any, Dict, Optional, Tuple

import gymnasium as gym
import numpy as np

from .actions import encode_action
from .errors import SensingGymError
from .protocol import DEFAULT_TIMEOUT, decode_tensors
from .session import RemoteSession
from .spaces import space_from_json


class SensingGymEnv(gym.Env):
    """A SensingGym environment served by ``sensing-gym serve``, as a standard Gymnasium environment.

    Each instance owns one server session of one env, over its own DEALER socket. With no ``endpoint`` (and no
    ``$SENSINGGYM_ENDPOINT``) the client starts a local server itself and stops it when the process's last env
    closes. ``close()`` (or leaving a ``with`` block, or garbage collection) frees the session.

    Copies: ``pickle``, ``copy.copy`` and ``copy.deepcopy`` give an env of the same id, scenario and options on a
    **new** session (the episode state is not copied: call ``reset()`` on the copy), so a copy never steps the
    original.

    Args:
        env_id: the server-side id, e.g. ``"BeamSelection-v1"``; ``None``: the server's BeamSelection env.
        endpoint: the server's endpoint; default ``$SENSINGGYM_ENDPOINT``, else a local server started here.
        scenario: a built-in scenario name (the server's default when ``None``).
        timeout: seconds to wait for each reply before raising ``SensingGymTimeout`` (``hello``: at most 5 s).
        infos: whether the server sends the info dict with every step (turn off to save time; rendering needs it).
        curve_server_key: the server's Z85 CURVE public key, for servers bound with CURVE.
        render_mode: ``"rgb_array"`` (``render()`` returns an ``H×W×3`` uint8 frame) or ``"human"`` (a window).
        seed: the seed of the first ``reset()`` that names none.
        **options: the env's registry options, e.g. ``action="phases"`` or ``estimator="wknn"``; the server
            refuses unknown ones (``SensingGymError`` code ``bad_option``, naming the options it takes).
    """

    metadata = {"render_modes": ["rgb_array", "human"], "render_fps": 4}

    def __init__(self, env_id: Optional[str] = None, endpoint: Optional[str] = None,
                 scenario: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT, infos: bool = True,
                 curve_server_key: Optional[str] = None, render_mode: Optional[str] = None,
                 seed: Optional[int] = None, **options: Any):
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode {render_mode!r} is not one of {self.metadata['render_modes']}")
        if render_mode is not None and not infos:
            raise ValueError("render_mode needs infos=True (frames are drawn from the step's info)")
        self._init_kwargs = dict(env_id=env_id, endpoint=endpoint, scenario=scenario, timeout=timeout, infos=infos,
                                 curve_server_key=curve_server_key, render_mode=render_mode, seed=seed, **options)
        self.render_mode = render_mode
        self._session = RemoteSession(env_id, 1, endpoint, scenario, timeout, infos, curve_server_key, options, seed)
        reply = self._session.reply
        self.env_id = self._session.env_id
        self.options = dict(options)
        self.scenario = reply["scenario"]
        self.observation_space = space_from_json(reply["observation_space"])
        self.action_space = space_from_json(reply["action_space"])
        self._action_description = reply["action_space"]
        self._obs_shape = tuple(self.observation_space.shape)
        self._needs_reset = True
        self._renderer = None
        self._last_info: Dict[str, Any] = {}
        self._last_action = None

    @property
    def session(self) -> str:
        """The server session id (it changes when the session is re-created)."""
        return self._session.id

    @property
    def endpoint(self) -> str:
        """The endpoint of the server holding the session (a local server's when none was given)."""
        return self._session.endpoint

    @property
    def scene(self) -> Optional[Dict[str, Any]]:
        """The room, blockers, access points and RIS panels, as the server describes them at ``make``."""
        return self._session.scene

    def reset(self, *, seed: Optional[int] = None,
              options: Optional[Dict[str, float]] = None) -> Tuple[np.ndarray, Dict[str, Any]]:
        """Starts an episode; ``seed`` reseeds the server-side env (same seed, same episode)."""
        super().reset(seed=seed)
        fields: Dict[str, Any] = {}
        if seed is not None:
            fields["seed"] = int(seed)
        if options:
            fields["options"] = {str(k): float(v) for k, v in options.items()}
        reply, frames = self._session.reset(fields)
        tensors = decode_tensors(reply, frames)
        self._needs_reset = False
        infos = reply.get("infos")
        info = infos[0] if infos else {}
        self._last_info, self._last_action = info, None
        if self.render_mode == "human":
            self.render()
        return tensors["obs"][0], info

    def step(self, action) -> Tuple[np.ndarray, float, bool, bool, Dict[str, Any]]:
        """Applies ``action``; raises ``gymnasium.error.ResetNeeded`` after the episode ended.

        Discrete actions are Python or numpy integers, or one-element integer arrays; floats are refused
        (``InvalidAction``, a ``ValueError``), never truncated.
        """
        if self._needs_reset:
            raise gym.error.ResetNeeded("call reset() before step(): the episode has ended or never started")
        payload = encode_action(self._action_description, action)
        try:
            reply, frames = self._session.step([payload])
        except SensingGymError as error:
            if error.code in ("unknown_session", "server_exited"):
                self._needs_reset = True
            raise
        if len(frames) != 4:
            raise SensingGymError("bad_tensor", f"a step reply carries 4 tensors, got {len(frames)}")
        obs = np.frombuffer(frames[0], dtype="<f4").reshape(self._obs_shape).copy()
        (reward,) = struct.unpack("<d", frames[1])
        terminated = frames[2] != b"\x00"
        truncated = frames[3] != b"\x00"
        self._needs_reset = terminated or truncated
        infos = reply.get("infos")
        info = infos[0] if infos else {}
        if self.render_mode is not None:
            self._last_info, self._last_action = info, action
            if self.render_mode == "human":
                self.render()
        return obs, reward, terminated, truncated, info

    def render(self):
        """``rgb_array``: the current frame (``H×W×3`` uint8); ``human``: draws it in a window; else ``None``.

        The frame is drawn here, with matplotlib, from the scene the server described at ``make`` and the last
        step's info and action: the room, blockers, access points (and RIS panels), the probed beam, the true
        position, the tracker's estimate and its 95 % error circle.
        """
        if self.render_mode is None:
            gym.logger.warn("render() called without a render_mode; make the env with render_mode='rgb_array'")
            return None
        if self._renderer is None:
            from .render import SceneRenderer

            self._renderer = SceneRenderer(self.scene, self._action_description, title=self.env_id)
        frame = self._renderer.frame(self._last_info, self._last_action)
        if self.render_mode == "human":
            self._renderer.show(frame)
            return None
        return frame

    def close(self) -> None:
        """Frees the server session (best effort, short timeout) and closes the socket."""
        session = getattr(self, "_session", None)
        if session is not None:
            session.close()
        renderer = getattr(self, "_renderer", None)
        if renderer is not None:
            renderer.close()
            self._renderer = None

    # MARK: - Copies: a new session with the same parameters

    def __getstate__(self) -> Dict[str, Any]:
        return {"init_kwargs": self._init_kwargs}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__init__(**state["init_kwargs"])

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False
