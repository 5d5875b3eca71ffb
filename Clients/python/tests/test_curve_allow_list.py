"""`serve --curve-authorized-keys DIR` admits only listed client keys; the Python client takes its key pair from
SENSINGGYM_CLIENT_PUBLIC_KEY / SENSINGGYM_CLIENT_SECRET_KEY."""

import os
import tempfile

import pytest
import zmq

from conftest import ServerProcess
from sensinggym import Connection, SensingGymTimeout

pytestmark = pytest.mark.skipif(not zmq.has("curve"), reason="libzmq without CURVE")


def test_only_listed_client_keys_are_served(monkeypatch):
    server_public, server_secret = zmq.curve_keypair()
    client_public, client_secret = zmq.curve_keypair()
    directory = tempfile.mkdtemp()
    with open(os.path.join(directory, "server.key"), "wb") as f:
        f.write(server_secret)
    keys = os.path.join(directory, "authorized")
    os.mkdir(keys)
    with open(os.path.join(keys, "trainer.pub"), "wb") as f:
        f.write(b"# trainer 1\n" + client_public + b"\n")
    server = ServerProcess(["--curve-secret-key-file", os.path.join(directory, "server.key"),
                            "--curve-authorized-keys", keys])
    try:
        monkeypatch.setenv("SENSINGGYM_CLIENT_PUBLIC_KEY", client_public.decode())
        monkeypatch.setenv("SENSINGGYM_CLIENT_SECRET_KEY", client_secret.decode())
        listed = Connection(server.endpoint, timeout=5, curve_server_key=server_public.decode())
        assert listed.request("ping")[0]["ok"]
        listed.close()
        monkeypatch.delenv("SENSINGGYM_CLIENT_PUBLIC_KEY")
        monkeypatch.delenv("SENSINGGYM_CLIENT_SECRET_KEY")
        stranger = Connection(server.endpoint, timeout=1, curve_server_key=server_public.decode())
        with pytest.raises(SensingGymTimeout):
            stranger.request("ping")
        stranger.close()
    finally:
        assert server.terminate() == 0
