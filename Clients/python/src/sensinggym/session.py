"""``RemoteSession``: one server session and its lifetime, shared by the single env, the vector env and the SB3 VecEnv.

- The endpoint: ``endpoint=``, else ``$SENSINGGYM_ENDPOINT``, else a local server the client starts itself
  (``local_server``), shared by the process's envs and stopped when the last one closes.
- ``close()`` frees the session; so does garbage collection (``weakref.finalize``) and interpreter exit.
- While the session is open a keep-alive thread pings it, so the server's idle reaper never takes a live
  client's session (``keepalive``).
- ``reset`` re-creates a session the server no longer has (it restarted, or the local server died) with the same
  parameters; a ``step`` on a lost session raises a ``SensingGymError`` saying to call ``reset()``.
"""

from __future__ import annotations

import weakref
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import keepalive, local_server
from .errors import SensingGymError, SensingGymTimeout
from .protocol import DEFAULT_TIMEOUT, Connection, default_endpoint


def _finalize(connection: Connection, session: str, lease: Optional[local_server.LocalServer]) -> None:
    keepalive.unregister(session)
    try:
        if lease is not None and not lease.running:
            connection.close()
        else:
            connection.close_session(session)
    finally:
        if lease is not None:
            local_server.release(lease)


class RemoteSession:
    """A session of ``num_envs`` envs on a server, made with ``make`` and everything needed to make it again."""

    def __init__(self, env_id: Optional[str], num_envs: int = 1, endpoint: Optional[str] = None,
                 scenario: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT, infos: bool = True,
                 curve_server_key: Optional[str] = None, options: Optional[Dict[str, Any]] = None,
                 seed: Optional[int] = None, autoreset: Optional[str] = None,
                 max_episode_steps: Optional[int] = None):
        self.env_id = env_id
        self.num_envs = int(num_envs)
        self.requested_endpoint = endpoint
        self.requested_scenario = scenario
        self.timeout = timeout
        self.infos = infos
        self.curve_server_key = curve_server_key
        self.options = dict(options or {})
        self.autoreset = autoreset
        self.max_episode_steps = max_episode_steps
        self.closed = True
        self._open(seed)

    # MARK: - Lifetime

    def _open(self, seed: Optional[int]) -> None:
        endpoint = self.requested_endpoint or default_endpoint()
        lease = None
        if endpoint is None:
            lease = local_server.acquire()
            endpoint = lease.endpoint
        try:
            connection = Connection(endpoint, timeout=self.timeout, curve_server_key=self.curve_server_key)
            reply = connection.make_session(
                self.env_id, self.num_envs, self.requested_scenario, self.infos, options=self.options, seed=seed,
                autoreset=self.autoreset, max_episode_steps=self.max_episode_steps)
        except BaseException:
            if lease is not None:
                local_server.release(lease)
            raise
        self.connection = connection
        self.lease = lease
        self.endpoint = endpoint
        self.reply = reply
        self.env_id = reply.get("env", self.env_id)
        self.id: str = reply["session"]
        self.scenario: str = reply["scenario"]
        self.scene: Optional[Dict[str, Any]] = reply.get("scene")
        self.step_tail = Connection.prepare("step", {"session": self.id}, [reply["action_tensor"]])
        self.closed = False
        limits = (connection.server_info or {}).get("limits") or {}
        keepalive.register(self.id, endpoint, self.curve_server_key, float(limits.get("idle_timeout_s", 300.0)))
        self._finalizer = weakref.finalize(self, _finalize, connection, self.id, lease)

    def close(self) -> None:
        """Frees the session (best effort, short timeout); idempotent."""
        if not self.closed:
            self.closed = True
            self._finalizer()

    def remake(self) -> None:
        """Closes this session (if the server still has it) and makes a new one with the same parameters.

        Raises ``SensingGymError("session_lost")`` when the new session's spaces differ from the old one's.
        """
        old = self.reply
        self.close()
        self._open(None)
        for key in ("observation_space", "action_space", "action_tensor"):
            if self.reply.get(key) != old.get(key):
                self.close()
                raise SensingGymError("session_lost", f"the server re-made {self.env_id} with a different {key}; "
                                      "make a new env")

    def _revive_local_server(self) -> None:
        if self.lease is not None and not self.lease.running:
            self.remake()

    # MARK: - Requests

    def reset(self, fields: Dict[str, Any]) -> Tuple[Dict[str, Any], List[bytes]]:
        """A ``reset`` request; a session the server lost (restart, reaping, dead local server) is made again first."""
        self._check_open()
        self._revive_local_server()
        try:
            return self.connection.request("reset", {"session": self.id, **fields})
        except SensingGymError as error:
            if error.code != "unknown_session":
                raise
        self.remake()
        return self.connection.request("reset", {"session": self.id, **fields})

    def step(self, payloads: Sequence[bytes]) -> Tuple[Dict[str, Any], List[bytes]]:
        """A ``step`` request with the prepared header; lost sessions raise an error that says to ``reset()``."""
        self._check_open()
        try:
            return self.connection.request_prepared("step", self.step_tail, payloads)
        except SensingGymError as error:
            if error.code == "unknown_session":
                raise SensingGymError(
                    "unknown_session", f"the server at {self.endpoint} no longer has this env's session (it "
                    "restarted, or reaped the session while idle); call reset() to continue on a new one") from None
            raise
        except SensingGymTimeout:
            if self.lease is not None and not self.lease.running:
                raise SensingGymError(
                    "server_exited", f"the local sensing-gym server exited (status {self.lease.process.returncode}): "
                    f"{self.lease.stderr_text() or 'no message'}; reset() starts a new one") from None
            raise

    def _check_open(self) -> None:
        if self.closed:
            raise SensingGymError("closed", f"this {self.env_id} env is closed")
