"""Malformed endpoints are SensingGym errors; a dead endpoint is reported within the hello timeout (5 s)."""

import socket
import time

import pytest

from sensinggym import SensingGymEnv, SensingGymError, SensingGymTimeout
from sensinggym.protocol import DEFAULT_TIMEOUT, HELLO_TIMEOUT


@pytest.mark.parametrize("endpoint", ["127.0.0.1:5555", "tcp://127.0.0.1", "tcp://127.0.0.1:99999", "http://x:1",
                                      "tcp://:5555", "tcp://127.0.0.1:*", 5555])
def test_malformed_endpoint_is_a_sensinggym_error(endpoint):
    with pytest.raises(SensingGymError) as raised:
        SensingGymEnv(endpoint=endpoint)
    assert raised.value.code == "bad_endpoint"


def test_dead_endpoint_reported_within_the_hello_timeout_by_default():
    assert HELLO_TIMEOUT <= 5.0 and DEFAULT_TIMEOUT <= 10.0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    start = time.monotonic()
    with pytest.raises(SensingGymTimeout) as raised:
        SensingGymEnv(endpoint=f"tcp://127.0.0.1:{port}")
    assert time.monotonic() - start < HELLO_TIMEOUT + 1.5
    assert "hello" in str(raised.value)
