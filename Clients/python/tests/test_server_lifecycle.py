"""`sensing-gym serve` starts and stops cleanly: a signal right after the endpoint line is a clean stop, never a
kill or a lost signal; SIGQUIT too; the ipc socket file is removed; bad flags exit non-zero with a message."""

import os
import select
import signal
import subprocess
import tempfile
import time

import pytest

from conftest import server_binary


def start(args):
    process = subprocess.Popen([server_binary(), "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ready, _, _ = select.select([process.stdout], [], [], 30)
    assert ready, "no endpoint line within 30 s"
    line = process.stdout.readline().decode()
    assert line.startswith("listening on "), line
    return process, line.split()[-1]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGQUIT])
def test_signal_right_after_the_endpoint_line_is_a_clean_stop(signum):
    for _ in range(10):
        process, _ = start(["--bind", "tcp://127.0.0.1:*"])
        process.send_signal(signum)
        status = process.wait(timeout=10)
        assert status == 0, (signum, status, process.stderr.read().decode())
        assert b"crashed" not in process.stderr.read()


def test_ipc_socket_file_is_removed_after_stop():
    path = os.path.join(tempfile.mkdtemp(), "sg.sock")
    process, endpoint = start(["--bind", f"ipc://{path}"])
    assert endpoint == f"ipc://{path}" and os.path.exists(path)
    time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    assert not os.path.exists(path)


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--bind", "tcp://127.0.0.1:99999"], "1...65535"),
        (["--bind", "tcp://127.0.0.1"], "HOST:PORT"),
        (["--max-envs", "0"], "--max-envs"),
        (["--max-frame-bytes", "99999999999"], "--max-frame-bytes"),
        (["--idle-timeout", "nan"], "--idle-timeout"),
        (["--curve-authorized-keys", "/tmp"], "--curve-secret-key-file"),
    ],
)
def test_bad_flags_exit_non_zero_with_a_message(args, needle):
    result = subprocess.run([server_binary(), "serve", *args], capture_output=True, timeout=30)
    assert result.returncode not in (0, -6, 134), result
    assert needle in result.stderr.decode(), result.stderr.decode()
