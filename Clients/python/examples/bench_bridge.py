"""Bridge numbers: one-env step round trip vs a bare pyzmq echo, and vector-step throughput.

    python Clients/python/examples/bench_bridge.py --endpoint tcp://127.0.0.1:5555
    python Clients/python/examples/bench_bridge.py --endpoint tcp://127.0.0.1:5555 --json   # one JSON object

Starts a bare pyzmq ROUTER echo in a second process (the same DEALER↔ROUTER hop, no env, no JSON parsing on the
far side), sends it the exact frames of a one-env step request, and compares the round trip with real steps
through `SensingGymEnv`. The echo and the two step cases (infos off, infos on) are measured in alternating blocks
within the same run, so that load from other processes on a shared machine falls on all three alike. Then steps a
`SensingGymVectorEnv` of `--vector-envs` envs into numpy arrays (median of `--repeats` timed runs).

`--json` prints one object instead of the table: `step_median_us`, `step_p99_us` (one-env step, infos off),
`echo_median_us`, `echo_p99_us`, `vector_env_steps_per_second` (infos off), plus the infos-on figures and the
settings of the run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import zmq

from sensinggym import SensingGymEnv, SensingGymVectorEnv
from sensinggym.protocol import default_endpoint, tensor

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

WARMUP = 200
BLOCKS = 10


def percentiles(samples):
    values = np.asarray(samples) * 1e6
    return float(np.median(values)), float(np.percentile(values, 99))


class Echo:
    """A bare pyzmq ROUTER echo in another process, and a DEALER sending it a one-env step request's frames."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-c", ECHO_SERVER], stdout=subprocess.PIPE)
        port = int(self.process.stdout.readline())
        self.socket = zmq.Context.instance().socket(zmq.DEALER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.socket.connect(f"tcp://127.0.0.1:{port}")
        descriptor, self.payload = tensor("actions", np.array([3], dtype=np.int64))
        self.header = json.dumps({"v": 1, "id": 1, "op": "step", "session": "s0123456789abcdef",
                                  "tensors": [descriptor]}, separators=(",", ":")).encode()

    def round_trips(self, count, samples):
        socket, header, payload = self.socket, self.header, self.payload
        for _ in range(count):
            start = time.perf_counter()
            socket.send_multipart([header, payload], copy=False)
            if not socket.poll(10_000):
                raise TimeoutError("echo server did not answer")
            socket.recv_multipart()
            samples.append(time.perf_counter() - start)

    def close(self):
        self.socket.send(b"stop")
        self.process.wait(timeout=10)
        self.socket.close()


class Stepper:
    """One-env steps through `SensingGymEnv` (decoding included), resetting when episodes end."""

    def __init__(self, endpoint, infos):
        self.env = SensingGymEnv(endpoint=endpoint, infos=infos)
        self.env.reset(seed=1)
        self.rng = np.random.default_rng(0)

    def round_trips(self, count, samples):
        env = self.env
        actions = self.rng.integers(64, size=count).tolist()
        for action in actions:
            start = time.perf_counter()
            _, _, terminated, truncated, _ = env.step(action)
            samples.append(time.perf_counter() - start)
            if terminated or truncated:
                env.reset()

    def close(self):
        self.env.close()


def interleaved_round_trips(endpoint, count):
    """Echo, infos-off and infos-on step round trips, `count` each, measured in alternating blocks."""
    cases = {"echo": Echo(), "step": Stepper(endpoint, infos=False), "step_infos": Stepper(endpoint, infos=True)}
    try:
        samples = {name: [] for name in cases}
        for case in cases.values():
            case.round_trips(WARMUP, [])
        block = max(1, count // BLOCKS)
        done = 0
        while done < count:
            size = min(block, count - done)
            for name, case in cases.items():
                case.round_trips(size, samples[name])
            done += size
        return {name: percentiles(values) for name, values in samples.items()}
    finally:
        for case in cases.values():
            case.close()


def vector_throughput(endpoint, num_envs, steps, infos, repeats):
    """Env-steps/s of `SensingGymVectorEnv` steps into numpy arrays: the median of `repeats` timed runs."""
    with SensingGymVectorEnv(num_envs=num_envs, endpoint=endpoint, infos=infos) as envs:
        envs.reset(seed=1)
        actions = np.random.default_rng(0).integers(0, 64, size=(steps, num_envs))
        for row in actions[:20]:
            envs.step(row)
        rates = []
        for _ in range(repeats):
            start = time.perf_counter()
            for row in actions:
                envs.step(row)
            rates.append(steps * num_envs / (time.perf_counter() - start))
        return float(np.median(rates))


def main():
    parser = argparse.ArgumentParser(description="SensingGym bridge latency and throughput")
    parser.add_argument("--endpoint", default=None, help="server endpoint (default $SENSINGGYM_ENDPOINT or :5555)")
    parser.add_argument("--round-trips", type=int, default=5000, help="measured one-env round trips per case")
    parser.add_argument("--vector-envs", type=int, default=64, help="envs per vector step")
    parser.add_argument("--vector-steps", type=int, default=500, help="measured vector steps per timed run")
    parser.add_argument("--repeats", type=int, default=3, help="timed vector runs per case (the median is shown)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args()
    endpoint = args.endpoint or default_endpoint()

    trips = interleaved_round_trips(endpoint, args.round_trips)
    echo, step_off, step_on = trips["echo"], trips["step"], trips["step_infos"]
    rate_off = vector_throughput(endpoint, args.vector_envs, args.vector_steps, False, args.repeats)
    rate_on = vector_throughput(endpoint, args.vector_envs, args.vector_steps, True, args.repeats)
    if args.json:
        print(json.dumps({
            "step_median_us": step_off[0], "step_p99_us": step_off[1],
            "echo_median_us": echo[0], "echo_p99_us": echo[1],
            "step_over_echo": step_off[0] / echo[0],
            "vector_env_steps_per_second": rate_off,
            "step_infos_median_us": step_on[0], "step_infos_p99_us": step_on[1],
            "vector_env_steps_per_second_infos": rate_on,
            "endpoint": endpoint, "round_trips": args.round_trips, "vector_envs": args.vector_envs,
            "vector_steps": args.vector_steps, "repeats": args.repeats, "load_average": list(os.getloadavg()),
        }, indent=2))
        return
    print("| measurement | median µs | p99 µs | median / echo |")
    print("|---|---|---|---|")
    print(f"| bare pyzmq DEALER↔ROUTER echo (same request frames) | {echo[0]:.1f} | {echo[1]:.1f} | 1.00 |")
    print(f"| one-env step, infos off | {step_off[0]:.1f} | {step_off[1]:.1f} | {step_off[0] / echo[0]:.2f} |")
    print(f"| one-env step, infos on | {step_on[0]:.1f} | {step_on[1]:.1f} | {step_on[0] / echo[0]:.2f} |")
    for infos, rate in ((False, rate_off), (True, rate_on)):
        print(f"vector step, {args.vector_envs} envs, infos {'on' if infos else 'off'}: {rate:,.0f} env-steps/s")


if __name__ == "__main__":
    main()
