"""Bridge numbers: one-env step round trip vs a bare pyzmq echo, and vector-step throughput.

    python Clients/python/examples/bench_bridge.py --endpoint tcp://127.0.0.1:5555

Starts a bare pyzmq ROUTER echo in a second process (the same DEALER↔ROUTER hop, no env, no JSON parsing on the
far side), sends it the exact frames of a one-env step request, and compares the round trip with real steps
through `SensingGymEnv`. Then steps a `SensingGymVectorEnv` of `--vector-envs` envs into numpy arrays.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import numpy as np
import zmq

from sensinggym import SensingGymEnv, SensingGymVectorEnv
from sensinggym.protocol import tensor

ECHO_SERVER = """
import sys, zmq
socket = zmq.Context().socket(zmq.ROUTER)
port = socket.bind_to_random_port("tcp://127.0.0.1")
print(port, flush=True)
while True:
    frames = socket.recv_multipart()
    if frames[1] == b"stop":
        break
    socket.send_multipart(frames)
"""


def percentiles(samples):
    values = np.asarray(samples) * 1e6
    return float(np.median(values)), float(np.percentile(values, 99))


def echo_round_trips(count):
    """Round trips of a one-env step request's frames through a bare pyzmq ROUTER echo process."""
    process = subprocess.Popen([sys.executable, "-c", ECHO_SERVER], stdout=subprocess.PIPE)
    port = int(process.stdout.readline())
    socket = zmq.Context.instance().socket(zmq.DEALER)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(f"tcp://127.0.0.1:{port}")
    descriptor, payload = tensor("actions", np.array([3], dtype=np.int64))
    header = json.dumps({"v": 1, "id": 1, "op": "step", "session": "s0123456789abcdef", "tensors": [descriptor]},
                        separators=(",", ":")).encode()
    samples = []
    for i in range(count + 200):
        start = time.perf_counter()
        socket.send_multipart([header, payload], copy=False)
        if not socket.poll(10_000):
            raise TimeoutError("echo server did not answer")
        socket.recv_multipart()
        if i >= 200:
            samples.append(time.perf_counter() - start)
    socket.send(b"stop")
    process.wait(timeout=10)
    socket.close()
    return samples


def step_round_trips(endpoint, count, infos):
    """Round trips of one-env steps through `SensingGymEnv`, decoding included."""
    samples = []
    with SensingGymEnv(endpoint=endpoint, infos=infos) as env:
        env.reset(seed=1)
        rng = np.random.default_rng(0)
        for i in range(count + 200):
            action = int(rng.integers(64))
            start = time.perf_counter()
            _, _, terminated, truncated, _ = env.step(action)
            elapsed = time.perf_counter() - start
            if i >= 200:
                samples.append(elapsed)
            if terminated or truncated:
                env.reset()
    return samples


def vector_throughput(endpoint, num_envs, steps, infos):
    """Env-steps/s of `SensingGymVectorEnv` steps into numpy arrays."""
    with SensingGymVectorEnv(num_envs=num_envs, endpoint=endpoint, infos=infos) as envs:
        envs.reset(seed=1)
        actions = np.random.default_rng(0).integers(0, 64, size=(steps, num_envs))
        for row in actions[:20]:
            envs.step(row)
        start = time.perf_counter()
        for row in actions:
            envs.step(row)
        return steps * num_envs / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description="SensingGym bridge latency and throughput")
    parser.add_argument("--endpoint", default=None, help="server endpoint (default $SENSINGGYM_ENDPOINT or :5555)")
    parser.add_argument("--round-trips", type=int, default=5000, help="measured one-env round trips per case")
    parser.add_argument("--vector-envs", type=int, default=64, help="envs per vector step")
    parser.add_argument("--vector-steps", type=int, default=500, help="measured vector steps per case")
    args = parser.parse_args()

    echo = percentiles(echo_round_trips(args.round_trips))
    step_off = percentiles(step_round_trips(args.endpoint, args.round_trips, infos=False))
    step_on = percentiles(step_round_trips(args.endpoint, args.round_trips, infos=True))
    print("| measurement | median µs | p99 µs | median / echo |")
    print("|---|---|---|---|")
    print(f"| bare pyzmq DEALER↔ROUTER echo (same request frames) | {echo[0]:.1f} | {echo[1]:.1f} | 1.00 |")
    print(f"| one-env step, infos off | {step_off[0]:.1f} | {step_off[1]:.1f} | {step_off[0] / echo[0]:.2f} |")
    print(f"| one-env step, infos on | {step_on[0]:.1f} | {step_on[1]:.1f} | {step_on[0] / echo[0]:.2f} |")
    for infos in (False, True):
        rate = vector_throughput(args.endpoint, args.vector_envs, args.vector_steps, infos)
        print(f"vector step, {args.vector_envs} envs, infos {'on' if infos else 'off'}: {rate:,.0f} env-steps/s")


if __name__ == "__main__":
    main()
