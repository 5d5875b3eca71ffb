"""``SensingGymVectorEnv``: N remote envs stepped with one message per vector step (needs Gymnasium ≥ 1.0)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Union

import gymnasium as gym
import numpy as np

try:
    from gymnasium.vector import AutoresetMode, VectorEnv
except ImportError as error:  # Gymnasium 0.29 and older
    raise ImportError(
        f"sensinggym.SensingGymVectorEnv needs gymnasium>=1.0 (this is gymnasium {gym.__version__}); the single env "
        "sensinggym.SensingGymEnv works with 0.29 too, and so does sensinggym.sb3.SensingGymVecEnv") from error
from gymnasium.vector.utils import batch_space

from .actions import encode_actions
from .errors import SensingGymError
from .protocol import DEFAULT_TIMEOUT, decode_tensors
from .session import RemoteSession
from .spaces import space_from_json

_MODES = {AutoresetMode.NEXT_STEP: "next_step", AutoresetMode.SAME_STEP: "same_step"}


def _autoreset_mode(value: Union[AutoresetMode, str, None]) -> AutoresetMode:
    """``AutoresetMode.NEXT_STEP`` or ``SAME_STEP`` from the enum or a spelling such as ``"same_step"``."""
    if value is None:
        return AutoresetMode.NEXT_STEP
    if isinstance(value, AutoresetMode):
        mode = value
    else:
        spelling = str(value).lower().replace("_", "").replace("-", "").replace("autoresetmode.", "")
        mode = {"nextstep": AutoresetMode.NEXT_STEP, "samestep": AutoresetMode.SAME_STEP}.get(spelling)
    if mode not in _MODES:
        raise ValueError(f"autoreset_mode {value!r}: SensingGym's vector env does NEXT_STEP (the default) or SAME_STEP")
    return mode


class SensingGymVectorEnv(VectorEnv):
    """``num_envs`` copies of a SensingGym environment in one server session: a ``gymnasium.vector.VectorEnv``.

    Each ``step`` is one request carrying an ``[num_envs]`` (or ``[num_envs, k]``) actions tensor and one reply
    carrying batched observations, rewards and flags. Autoreset is done on the server, in Gymnasium's
    ``NEXT_STEP`` mode (default: an env whose episode ended on the previous step is reset instead of stepped,
    reward 0, flags false) or ``SAME_STEP`` mode (``autoreset_mode=AutoresetMode.SAME_STEP``: the ending step
    returns the new episode's first observation, the final one in ``infos["final_obs"]`` and its info in
    ``infos["final_info"]``), each equal to ``SyncVectorEnv`` of the single env in that mode.
    ``reset(seed=s)`` seeds env ``i`` with ``s + i``, as ``SyncVectorEnv`` does.

    Keyword arguments are those of ``SensingGymEnv`` plus ``num_envs``, ``autoreset_mode`` and
    ``max_episode_steps`` (truncation after that many steps, done on the server, as ``gym.make_vec`` passes it);
    any other keyword is a registry option sent to the server, which refuses unknown ones (``bad_option``).
    """

    metadata = {"autoreset_mode": AutoresetMode.NEXT_STEP, "render_modes": ["rgb_array"], "render_fps": 4}

    def __init__(self, env_id: Optional[str] = None, num_envs: int = 1, endpoint: Optional[str] = None,
                 scenario: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT, infos: bool = True,
                 curve_server_key: Optional[str] = None, seed: Optional[int] = None,
                 autoreset_mode: Union[AutoresetMode, str, None] = None, max_episode_steps: Optional[int] = None,
                 render_mode: Optional[str] = None, **options: Any):
        mode = _autoreset_mode(autoreset_mode)
        if render_mode is not None and render_mode != "rgb_array":
            raise ValueError(f"render_mode {render_mode!r}: the vector env renders 'rgb_array' (a tuple of frames)")
        if render_mode is not None and not infos:
            raise ValueError("render_mode needs infos=True (frames are drawn from the step's info)")
        self._init_kwargs = dict(env_id=env_id, num_envs=num_envs, endpoint=endpoint, scenario=scenario,
                                 timeout=timeout, infos=infos, curve_server_key=curve_server_key, seed=seed,
                                 autoreset_mode=mode, max_episode_steps=max_episode_steps, render_mode=render_mode,
                                 **options)
        self._session = RemoteSession(env_id, num_envs, endpoint, scenario, timeout, infos, curve_server_key,
                                      options, seed, autoreset=_MODES[mode], max_episode_steps=max_episode_steps)
        reply = self._session.reply
        self.metadata = {**type(self).metadata, "autoreset_mode": mode}
        self.autoreset_mode = mode
        self.env_id = self._session.env_id
        self.options = dict(options)
        self.scenario = reply["scenario"]
        self.num_envs = int(reply["num_envs"])
        self.single_observation_space = space_from_json(reply["observation_space"])
        self.single_action_space = space_from_json(reply["action_space"])
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self._action_description = reply["action_space"]
        self._obs_shape = tuple(self.single_observation_space.shape)
        self.render_mode = render_mode
        self._renderer = None
        self._last_infos: List[Dict[str, Any]] = []
        self._last_actions = None
        self.closed = False

    @property
    def session(self) -> str:
        """The server session id (it changes when the session is re-created)."""
        return self._session.id

    @property
    def endpoint(self) -> str:
        """The endpoint of the server holding the session."""
        return self._session.endpoint

    @property
    def scene(self) -> Optional[Dict[str, Any]]:
        """The room, blockers, access points and RIS panels, as the server describes them at ``make``."""
        return self._session.scene

    def reset(self, *, seed: Optional[Union[int, Sequence[Optional[int]]]] = None,
              options: Optional[Dict[str, float]] = None):
        """Resets every env: with an int seed env ``i`` gets ``seed + i``; a list gives one seed (or None) each."""
        fields: Dict[str, Any] = {}
        if isinstance(seed, (list, tuple)):
            if len(seed) != self.num_envs:
                raise ValueError(f"expected {self.num_envs} seeds, got {len(seed)}")
            fields["seeds"] = [None if s is None else int(s) for s in seed]
            first = seed[0]
        else:
            if seed is not None:
                fields["seed"] = int(seed)
            first = seed
        if first is not None:
            self._np_random, self._np_random_seed = gym.utils.seeding.np_random(first)
        if options:
            fields["options"] = {str(k): float(v) for k, v in options.items()}
        reply, frames = self._session.reset(fields)
        tensors = decode_tensors(reply, frames)
        self._last_infos, self._last_actions = reply.get("infos") or [], None
        return tensors["obs"], self._batched_infos(reply.get("infos"))

    def step(self, actions):
        """Steps every env (autoresetting those that ended, by the session's mode) with one request."""
        payload = encode_actions(self._action_description, actions, self.num_envs)
        reply, frames = self._session.step([payload])
        tensors = decode_tensors(reply, frames)
        infos = reply.get("infos")
        if self.render_mode is not None:
            self._last_infos, self._last_actions = infos or [], actions
        batched = self._batched_infos(infos)
        if self.autoreset_mode == AutoresetMode.SAME_STEP:
            ended = np.flatnonzero(tensors["terminated"] | tensors["truncated"])
            final_obs = tensors.get("final_obs")
            if final_obs is None or len(final_obs) != len(ended):
                raise SensingGymError("bad_tensor", "a same_step reply carries final_obs for each ended env")
            final_infos = reply.get("final_infos") or [{} for _ in ended]
            for row, i in enumerate(ended):
                batched = self._add_info(batched, {"final_obs": final_obs[row], "final_info": final_infos[row]}, i)
        return tensors["obs"], tensors["rewards"], tensors["terminated"], tensors["truncated"], batched

    def _batched_infos(self, infos: Optional[List[Dict[str, Any]]]) -> Dict[str, Any]:
        """Per-env info dicts folded into Gymnasium's vector form (arrays plus ``_key`` masks)."""
        batched: Dict[str, Any] = {}
        if not infos:
            return batched
        keys = infos[0].keys()
        if len(infos) == self.num_envs and all(info.keys() == keys for info in infos) and not any(
                isinstance(value, (dict, list)) for value in infos[0].values()):
            # Fast path, column by column, with the dtypes `VectorEnv._add_info` would choose (first env's type).
            mask = np.ones(self.num_envs, dtype=np.bool_)
            for key in keys:
                column = [info[key] for info in infos]
                kind = type(column[0])
                if kind in (int, float, bool):
                    batched[key] = np.array(column, dtype=kind)
                else:
                    array = np.empty(self.num_envs, dtype=object)
                    array[:] = column
                    batched[key] = array
                batched[f"_{key}"] = mask.copy()
            return batched
        for i, info in enumerate(infos):
            batched = self._add_info(batched, info, i)
        return batched

    def render(self):
        """``rgb_array``: one frame per env (a tuple, as ``SyncVectorEnv``), drawn as ``SensingGymEnv.render``."""
        if self.render_mode is None:
            gym.logger.warn("render() called without a render_mode; make the env with render_mode='rgb_array'")
            return None
        if self._renderer is None:
            from .render import SceneRenderer

            self._renderer = SceneRenderer(self.scene, self._action_description, title=self.env_id)
        actions = self._last_actions
        return tuple(self._renderer.frame(self._last_infos[i] if i < len(self._last_infos) else {},
                                          None if actions is None else actions[i]) for i in range(self.num_envs))

    def close_extras(self, **kwargs: Any) -> None:
        """Frees the server session (best effort, short timeout) and closes the socket."""
        session = getattr(self, "_session", None)
        if session is not None:
            session.close()
        renderer = getattr(self, "_renderer", None)
        if renderer is not None:
            renderer.close()
            self._renderer = None

    def __getstate__(self) -> Dict[str, Any]:
        return {"init_kwargs": self._init_kwargs}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__init__(**state["init_kwargs"])

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False
