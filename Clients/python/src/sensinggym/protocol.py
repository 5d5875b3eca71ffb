"""Wire protocol v1: a DEALER connection with request ids, timeouts and tensor frames (see docs/PROTOCOL.md)."""

from __future__ import annotations

import json
import os
import time
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import zmq

from .errors import SensingGymError, SensingGymTimeout

PROTOCOL_VERSION = 1
DEFAULT_ENDPOINT = "tcp://127.0.0.1:5555"

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


def default_endpoint() -> str:
    """The endpoint from ``$SENSINGGYM_ENDPOINT``, else ``tcp://127.0.0.1:5555``."""
    return os.environ.get("SENSINGGYM_ENDPOINT", DEFAULT_ENDPOINT)


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

    def __init__(self, endpoint: Optional[str] = None, timeout: float = 30.0,
                 context: Optional[zmq.Context] = None, curve_server_key: Optional[str] = None):
        self.endpoint = endpoint or default_endpoint()
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
        self._socket.connect(self.endpoint)
        self._next_id = 1
        self.closed = False

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
                        "(is `sensing-gym serve` running?)") from None
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

    def make_session(self, env_id: str, num_envs: int, scenario: Optional[str], infos: bool) -> Dict[str, Any]:
        """Asks for a session of `num_envs` envs; returns the `make` reply. On failure the socket is closed."""
        fields: Dict[str, Any] = {"env": env_id, "num_envs": int(num_envs), "infos": bool(infos)}
        if scenario is not None:
            fields["scenario"] = scenario
        try:
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
