"""Keeps the sessions of live clients from being reaped by the server's idle timeout.

A notebook paused for longer than the server's ``idle_timeout_s`` (300 s by default) would otherwise come back to
``unknown_session``. One daemon thread per process pings every open session at a third of its server's idle
timeout, over its own sockets (the envs' sockets are not thread-safe). A session leaves the list when its env
closes or is garbage-collected; the thread ends when the list is empty.
"""

from __future__ import annotations

import os
import threading
from typing import Dict, Optional, Tuple

from .errors import SensingGymError

_lock = threading.Lock()
_sessions: Dict[str, Tuple[str, Optional[str], float]] = {}  # session -> (endpoint, curve key, interval)
_thread: Optional[threading.Thread] = None
_wake = threading.Event()
_pid = os.getpid()


def register(session: str, endpoint: str, curve_server_key: Optional[str], idle_timeout_s: float) -> None:
    """Pings ``session`` every ``idle_timeout_s / 3`` seconds (at least 0.5 s) until ``unregister``."""
    global _thread, _pid
    interval = max(0.5, float(idle_timeout_s) / 3.0)
    with _lock:
        if _pid != os.getpid():  # a forked child: the parent's thread and sessions are not here
            _sessions.clear()
            _thread = None
            _pid = os.getpid()
        _sessions[session] = (endpoint, curve_server_key, interval)
        if _thread is None:
            _thread = threading.Thread(target=_run, name="sensinggym-keepalive", daemon=True)
            _thread.start()
        else:
            _wake.set()


def unregister(session: str) -> None:
    """Stops pinging ``session``."""
    with _lock:
        _sessions.pop(session, None)


def _run() -> None:
    global _thread
    from .protocol import Connection

    connections: Dict[Tuple[str, Optional[str]], Connection] = {}
    try:
        while True:
            with _lock:
                if not _sessions:
                    _thread = None
                    return
                work = dict(_sessions)
            interval = min(entry[2] for entry in work.values())
            _wake.wait(interval)
            _wake.clear()
            for session, (endpoint, key, _) in work.items():
                with _lock:
                    if session not in _sessions:
                        continue
                try:
                    connection = connections.get((endpoint, key))
                    if connection is None:
                        connection = connections[(endpoint, key)] = Connection(
                            endpoint, timeout=2.0, curve_server_key=key)
                    connection.request("ping", {"session": session})
                except (SensingGymError, TimeoutError, OSError):
                    dropped = connections.pop((endpoint, key), None)
                    if dropped is not None:
                        dropped.close()
    finally:
        for connection in connections.values():
            connection.close()
