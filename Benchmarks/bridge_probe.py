"""Helpers the bridge benchmarks share (hostile_peers.py, soak.py): the server's env ids and a process's RSS."""
import json

import zmq

ENV_IDS = {}  # family → registered id (ids carry versions: BeamSelection-v1, …), filled from `hello`


def learn_env_ids(ctx, endpoint):
    """Fills ENV_IDS from the server's `hello` reply."""
    sock = ctx.socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(endpoint)
    sock.send(json.dumps({"v": 1, "id": 1, "op": "hello"}).encode())
    assert sock.poll(10_000), "no hello reply"
    for env in json.loads(sock.recv_multipart()[0])["envs"]:
        ENV_IDS[env.rsplit("-", 1)[0]] = env
    sock.close()


def rss_mib(pid):
    """Resident set size of process `pid`, MiB (0 when it is gone)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0
