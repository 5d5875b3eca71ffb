"""Starts `sensing-gym serve` subprocesses on ephemeral ports for the tests."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import time
from pathlib import Path
from typing import List, Optional

import pytest

REPO = Path(__file__).resolve().parents[3]
# The tests name their servers; one left in the environment must not redirect the envs that test local servers.
os.environ.pop("SENSINGGYM_ENDPOINT", None)


def server_binary() -> str:
    """``$SENSINGGYM_BIN``, else the release build, else the debug build (relative to the repository root)."""
    explicit = os.environ.get("SENSINGGYM_BIN")
    if explicit:
        return explicit
    for flavour in ("release", "debug"):
        candidate = REPO / ".build" / flavour / "sensing-gym"
        if candidate.exists():
            return str(candidate)
    pytest.skip("no sensing-gym binary: build it (swift build) or set SENSINGGYM_BIN")


class ServerProcess:
    """A running `sensing-gym serve --bind tcp://127.0.0.1:*`, with the endpoint it printed."""

    def __init__(self, extra_args: Optional[List[str]] = None, startup_timeout: float = 30.0,
                 bind: str = "tcp://127.0.0.1:*"):
        command = [server_binary(), "serve", "--bind", bind, *(extra_args or [])]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + startup_timeout
        line = b""
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self.process.stdout], [], [], max(0.0, remaining))
            if not ready:
                self.kill()
                raise RuntimeError(f"`{' '.join(command)}` printed no endpoint within {startup_timeout} s")
            chunk = os.read(self.process.stdout.fileno(), 1)
            if not chunk:
                error = self.process.stderr.read().decode(errors="replace")
                raise RuntimeError(f"`{' '.join(command)}` exited: {error}")
            line += chunk
        text = line.decode().strip()
        assert text.startswith("listening on "), text
        self.endpoint = text[len("listening on "):]

    def terminate(self, timeout: float = 10.0) -> int:
        """SIGTERM, then wait; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        """SIGKILL (a crash, as far as clients can tell)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def server():
    """One shared server for the tests that do not kill it."""
    process = ServerProcess(["--max-sessions", "128"])
    yield process
    process.terminate()


@pytest.fixture
def endpoint(server) -> str:
    return server.endpoint


@pytest.fixture(scope="session")
def env_ids(server) -> dict:
    """The server's env ids by name without version (``{"BeamSelection": "BeamSelection-v1", …}``), from ``hello``.

    Tests take ids from here, never as literals, so they follow the server's versions; the ids are registered as
    ``SensingGym/<id>`` for ``gym.make``.
    """
    import sensinggym

    ids = sensinggym.ids_from_server(server.endpoint, timeout=10)
    sensinggym.register_envs(ids)
    return {env_id.rsplit("-v", 1)[0]: env_id for env_id in ids}


@pytest.fixture
def beam_id(env_ids) -> str:
    return env_ids["BeamSelection"]


@pytest.fixture
def ris_id(env_ids) -> str:
    return env_ids["RISConfiguration"]


@pytest.fixture
def local_bin(monkeypatch) -> str:
    """``$SENSINGGYM_BIN`` set to the test binary, for envs that start their own local server."""
    binary = server_binary()
    monkeypatch.setenv("SENSINGGYM_BIN", binary)
    monkeypatch.delenv("SENSINGGYM_ENDPOINT", raising=False)
    return binary
