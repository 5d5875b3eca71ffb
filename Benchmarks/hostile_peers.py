"""Server memory and other clients' latency under hostile peers (DESIGN §8: RSS ≤ 256 MiB, p99 unaffected).

Starts `sensing-gym serve` on loopback with its default limits, runs one well-behaved client that steps a
BeamSelection session of 8 envs in a loop (its step latencies are recorded per phase), and in turn:

  baseline      nothing else
  non_reading   16 connections, each makes the largest session it can (RIS, 256 envs, infos on: the largest
                reply) and sends 2 000 steps without ever reading (receive queue 1 message, 4 KiB socket buffer)
  after         the attackers closed; memory given back?
  frame_bomb    4 connections, each sends one 40-frame message of 64 MiB frames (2.5 GiB each)
  small_frames  1 connection sends one message of N frames of 1 MiB (under the frame limit): the residual hole

The server's RSS (/proc/PID/status VmRSS) is sampled every 20 ms; the peak of each phase is reported, with the
normal client's p50/p99 step latency and the server's stats. Bounded in time and count; loopback only.

Usage: python Benchmarks/hostile_peers.py .build/release/sensing-gym [--json OUT] [--small-frames N]
"""
import argparse
import json
import os
import subprocess
import sys
import threading
import time

import numpy as np
import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


from bridge_probe import ENV_IDS, learn_env_ids, rss_mib  # noqa: E402


class Sampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop_flag = pid, 0.0, False
        self.lock = threading.Lock()

    def run(self):
        while not self.stop_flag:
            try:
                value = rss_mib(self.pid)
            except OSError:
                return
            with self.lock:
                self.peak = max(self.peak, value)
            time.sleep(0.02)

    def take_peak(self):
        with self.lock:
            peak, self.peak = self.peak, rss_mib(self.pid)
        return peak


def call(sock, header, frames=(), timeout_ms=10_000):
    sock.send_multipart([json.dumps(header).encode()] + list(frames))
    if not sock.poll(timeout_ms):
        raise TimeoutError(header["op"])
    reply = sock.recv_multipart()
    return json.loads(reply[0]), reply[1:]


class NormalClient(threading.Thread):
    """Steps one session as fast as it can; latencies go to the current phase."""

    def __init__(self, ctx, endpoint):
        super().__init__(daemon=True)
        self.sock = ctx.socket(zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 0)
        # Another source address: a client identity of its own (quotas are per IP without CURVE).
        self.sock.connect(endpoint.replace("tcp://", "tcp://127.0.0.2:0;"))
        made, _ = call(self.sock, {"v": 1, "id": 1, "op": "make", "env": ENV_IDS["BeamSelection"], "num_envs": 8})
        assert made["ok"], made
        self.session = made["session"]
        call(self.sock, {"v": 1, "id": 2, "op": "reset", "session": self.session, "seed": 1})
        self.phase, self.latencies, self.errors, self.stop_flag = "baseline", {}, 0, False
        self.lock = threading.Lock()

    def run(self):
        rng = np.random.default_rng(0)
        i = 10
        while not self.stop_flag:
            actions = rng.integers(0, 64, size=8).astype("<i8")
            header = {"v": 1, "id": i, "op": "step", "session": self.session,
                      "tensors": [{"name": "actions", "dtype": "i64", "shape": [8]}]}
            start = time.perf_counter()
            try:
                reply, _ = call(self.sock, header, [actions.tobytes()])
                ok = reply["ok"]
            except TimeoutError:
                ok = False
            elapsed = time.perf_counter() - start
            with self.lock:
                self.latencies.setdefault(self.phase, []).append(elapsed)
                self.errors += 0 if ok else 1
            i += 1

    def summary(self, phase):
        with self.lock:
            values = np.array(self.latencies.get(phase, [float("nan")]))
        return {"steps": int(values.size), "p50_us": float(np.percentile(values, 50) * 1e6),
                "p99_us": float(np.percentile(values, 99) * 1e6)}


def stats(ctx, endpoint):
    sock = ctx.socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(endpoint)
    reply, _ = call(sock, {"v": 1, "id": 1, "op": "stats"})
    sock.close()
    s = reply["stats"]
    return {k: s.get(k) for k in ("cut_off", "stalls", "send_failures", "disconnects", "peers", "reaped",
                              "queued_outbound_bytes", "reserved_outbound_bytes")}


def non_reading_attack(ctx, endpoint, connections=16, steps=2000):
    """Opens `connections` sockets that will not read (1-message receive queue, 4 KiB socket buffer), each with
    the largest session its client may hold: RIS, 256 envs, infos on (16 × 256 = the 4 096 envs of one identity)."""
    socks, refused = [], 0
    for c in range(connections):
        s = ctx.socket(zmq.DEALER)
        s.setsockopt(zmq.LINGER, 0)
        s.setsockopt(zmq.RCVHWM, 1)
        s.setsockopt(zmq.RCVBUF, 4096)
        s.setsockopt(zmq.SNDHWM, steps + 10)
        s.connect(endpoint)
        made, _ = call(s, {"v": 1, "id": 1, "op": "make", "env": ENV_IDS["RISConfiguration"],
                           "scenario": "indoor-factory-ris", "num_envs": 256})
        if not made["ok"]:
            refused += 1
            s.close()
            continue
        session = made["session"]
        call(s, {"v": 1, "id": 2, "op": "reset", "session": session, "seed": c})
        socks.append((s, session))
    return socks, refused


