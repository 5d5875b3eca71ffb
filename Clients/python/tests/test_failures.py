"""Dead servers raise timeouts, dead clients' sessions are reaped, SIGTERM shuts the server down cleanly."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
import zmq

from conftest import ServerProcess
from sensinggym import Connection, SensingGymEnv, SensingGymTimeout


def stats(endpoint):
    connection = Connection(endpoint, timeout=5)
    try:
        return connection.request("stats")[0]["stats"]
    finally:
        connection.close()


def test_server_killed_mid_episode_raises_timeout_within_the_configured_time():
    server = ServerProcess()
    try:
        env = SensingGymEnv(endpoint=server.endpoint, timeout=1.0)
        env.reset(seed=1)
        env.step(0)
        server.kill()
        start = time.monotonic()
        with pytest.raises(SensingGymTimeout):
            env.step(1)
        elapsed = time.monotonic() - start
        assert 0.9 <= elapsed < 2.0, elapsed
        env._session.connection.close()
    finally:
        server.kill()


CLIENT_SCRIPT = """
import sys, time
from sensinggym import SensingGymEnv
env = SensingGymEnv(endpoint=sys.argv[1], timeout=10)
env.reset(seed=1)
env.step(3)
print("ready", flush=True)
time.sleep(600)
"""


def test_sigkilled_client_session_is_reaped_after_idle_timeout():
    server = ServerProcess(["--idle-timeout", "1"])
    try:
        client = subprocess.Popen([sys.executable, "-c", CLIENT_SCRIPT, server.endpoint], stdout=subprocess.PIPE)
        assert client.stdout.readline().strip() == b"ready"
        assert stats(server.endpoint)["sessions"] == 1
        client.send_signal(signal.SIGKILL)
        client.wait(timeout=10)
        deadline = time.monotonic() + 10
        while stats(server.endpoint)["sessions"] != 0:
            assert time.monotonic() < deadline, "the dead client's session was not reaped"
            time.sleep(0.2)
        final = stats(server.endpoint)
        assert final["reaped"] == 1 and final["envs"] == 0 and final["clients"] == 0
    finally:
        server.terminate()


def test_sigterm_shuts_down_cleanly_with_clients_connected():
    server = ServerProcess()
    env = SensingGymEnv(endpoint=server.endpoint, timeout=5)
    env.reset(seed=2)
    start = time.monotonic()
    assert server.terminate(timeout=10) == 0
    assert time.monotonic() - start < 3.0
    env._session.connection.close()


def test_non_loopback_bind_without_curve_or_insecure_is_refused():
    from conftest import server_binary

    result = subprocess.run([server_binary(), "serve", "--bind", "tcp://0.0.0.0:*"], capture_output=True, timeout=30)
    assert result.returncode == 2
    assert b"--insecure" in result.stderr and b"--curve-secret-key-file" in result.stderr


def test_raw_protocol_errors(endpoint):
    context = zmq.Context.instance()
    socket = context.socket(zmq.DEALER)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(endpoint)
    try:
        cases = [
            ([b"not json"], "bad_header"),
            ([json.dumps({"v": 2, "id": 1, "op": "ping"}).encode()], "version_mismatch"),
            ([json.dumps({"v": 1, "id": 2, "op": "fly"}).encode()], "unknown_op"),
            ([json.dumps({"v": 1, "id": 3, "op": "step", "session": "nope"}).encode()], "unknown_session"),
            ([json.dumps({"v": 1, "id": 4, "op": "ping"}).encode(), b"extra"], "bad_tensor"),
        ]
        for frames, code in cases:
            socket.send_multipart(frames)
            assert socket.poll(5000)
            reply = json.loads(socket.recv_multipart()[0])
            assert reply["ok"] is False and reply["error"]["code"] == code, reply
        socket.send_multipart([json.dumps({"v": 1, "id": 5, "op": "ping"}).encode()])
        assert socket.poll(5000)
        assert json.loads(socket.recv_multipart()[0]) == {"v": 1, "id": 5, "ok": True}
    finally:
        socket.close()


def test_json_flag_and_ipc_endpoint(tmp_path):
    from conftest import server_binary

    path = tmp_path / "gym.sock"
    process = subprocess.Popen([server_binary(), "serve", "--bind", f"ipc://{path}", "--json"],
                               stdout=subprocess.PIPE)
    try:
        line = process.stdout.readline()
        endpoint = json.loads(line)["endpoint"]
        assert endpoint == f"ipc://{path}"
        with SensingGymEnv(endpoint=endpoint, timeout=10) as env:
            env.reset(seed=0)
            env.step(0)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0


def test_req_clients_are_answered_with_their_delimiter(endpoint):
    socket = zmq.Context.instance().socket(zmq.REQ)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(endpoint)
    try:
        socket.send(json.dumps({"v": 1, "id": 1, "op": "ping"}).encode())
        assert socket.poll(5000)
        assert json.loads(socket.recv()) == {"v": 1, "id": 1, "ok": True}
    finally:
        socket.close()


@pytest.mark.skipif(not zmq.has("curve"), reason="libzmq without CURVE")
def test_curve_server_and_client(tmp_path):
    public, secret = zmq.curve_keypair()
    key_file = tmp_path / "server.key"
    key_file.write_bytes(secret + b"\n")
    server = ServerProcess(["--curve-secret-key-file", str(key_file)])
    try:
        with SensingGymEnv(endpoint=server.endpoint, timeout=10, curve_server_key=public.decode()) as env:
            env.reset(seed=4)
            env.step(1)
        with pytest.raises(SensingGymTimeout):  # a plain client cannot talk to a CURVE server
            SensingGymEnv(endpoint=server.endpoint, timeout=0.5)
    finally:
        server.terminate()
