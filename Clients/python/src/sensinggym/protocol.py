"""Wire protocol v1: a DEALER connection with request ids, timeouts and tensor frames (see docs/PROTOCOL.md)."""

from __future__ import annotations

import json
import os
import re
import time
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import zmq

from .errors import SensingGymError, SensingGymTimeout

PROTOCOL_VERSION = 1
#: The minor version of protocol 1 this client speaks: 1 adds ``make``'s ``options``, ``autoreset``,
#: ``max_episode_steps`` and ``scene`` (see docs/PROTOCOL.md §6).
PROTOCOL_MINOR_VERSION = 1
#: Seconds to wait for a reply unless ``timeout=`` says otherwise.
DEFAULT_TIMEOUT = 10.0
#: Seconds to wait for the ``hello`` that opens every connection: a dead endpoint is reported this fast.
HELLO_TIMEOUT = 5.0

_ENDPOINT = re.compile(r"^(tcp://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):[0-9]{1,5}|ipc://.+|inproc://.+)$")

DTYPES = {
    "f32": np.dtype("<f4"),
    "f64": np.dtype("<f8"),
    "i32": np.dtype("<i4"),
    "i64": np.dtype("<i8"),
    "u8": np.dtype("u1"),
    "bool": np.dtype("?"),
}
_NAMES = {np.dtype("<f4"): "f32", np.dtype("<f8"): "f64", np.dtype("<i4"): "i32", np.dtype("<i8"): "i64",
          np.dtype("u1"): "u8", np.dtype("?"): "bool"}


def default_endpoint() -> Optional[str]:
    """The endpoint from ``$SENSINGGYM_ENDPOINT``, or ``None`` (the client then starts a local server)."""
    return os.environ.get("SENSINGGYM_ENDPOINT") or None


DEFAULT_ENV_NAME = "BeamSelection"


def default_env_id(offered: Sequence[str]) -> str:
    """The highest version of ``BeamSelection`` among the ids a server offers."""
    versions = [(int(i.rsplit("-v", 1)[1]), i) for i in offered
                if i.rsplit("-v", 1)[0] == DEFAULT_ENV_NAME and i.rsplit("-v", 1)[-1].isdigit()]
    if not versions:
        raise SensingGymError("unknown_env", f"the server offers no {DEFAULT_ENV_NAME} env ({', '.join(offered)}); "
                              "pass env_id")
    return max(versions)[1]


def check_endpoint(endpoint: Any) -> str:
    """``endpoint`` when it is a ZeroMQ endpoint the client can connect to, else ``SensingGymError("bad_endpoint")``."""
    if not isinstance(endpoint, str) or not _ENDPOINT.match(endpoint):
        raise SensingGymError(
            "bad_endpoint", f"{endpoint!r} is not an endpoint; use tcp://HOST:PORT (e.g. tcp://127.0.0.1:5555) "
            "or ipc://PATH, or pass no endpoint to start a local server")
    if endpoint.startswith("tcp://") and not 0 < int(endpoint.rsplit(":", 1)[1]) < 65536:
        raise SensingGymError("bad_endpoint", f"{endpoint!r}: the port must be in 1…65535")
    return endpoint


def tensor(name: str, array: np.ndarray) -> Tuple[Dict[str, Any], bytes]:
    """A tensor descriptor and its frame bytes (little-endian, C order)."""
    array = np.ascontiguousarray(array)
    dtype = array.dtype.newbyteorder("<") if array.dtype.byteorder == ">" else array.dtype
    array = array.astype(dtype, copy=False)
    return {"name": name, "dtype": _NAMES[np.dtype(dtype)], "shape": list(array.shape)}, array.tobytes()


def decode_tensors(header: Dict[str, Any], frames: Sequence[bytes]) -> Dict[str, np.ndarray]:
    """The tensors of a reply by name, as writable numpy arrays."""
    descriptors = header.get("tensors") or []
    if len(descriptors) != len(frames):
        raise SensingGymError("bad_tensor", f"reply describes {len(descriptors)} tensors, carries {len(frames)}")
    out = {}
    for descriptor, frame in zip(descriptors, frames):
        dtype = DTYPES[descriptor["dtype"]]
        out[descriptor["name"]] = np.frombuffer(frame, dtype=dtype).reshape(descriptor["shape"]).copy()
    return out