def flood(socks, steps=2000):
    """Sends `steps` step requests on every socket without ever reading a reply."""
    actions = np.zeros(256, dtype="<i8").tobytes()
    for s, session in socks:
        for i in range(steps):
            header = {"v": 1, "id": 100 + i, "op": "step", "session": session,
                      "tensors": [{"name": "actions", "dtype": "i64", "shape": [256]}]}
            try:
                s.send_multipart([json.dumps(header).encode(), actions], flags=zmq.NOBLOCK)
            except zmq.Again:
                break


def frame_bomb(ctx, endpoint, connections=4, frames=40, frame_bytes=64 << 20):
    payload = zmq.Frame(b"\0" * frame_bytes)
    socks = []
    for _ in range(connections):
        s = ctx.socket(zmq.DEALER)
        s.setsockopt(zmq.LINGER, 0)
        s.connect(endpoint)
        header = json.dumps({"v": 1, "id": 1, "op": "ping"}).encode()
        s.send_multipart([header] + [payload] * frames, copy=False)
        socks.append(s)
    return socks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--json")
    parser.add_argument("--small-frames", type=int, default=200)
    parser.add_argument("--phase-seconds", type=float, default=6.0)
    parser.add_argument("--baseline-only", action="store_true",
                        help="only the baseline phase (to compare another build's latency on the same machine)")
    args = parser.parse_args()
    server = subprocess.Popen([args.binary, "serve", "--bind", "tcp://127.0.0.1:*"], stdout=subprocess.PIPE, text=True)
    try:
        endpoint = server.stdout.readline().split()[-1]
        ctx = zmq.Context()
        learn_env_ids(ctx, endpoint)
        sampler = Sampler(server.pid)
        sampler.start()
        normal = NormalClient(ctx, endpoint)
        normal.start()
        results = {"endpoint": endpoint, "load_average_at_start": os.getloadavg(), "phases": {}}

        def phase(name, seconds, extra=None, reset=True):
            """Runs phase `name` for `seconds`; `reset=False` keeps the peak sampled since the attack began."""
            normal.phase = name
            if reset:
                sampler.take_peak()
            time.sleep(seconds)
            entry = {"peak_rss_mib": round(sampler.take_peak(), 1), "rss_end_mib": round(rss_mib(server.pid), 1)}
            entry.update(normal.summary(name))
            entry["server"] = stats(ctx, endpoint)
            entry.update(extra or {})
            results["phases"][name] = entry
            print(name, json.dumps(entry), flush=True)

        phase("baseline", args.phase_seconds)
        if args.baseline_only:
            normal.stop_flag = True
            normal.join(timeout=15)
            if args.json:
                with open(args.json, "w") as f:
                    json.dump(results, f, indent=1)
            return
        normal.phase = "non_reading"
        sampler.take_peak()  # the peak of this phase includes making the sessions and flooding
        socks, refused = non_reading_attack(ctx, endpoint)
        time.sleep(0.5)
        sessions_rss = round(rss_mib(server.pid), 1)
        flood(socks)
        phase("non_reading", args.phase_seconds, {"attackers_with_session": len(socks), "makes_refused": refused,
                                                   "rss_with_attacker_sessions_before_flood_mib": sessions_rss},
              reset=False)
        for s, _ in socks:
            s.close()
        phase("after", 2.0)
        normal.phase = "frame_bomb"
        sampler.take_peak()
        bombs = frame_bomb(ctx, endpoint)
        phase("frame_bomb", args.phase_seconds, {"connections": 4, "frames": 40, "frame_mib": 64}, reset=False)
        for s in bombs:
            s.close()
        if args.small_frames > 0:
            normal.phase = "small_frames"
            sampler.take_peak()
            bombs = frame_bomb(ctx, endpoint, connections=1, frames=args.small_frames, frame_bytes=1 << 20)
            phase("small_frames", args.phase_seconds, {"connections": 1, "frames": args.small_frames, "frame_mib": 1},
                  reset=False)
            for s in bombs:
                s.close()
        normal.stop_flag = True
        normal.join(timeout=15)
        results["normal_client_errors"] = normal.errors
        results["server_alive"] = server.poll() is None
        print(json.dumps({"normal_client_errors": normal.errors, "server_alive": results["server_alive"]}))
        if args.json:
            with open(args.json, "w") as f:
                json.dump(results, f, indent=1)
    finally:
        server.terminate()
        results_code = server.wait(timeout=10)
        print("server exit status", results_code)


if __name__ == "__main__":
    main()
