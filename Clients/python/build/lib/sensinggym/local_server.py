"""A ``sensing-gym serve`` started by the client itself when no endpoint is given (as ns3-gym's ``startSim``).

One server per process, on a free loopback port, shared by every env of the process that names no endpoint.
It is stopped when the last of those envs closes, or when the process exits; if it dies, the next env (or the
next ``reset``) starts a new one. A forked child never uses or stops its parent's server: it starts its own.
"""

from __future__ import annotations

import atexit
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from typing import List, Optional

from .errors import SensingGymError

#: Seconds to wait for a starting server to print its endpoint.
STARTUP_TIMEOUT = 60.0

_lock = threading.RLock()
_server: Optional["LocalServer"] = None


def server_binary() -> str:
    """``$SENSINGGYM_BIN``, else ``sensing-gym`` on ``PATH``; otherwise a ``SensingGymError`` saying how to build it."""
    explicit = os.environ.get("SENSINGGYM_BIN")
    if explicit:
        if not (os.path.isfile(explicit) and os.access(explicit, os.X_OK)):
            raise SensingGymError("no_server_binary", f"$SENSINGGYM_BIN={explicit!r} is not an executable file")
        return explicit
    found = shutil.which("sensing-gym")
    if found:
        return found
    raise SensingGymError(
        "no_server_binary",
        "no endpoint was given, so the client starts a local `sensing-gym serve`, but found no sensing-gym binary: "
        "build it in the SensingGym repository (`swift build -c release --product sensing-gym`), then set "
        "SENSINGGYM_BIN=/path/to/.build/release/sensing-gym or put it on PATH; or pass endpoint= (or set "
        "$SENSINGGYM_ENDPOINT) to use a server you started")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the server gets SIGTERM when the Python process dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


class LocalServer:
    """A ``sensing-gym serve --bind tcp://127.0.0.1:*`` child process and the endpoint it printed."""

    def __init__(self, extra_args: Optional[List[str]] = None, startup_timeout: float = STARTUP_TIMEOUT):
        binary = server_binary()
        command = [binary, "serve", "--bind", "tcp://127.0.0.1:*", *(extra_args or [])]
        self._stderr = tempfile.TemporaryFile()
        # Linux delivers the parent-death signal when the *thread* that forked exits, so only a server started
        # from the main thread gets it; one started from another thread relies on close() and the atexit hook.
        tie = sys.platform.startswith("linux") and threading.current_thread() is threading.main_thread()
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._stderr,
            preexec_fn=_die_with_parent if tie else None)
        self.pid = os.getpid()  # the Python process that owns it
        self.users = 0
        self.endpoint = self._read_endpoint(command, startup_timeout)

    def _read_endpoint(self, command: List[str], timeout: float) -> str:
        deadline = time.monotonic() + timeout
        line = b""
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self.process.stdout], [], [], max(0.0, remaining))
            if not ready:
                self.stop()
                raise SensingGymError("server_start", f"`{' '.join(command)}` printed no endpoint within {timeout:g} s")
            chunk = os.read(self.process.stdout.fileno(), 256)
            if not chunk:
                self.process.wait(timeout=10)
                raise SensingGymError("server_start", f"`{' '.join(command)}` exited with status "
                                      f"{self.process.returncode}: {self.stderr_text()}")
            line += chunk
        text = line.decode(errors="replace").strip().splitlines()[0]
        prefix = "listening on "
        if not text.startswith(prefix):
            self.stop()
            raise SensingGymError("server_start", f"`{' '.join(command)}` printed {text!r}, not its endpoint")
        return text[len(prefix):]

    def stderr_text(self) -> str:
        """What the server wrote to stderr (its last 2 000 characters)."""
        try:
            self._stderr.seek(0)
            return self._stderr.read().decode(errors="replace")[-2000:].strip()
        except (OSError, ValueError):
            return ""

    @property
    def running(self) -> bool:
        """Whether the process is alive."""
        return self.process.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        """SIGTERM, then SIGKILL after ``timeout`` seconds."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        if self.process.stdout is not None:
            self.process.stdout.close()


def acquire() -> LocalServer:
    """The process's local server (started if there is none, or if it died), with one more user counted."""
    global _server
    with _lock:
        if _server is not None and (_server.pid != os.getpid() or not _server.running):
            if _server.pid == os.getpid():
                _server.stop()
            _server = None  # a forked child's copy of its parent's server is not ours to use or stop
        if _server is None:
            _server = LocalServer()
        _server.users += 1
        return _server


def release(server: LocalServer) -> None:
    """One user fewer; the last one stops the server."""
    global _server
    with _lock:
        if server.pid != os.getpid():
            return
        server.users -= 1
        if server.users <= 0:
            server.stop()
            if _server is server:
                _server = None


def current() -> Optional[LocalServer]:
    """The process's running local server, if any (for tests and diagnostics)."""
    with _lock:
        if _server is not None and _server.pid == os.getpid() and _server.running:
            return _server
        return None


@atexit.register
def _stop_at_exit() -> None:
    with _lock:
        if _server is not None and _server.pid == os.getpid():
            _server.stop()
