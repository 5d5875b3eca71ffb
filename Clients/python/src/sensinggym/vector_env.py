"""``SensingGymVectorEnv``: N remote envs stepped with one message per vector step."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Union

import gymnasium as gym
import numpy as np
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from .protocol import Connection, decode_tensors
from .spaces import flatten_actions, space_from_json


class SensingGymVectorEnv(VectorEnv):
    """``num_envs`` copies of a SensingGym environment in one server session: a ``gymnasium.vector.VectorEnv``.

    Each ``step`` is one request carrying an ``[num_envs]`` (or ``[num_envs, k]``) actions tensor and one reply
    carrying batched observations, rewards and flags. Autoreset is Gymnasium 1.x's ``NEXT_STEP`` mode, done on the
    server: an env whose episode ended on the previous step is reset instead of stepped (reward 0, flags false).
    ``reset(seed=s)`` seeds env ``i`` with ``s + i``, as ``SyncVectorEnv`` does.
    """

    metadata = {"autoreset_mode": AutoresetMode.NEXT_STEP, "render_modes": []}

    def __init__(self, env_id: str = "BeamSelection-v1", num_envs: int = 1, endpoint: Optional[str] = None,
                 scenario: Optional[str] = None, timeout: float = 30.0, infos: bool = True,
                 curve_server_key: Optional[str] = None, **_ignored: Any):
        self._connection = Connection(endpoint, timeout=timeout, curve_server_key=curve_server_key)
        reply = self._connection.make_session(env_id, num_envs, scenario, infos)
        self.session = reply["session"]
        self.env_id = env_id
        self.scenario = reply["scenario"]
        self.num_envs = int(reply["num_envs"])
        self.single_observation_space = space_from_json(reply["observation_space"])
        self.single_action_space = space_from_json(reply["action_space"])
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self._step_tail = Connection.prepare("step", {"session": self.session}, [reply["action_tensor"]])
        self.render_mode = None
        self.closed = False

    def reset(self, *, seed: Optional[Union[int, Sequence[Optional[int]]]] = None,
              options: Optional[Dict[str, float]] = None):
        """Resets every env: with an int seed env ``i`` gets ``seed + i``; a list gives one seed (or None) each."""
        fields: Dict[str, Any] = {"session": self.session}
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
        reply, frames = self._connection.request("reset", fields)
        tensors = decode_tensors(reply, frames)
        return tensors["obs"], self._batched_infos(reply.get("infos"))

    def step(self, actions):
        """Steps every env (autoresetting those that ended on the previous step) with one request."""
        batch = flatten_actions(self.single_action_space, actions, self.num_envs)
        reply, frames = self._connection.request_prepared("step", self._step_tail, [batch.tobytes()])
        tensors = decode_tensors(reply, frames)
        return (tensors["obs"], tensors["rewards"], tensors["terminated"], tensors["truncated"],
                self._batched_infos(reply.get("infos")))

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

    def close_extras(self, **kwargs: Any) -> None:
        """Frees the server session (best effort, short timeout) and closes the socket."""
        connection = getattr(self, "_connection", None)
        if connection is not None:
            connection.close_session(self.session)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False
