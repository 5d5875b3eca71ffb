"""``SensingGymVecEnv``: a Stable-Baselines3 ``VecEnv`` over one batched server session (``pip install sensinggym[sb3]``).

SB3's own ``DummyVecEnv``/``SubprocVecEnv`` of single remote envs send one message per env per step; this adapter
sends one per vector step, with the server's same-step autoreset (SB3's convention): on a step where env ``i``'s
episode ends, ``obs[i]`` is the new episode's first observation, ``infos[i]["terminal_observation"]`` the final
one, ``infos[i]["TimeLimit.truncated"]`` says whether it was cut short, and ``reset_infos[i]`` is the new
episode's info.

```python
from stable_baselines3 import PPO
from sensinggym.sb3 import SensingGymVecEnv
venv = SensingGymVecEnv("BeamSelection-v1", num_envs=64)   # a local server unless endpoint= is given
PPO("MlpPolicy", venv).learn(100_000)
```
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

import numpy as np
from stable_baselines3.common.vec_env.base_vec_env import VecEnv

from .actions import encode_actions
from .protocol import DEFAULT_TIMEOUT, decode_tensors
from .session import RemoteSession
from .spaces import space_from_json


class SensingGymVecEnv(VecEnv):
    """``num_envs`` SensingGym envs in one server session, as an SB3 ``VecEnv``.

    Args:
        env_id: the server-side id, e.g. ``"BeamSelection-v1"``; ``None``: the server's BeamSelection env.
        num_envs: envs in the session (one message per step carries all of them).
        scenario, endpoint, timeout, infos, curve_server_key, seed: as ``sensinggym.SensingGymEnv``.
        render_mode: ``"rgb_array"`` for ``get_images()`` / ``render()`` and SB3's ``VecVideoRecorder``.
        max_episode_steps: truncate episodes after this many steps (on the server).
        **options: the env's registry options (``action="phases"``, ``estimator="wknn"``); unknown ones are
            refused by the server (``SensingGymError`` code ``bad_option``).
    """

    def __init__(self, env_id: Optional[str] = None, num_envs: int = 8, scenario: Optional[str] = None,
                 endpoint: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT, infos: bool = True,
                 curve_server_key: Optional[str] = None, seed: Optional[int] = None,
                 render_mode: Optional[str] = None, max_episode_steps: Optional[int] = None, **options: Any):
        if render_mode not in (None, "rgb_array"):
            raise ValueError(f"render_mode {render_mode!r}: SensingGymVecEnv renders 'rgb_array'")
        if render_mode is not None and not infos:
            raise ValueError("render_mode needs infos=True (frames are drawn from the step's info)")
        self._render_mode = render_mode
        self._session = RemoteSession(env_id, num_envs, endpoint, scenario, timeout, infos, curve_server_key,
                                      options, seed, autoreset="same_step", max_episode_steps=max_episode_steps)
        reply = self._session.reply
        self.env_id = self._session.env_id
        self.scenario = reply["scenario"]
        self._action_description = reply["action_space"]
        super().__init__(int(reply["num_envs"]), space_from_json(reply["observation_space"]),
                         space_from_json(reply["action_space"]))
        self._actions: Any = None
        self._renderer = None
        self._last_infos: List[Dict[str, Any]] = [{} for _ in range(self.num_envs)]
        self._last_actions: Any = None
        self._empty_infos = not infos

    # MARK: - VecEnv

    def reset(self) -> np.ndarray:
        """Resets every env, with the seeds and options set by ``seed()`` / ``set_options()`` (then forgotten)."""
        fields: Dict[str, Any] = {}
        if any(seed is not None for seed in self._seeds):
            fields["seeds"] = [None if seed is None else int(seed) for seed in self._seeds]
        if self._options and self._options[0]:
            fields["options"] = {str(k): float(v) for k, v in self._options[0].items()}
        reply, frames = self._session.reset(fields)
        self._reset_seeds()
        self._reset_options()
        infos = reply.get("infos")
        self.reset_infos = [dict(info) for info in infos] if infos else [{} for _ in range(self.num_envs)]
        self._last_infos, self._last_actions = self.reset_infos, None
        return decode_tensors(reply, frames)["obs"]

    def step_async(self, actions: np.ndarray) -> None:
        self._actions = actions

    def step_wait(self):
        payload = encode_actions(self._action_description, self._actions, self.num_envs)
        reply, frames = self._session.step([payload])
        tensors = decode_tensors(reply, frames)
        terminated, truncated = tensors["terminated"], tensors["truncated"]
        dones = terminated | truncated
        wire_infos = reply.get("infos")
        infos: List[Dict[str, Any]] = list(wire_infos) if wire_infos else [{} for _ in range(self.num_envs)]
        ended = np.flatnonzero(dones)
        if len(ended):
            final_obs = tensors["final_obs"]
            final_infos = reply.get("final_infos") or [{} for _ in ended]
            for row, i in enumerate(ended):
                self.reset_infos[i] = dict(infos[i])
                info = final_infos[row]
                info["terminal_observation"] = final_obs[row]
                infos[i] = info
        # As SB3's DummyVecEnv: every step's info says whether the episode was cut short (and not terminal).
        time_limit = (truncated & ~terminated).tolist()
        for info, cut in zip(infos, time_limit):
            info["TimeLimit.truncated"] = cut
        if self._render_mode is not None:
            self._last_infos, self._last_actions = infos, self._actions
        return tensors["obs"], tensors["rewards"].astype(np.float32), dones, infos

    def close(self) -> None:
        self._session.close()
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None

    def get_images(self) -> Sequence[Optional[np.ndarray]]:
        """One ``rgb_array`` frame per env (``render_mode="rgb_array"``), else ``None`` each."""
        if self._render_mode != "rgb_array":
            return [None for _ in range(self.num_envs)]
        if self._renderer is None:
            from .render import SceneRenderer

            self._renderer = SceneRenderer(self._session.scene, self._action_description, title=self.env_id)
        actions = self._last_actions
        return [self._renderer.frame(self._last_infos[i], None if actions is None else actions[i])
                for i in range(self.num_envs)]

    # MARK: - Attributes: the batch has one set, shared by every env

    def get_attr(self, attr_name: str, indices=None) -> List[Any]:
        value = self._render_mode if attr_name == "render_mode" else getattr(self, attr_name)
        return [value for _ in self._get_indices(indices)]

    def set_attr(self, attr_name: str, value: Any, indices=None) -> None:
        raise AttributeError(f"SensingGymVecEnv: the envs live on the server; '{attr_name}' cannot be set")

    def env_method(self, method_name: str, *method_args, indices=None, **method_kwargs) -> List[Any]:
        if method_name == "render":
            images = self.get_images()
            return [images[i] for i in self._get_indices(indices)]
        raise AttributeError(f"SensingGymVecEnv: the envs live on the server; no method '{method_name}'")

    def env_is_wrapped(self, wrapper_class, indices=None) -> List[bool]:
        return [False for _ in self._get_indices(indices)]

    @property
    def session(self) -> str:
        """The server session id."""
        return self._session.id