class Connection:
    """One DEALER socket speaking protocol v1: requests carry ids, replies are matched to them, every wait times out.

    Not thread-safe: give each thread its own connection (they may share the zmq context).
    """

    def __init__(self, endpoint: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT,
                 context: Optional[zmq.Context] = None, curve_server_key: Optional[str] = None):
        endpoint = endpoint or default_endpoint()
        if endpoint is None:
            raise SensingGymError("bad_endpoint", "no endpoint: pass endpoint= or set $SENSINGGYM_ENDPOINT")
        self.endpoint = check_endpoint(endpoint)
        self.timeout = float(timeout)
        if self.timeout <= 0:
            raise ValueError("timeout must be positive")
        self._context = context or zmq.Context.instance()
        self._socket = self._context.socket(zmq.DEALER)
        self._socket.setsockopt(zmq.LINGER, 0)
        self._socket.setsockopt(zmq.RCVTIMEO, self._milliseconds(self.timeout))
        server_key = curve_server_key or os.environ.get("SENSINGGYM_SERVER_KEY")
        if server_key:
            # A server with --curve-authorized-keys admits only listed client keys: take ours from the environment.
            public = os.environ.get("SENSINGGYM_CLIENT_PUBLIC_KEY", "").encode()
            secret = os.environ.get("SENSINGGYM_CLIENT_SECRET_KEY", "").encode()
            if not (public and secret):
                public, secret = zmq.curve_keypair()
            self._socket.curve_serverkey = server_key.encode() if isinstance(server_key, str) else server_key
            self._socket.curve_publickey = public
            self._socket.curve_secretkey = secret
        try:
            self._socket.connect(self.endpoint)
        except zmq.ZMQError as error:
            self._socket.close(linger=0)
            raise SensingGymError("bad_endpoint", f"cannot connect to {self.endpoint!r}: {error}") from None
        self._next_id = 1
        self.closed = False
        #: The server's ``hello`` reply, once ``hello()`` was called.
        self.server_info: Optional[Dict[str, Any]] = None

    def hello(self, timeout: float = HELLO_TIMEOUT) -> Dict[str, Any]:
        """The server's ``hello`` reply (asked once per connection, within ``timeout`` seconds)."""
        if self.server_info is None:
            reply, _ = self.request("hello", timeout=min(self.timeout, timeout))
            if reply.get("protocol") != PROTOCOL_VERSION:
                raise SensingGymError("version_mismatch", f"{self.endpoint} speaks protocol {reply.get('protocol')}, "
                                      f"this client {PROTOCOL_VERSION}")
            self.server_info = reply
            from .registration import register_envs

            register_envs(reply.get("envs") or ())
        return self.server_info

    @property
    def protocol_minor(self) -> int:
        """The server's minor protocol version (0 for servers that do not say)."""
        return int(self.hello().get("protocol_minor", 0))

    @staticmethod
    def _milliseconds(seconds: float) -> int:
        return max(1, int(round(seconds * 1000)))

    @staticmethod
    def prepare(op: str, fields: Optional[Dict[str, Any]] = None,
                descriptors: Sequence[Dict[str, Any]] = ()) -> bytes:
        """The bytes of a request header after its ``id``, for requests sent many times (``request_prepared``)."""
        header: Dict[str, Any] = {"op": op}
        if fields:
            header.update(fields)
        if descriptors:
            header["tensors"] = list(descriptors)
        return json.dumps(header, separators=(",", ":")).encode()[1:]

    def request(self, op: str, fields: Optional[Dict[str, Any]] = None,
                tensors: Sequence[Tuple[Dict[str, Any], bytes]] = (),
                timeout: Optional[float] = None) -> Tuple[Dict[str, Any], List[bytes]]:
        """Sends one request and waits for its reply.

        Raises ``SensingGymTimeout`` when no matching reply arrives in time and ``SensingGymError`` when the
        server answers with an error. Replies to earlier, timed-out requests are discarded.
        """
        tail = self.prepare(op, fields, [descriptor for descriptor, _ in tensors])
        return self.request_prepared(op, tail, [payload for _, payload in tensors], timeout)

    def request_prepared(self, op: str, tail: bytes, payloads: Sequence[bytes] = (),
                         timeout: Optional[float] = None) -> Tuple[Dict[str, Any], List[bytes]]:
        """``request`` with a header prepared by ``prepare``: only the id is filled in."""
        if self.closed:
            raise SensingGymError("closed", "the connection is closed")
        request_id = self._next_id
        self._next_id += 1
        head = b'{"v":1,"id":%d,%s' % (request_id, tail)
        socket = self._socket
        if payloads:
            socket.send(head, zmq.SNDMORE)
            last = len(payloads) - 1
            for index, payload in enumerate(payloads):
                # Small frames are cheaper to copy than to wrap zero-copy.
                socket.send(payload, zmq.SNDMORE if index < last else 0, copy=len(payload) < 65536)
        else:
            socket.send(head)
        wait = self.timeout if timeout is None else float(timeout)
        if timeout is not None:
            self._socket.setsockopt(zmq.RCVTIMEO, self._milliseconds(wait))
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    parts = self._socket.recv_multipart()
                except zmq.Again:
                    raise SensingGymTimeout(
                        f"no reply to '{op}' from {self.endpoint} within {wait:g} s "
                        "(is `sensing-gym serve` running there? pass no endpoint to start a local one)") from None
                try:
                    reply = json.loads(parts[0])
                except (ValueError, UnicodeDecodeError):
                    reply = None
                if reply is None or (reply.get("id") is not None and reply.get("id") != request_id):
                    # A late reply to an earlier request that timed out: skip it, within the same deadline.
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise SensingGymTimeout(f"no reply to '{op}' from {self.endpoint} within {wait:g} s")
                    self._socket.setsockopt(zmq.RCVTIMEO, self._milliseconds(remaining))
                    timeout = remaining  # restore the default afterwards
                    continue
                if not reply.get("ok", False):
                    error = reply.get("error") or {}
                    raise SensingGymError(error.get("code", "internal"), error.get("message", "unknown error"))
                return reply, parts[1:]
        finally:
            if timeout is not None and not self.closed:
                self._socket.setsockopt(zmq.RCVTIMEO, self._milliseconds(self.timeout))

    def make_session(self, env_id: Optional[str], num_envs: int, scenario: Optional[str], infos: bool,
                     options: Optional[Dict[str, Any]] = None, seed: Optional[int] = None,
                     autoreset: Optional[str] = None, max_episode_steps: Optional[int] = None) -> Dict[str, Any]:
        """Asks for a session of `num_envs` envs; returns the `make` reply. On failure the socket is closed.

        ``options`` are the env's registry options (``action="phases"``, ``estimator="wknn"``); the server
        refuses unknown ones with ``bad_option``. They, ``autoreset`` and ``max_episode_steps`` need protocol 1.1.
        ``env_id=None`` is the server's ``BeamSelection`` env (its highest version).
        """
        try:
            if env_id is None:
                env_id = default_env_id(self.hello().get("envs") or [])
        except BaseException:
            self.close()
            raise
        fields: Dict[str, Any] = {"env": env_id, "num_envs": int(num_envs), "infos": bool(infos)}
        if scenario is not None:
            fields["scenario"] = scenario
        if seed is not None:
            fields["seed"] = int(seed)
        try:
            extended = {}
            if options:
                extended["options"] = {str(key): _option_value(key, value) for key, value in options.items()}
            if autoreset is not None and autoreset != "next_step":
                extended["autoreset"] = autoreset
            if max_episode_steps is not None:
                extended["max_episode_steps"] = int(max_episode_steps)
            self.hello()
            if extended and self.protocol_minor < 1:
                raise SensingGymError(
                    "unsupported", f"{self.endpoint} speaks protocol 1.0, which has no {', '.join(sorted(extended))} "
                    "in make; update sensing-gym")
            fields.update(extended)
            reply, _ = self.request("make", fields)
        except BaseException:
            self.close()
            raise
        return reply

    def close_session(self, session: str) -> None:
        """Frees `session` on the server (best effort, short timeout), then closes the socket."""
        if self.closed:
            return
        try:
            self.request("close", {"session": session}, timeout=min(self.timeout, 2.0))
        except (SensingGymError, TimeoutError):
            pass
        finally:
            self.close()

    def close(self) -> None:
        """Closes the socket (pending messages are dropped)."""
        if not self.closed:
            self.closed = True
            self._socket.close(linger=0)


def _option_value(key: Any, value: Any):
    """A registry option's value as the wire carries it: a string or a finite number."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, np.integer)):
        return value if isinstance(value, str) else int(value)
    if isinstance(value, (float, np.floating)) and np.isfinite(value):
        return float(value)
    raise TypeError(f"option {key}={value!r}: a registry option is a string or a finite number")
