"""With no endpoint the client starts `sensing-gym serve` itself, shares it, and stops it (ns3-gym's startSim)."""

import os
import subprocess
import sys
import time

import gymnasium as gym
import pytest

import sensinggym
from sensinggym import SensingGymEnv, SensingGymError, local_server


def wait_for_exit(process, timeout=10.0):
    deadline = time.monotonic() + timeout
    while process.poll() is None:
        assert time.monotonic() < deadline, "the local server did not stop"
        time.sleep(0.05)


def test_gym_make_without_endpoint_starts_shares_and_stops_a_local_server(local_bin, beam_id):
    assert local_server.current() is None
    first = gym.make(f"SensingGym/{beam_id}")
    server = local_server.current()
    assert server is not None and first.unwrapped.endpoint == server.endpoint
    second = SensingGymEnv(beam_id)
    assert second.endpoint == server.endpoint and server.users == 2
    first.reset(seed=1)
    first.step(first.action_space.sample())
    first.close()
    assert server.running, "one env still uses it"
    second.close()
    wait_for_exit(server.process)
    assert local_server.current() is None


def test_local_server_restarts_when_it_died(local_bin, beam_id):
    env = SensingGymEnv(beam_id, timeout=2)
    try:
        env.reset(seed=1)
        server = local_server.current()
        server.process.kill()
        server.process.wait(timeout=10)
        with pytest.raises(SensingGymError) as raised:
            env.step(0)
        assert raised.value.code == "server_exited" and "reset()" in raised.value.message
        env.reset(seed=1)  # starts a new server and a new session
        assert local_server.current() is not server and env.endpoint != server.endpoint
        env.step(0)
    finally:
        env.close()


def test_missing_binary_says_how_to_build_it(monkeypatch, beam_id):
    monkeypatch.delenv("SENSINGGYM_ENDPOINT", raising=False)
    monkeypatch.delenv("SENSINGGYM_BIN", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(SensingGymError) as raised:
        SensingGymEnv(beam_id)
    assert raised.value.code == "no_server_binary"
    assert "swift build -c release --product sensing-gym" in raised.value.message
    assert "SENSINGGYM_BIN" in raised.value.message
    monkeypatch.setenv("SENSINGGYM_BIN", "/nonexistent/sensing-gym")
    with pytest.raises(SensingGymError) as raised:
        SensingGymEnv(beam_id)
    assert raised.value.code == "no_server_binary"


EXITING_CLIENT = """
import sys
import sensinggym
env = sensinggym.SensingGymEnv(sys.argv[1])
env.reset(seed=1)
print(sensinggym.local_server.current().process.pid, flush=True)
# exits without close(): the atexit hook must stop the server
"""


def gone(pid):
    """Whether `pid` has exited (a zombie counts: an orphan may wait long for its reaper)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return any(line.startswith("State:") and "Z" in line for line in status)
    except FileNotFoundError:
        return True


KILLED_CLIENT = """
import sys, time
import sensinggym
env = sensinggym.SensingGymEnv(sys.argv[1])
print(sensinggym.local_server.current().process.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_sigkilled_client_takes_its_local_server_along(local_bin, beam_id):
    client = subprocess.Popen([sys.executable, "-c", KILLED_CLIENT, beam_id], stdout=subprocess.PIPE,
                              env={**os.environ, "SENSINGGYM_BIN": local_bin})
    pid = int(client.stdout.readline())
    client.kill()
    client.wait(timeout=10)
    deadline = time.monotonic() + 10
    while not gone(pid):
        assert time.monotonic() < deadline, f"server {pid} outlived its SIGKILLed client"
        time.sleep(0.05)


def test_process_exit_stops_the_local_server(local_bin, beam_id):
    result = subprocess.run([sys.executable, "-c", EXITING_CLIENT, beam_id], capture_output=True, timeout=60,
                            env={**os.environ, "SENSINGGYM_BIN": local_bin})
    assert result.returncode == 0, result.stderr.decode()
    pid = int(result.stdout.split()[-1])
    deadline = time.monotonic() + 10
    while not gone(pid):
        assert time.monotonic() < deadline, f"server {pid} outlived its client"
        time.sleep(0.05)


def test_explicit_endpoint_starts_no_server(endpoint, beam_id, local_bin):
    with SensingGymEnv(beam_id, endpoint=endpoint, timeout=10) as env:
        assert env.endpoint == endpoint and local_server.current() is None
    assert sensinggym.default_endpoint() is None


def test_a_server_started_from_a_finished_thread_keeps_serving(local_bin, beam_id):
    import threading

    made = {}

    def make():
        made["env"] = SensingGymEnv(beam_id, timeout=5)
        made["server"] = local_server.current()

    thread = threading.Thread(target=make)
    thread.start()
    thread.join()
    env, server = made["env"], made["server"]
    try:
        time.sleep(0.5)  # a parent-death signal tied to the finished thread would have stopped it by now
        assert server.running
        env.reset(seed=0)
        env.step(0)
        assert local_server.current() is server
    finally:
        env.close()
