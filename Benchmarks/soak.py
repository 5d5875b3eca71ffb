"""Soak run of `sensing-gym serve` with injected faults (issue 13; `make soak`, not part of `make test`).

N clients (threads, one DEALER each, paced at --rate requests/s) make a session, reset and step it for the whole
run, checking every reply: its id must be the request's (else "crossed"), it must arrive within 10 s (else
"lost"), a step must return obs of the session's shape. Meanwhile a fault injector, every --fault-interval
seconds, does one of, in turn:
  kill9       a client subprocess holding a session is killed with SIGKILL mid-run
  malformed   200 random or truncated messages from a fuzzing socket
  oversized   a 4 MiB frame (over the 1 MiB limit) and a 40-frame request
  nonreading  a peer makes a 256-env session, sends 1 000 steps without reading, closes after 8 s
The server's RSS is sampled every second. At the end: served steps, client errors, lost and crossed replies,
server errors by code (from `stats`), RSS over time, p50/p99 step latency; written to --json and --markdown.

Usage: python Benchmarks/soak.py BIN [--clients 64] [--seconds 600] [--json OUT] [--markdown OUT]
"""
import argparse
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

VICTIM = r"""
import json, sys, time, zmq, numpy as np
s = zmq.Context().socket(zmq.DEALER); s.setsockopt(zmq.LINGER, 0); s.connect(sys.argv[1])
def call(h, f=()):
    s.send_multipart([json.dumps(h).encode()] + list(f)); return json.loads(s.recv_multipart()[0])
m = call({"v":1,"id":1,"op":"make","env":sys.argv[2],"num_envs":4,"infos":False})
call({"v":1,"id":2,"op":"reset","session":m["session"],"seed":1})
print("ready", flush=True)
i = 3
while True:
    call({"v":1,"id":i,"op":"step","session":m["session"],"tensors":[m["action_tensor"]]}, [np.zeros(4, "<i8").tobytes()])
    i += 1
"""


from bridge_probe import ENV_IDS, learn_env_ids, rss_mib  # noqa: E402


class Client(threading.Thread):
    def __init__(self, ctx, endpoint, index, rate, deadline):
        super().__init__(daemon=True)
        self.ctx, self.endpoint, self.index, self.rate, self.deadline = ctx, endpoint, index, rate, deadline
        self.steps = self.errors = self.lost = self.crossed = 0
        self.latencies = []
        self.problems = []

    def run(self):
        sock = self.ctx.socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 0)
        sock.connect(self.endpoint)
        next_id = 1

        def call(header, frames=()):
            nonlocal next_id
            header = dict(header, v=1, id=next_id)
            next_id += 1
            sock.send_multipart([json.dumps(header).encode()] + list(frames))
            if not sock.poll(10_000):
                self.lost += 1
                return None, []
            reply = sock.recv_multipart()
            head = json.loads(reply[0])
            if head.get("id") != header["id"]:
                self.crossed += 1
                self.problems.append(f"client {self.index}: reply id {head.get('id')} for request {header['id']}")
            return head, reply[1:]

        rng = np.random.default_rng(self.index)
        made, _ = call({"op": "make", "env": ENV_IDS["BeamSelection"], "num_envs": 4, "infos": False})
        if not made or not made.get("ok"):
            self.problems.append(f"client {self.index}: make failed: {made}")
            self.errors += 1
            return
        session, descriptor = made["session"], made["action_tensor"]
        obs_bytes = 4 * 4 * made["observation_space"]["shape"][0]
        call({"op": "reset", "session": session, "seed": self.index})
        period = 1.0 / self.rate
        next_time = time.monotonic()
        while time.monotonic() < self.deadline:
            actions = rng.integers(0, 32, size=4).astype("<i8")
            start = time.perf_counter()
            head, frames = call({"op": "step", "session": session, "tensors": [descriptor]}, [actions.tobytes()])
            if head is None:
                continue
            self.latencies.append(time.perf_counter() - start)
            if not head.get("ok") or len(frames) != 4 or len(frames[0]) != obs_bytes:
                self.errors += 1
                self.problems.append(f"client {self.index}: bad step reply {str(head)[:200]}")
            else:
                self.steps += 4
            next_time += period
            delay = next_time - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            else:
                next_time = time.monotonic()
        call({"op": "close", "session": session})
        sock.close()


def stats(ctx, endpoint):
    sock = ctx.socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect(endpoint)
    sock.send(json.dumps({"v": 1, "id": 1, "op": "stats"}).encode())
    reply = json.loads(sock.recv_multipart()[0]) if sock.poll(10_000) else {}
    sock.close()
    return reply.get("stats", {})


def inject(kind, ctx, endpoint, log, rng):
    if kind == "kill9":
        victim = subprocess.Popen([sys.executable, "-c", VICTIM, endpoint, ENV_IDS["BeamSelection"]],
                                  stdout=subprocess.PIPE)
        victim.stdout.readline()
        time.sleep(0.5 + rng.random())
        victim.send_signal(signal.SIGKILL)
        victim.wait()
    elif kind == "malformed":
        sock = ctx.socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 0)
        sock.connect(endpoint)
        for _ in range(200):
            choice = rng.randrange(4)
            if choice == 0:
                frames = [bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 100)))]
            elif choice == 1:
                frames = [b'{"v":1,"id":5,"op":"step","session":"s1","tensors":[{"name":"actions"']
            elif choice == 2:
                frames = [b'{"v":1,"id":6,"op":"step","session":"nope","tensors":[]}', b"x"]
            else:
                frames = [b'{"v":2,"id":7,"op":"ping"}']
            sock.send_multipart(frames)
        received = 0
        while sock.poll(2000) and received < 200:
            sock.recv_multipart()
            received += 1
        sock.close()
        log.append({"fault": kind, "replies": received})
        return
    elif kind == "oversized":
        sock = ctx.socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 0)
        sock.connect(endpoint)
        sock.send_multipart([b'{"v":1,"id":1,"op":"ping"}', b"\0" * (4 << 20)])
        sock.send_multipart([b'{"v":1,"id":2,"op":"ping"}'] + [b"\0"] * 40)
        time.sleep(0.5)
        sock.close()
    elif kind == "nonreading":
        sock = ctx.socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 0)
        sock.setsockopt(zmq.RCVHWM, 1)
        sock.setsockopt(zmq.RCVBUF, 4096)
        sock.setsockopt(zmq.SNDHWM, 2000)
        sock.connect(endpoint)
        sock.send(json.dumps({"v": 1, "id": 1, "op": "make", "env": ENV_IDS["BeamSelection"], "num_envs": 256}).encode())
        if sock.poll(5000):
            made = json.loads(sock.recv_multipart()[0])
            if made.get("ok"):
                sock.send(json.dumps({"v": 1, "id": 2, "op": "reset", "session": made["session"]}).encode())
                header = json.dumps({"v": 1, "id": 3, "op": "step", "session": made["session"],
                                     "tensors": [made["action_tensor"]]}).encode()
                actions = np.zeros(256, "<i8").tobytes()
                for _ in range(1000):
                    try:
                        sock.send_multipart([header, actions], flags=zmq.NOBLOCK)
                    except zmq.Again:
                        break
        time.sleep(8)
        sock.close()
    log.append({"fault": kind})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--rate", type=float, default=25.0, help="requests per second per client")
    parser.add_argument("--fault-interval", type=float, default=3.0)
    parser.add_argument("--json")
    parser.add_argument("--markdown")
    args = parser.parse_args()
    server = subprocess.Popen([args.binary, "serve", "--bind", "tcp://127.0.0.1:*", "--max-sessions", "256"],
                              stdout=subprocess.PIPE, text=True)
    endpoint = server.stdout.readline().split()[-1]
    ctx = zmq.Context()
    learn_env_ids(ctx, endpoint)
    start = time.monotonic()
    deadline = start + args.seconds
    clients = [Client(ctx, endpoint, i, args.rate, deadline) for i in range(args.clients)]
    for c in clients:
        c.start()
    rss, faults, rng = [], [], random.Random(13)
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            rss.append((round(time.monotonic() - start, 1), round(rss_mib(server.pid), 1)))
            time.sleep(1.0)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    kinds = ["kill9", "malformed", "oversized", "nonreading"]
    k = 0
    while time.monotonic() < deadline - args.fault_interval:
        time.sleep(args.fault_interval)
        inject(kinds[k % len(kinds)], ctx, endpoint, faults, rng)
        k += 1
    for c in clients:
        c.join(timeout=args.seconds + 60)
    stop.set()
    final = stats(ctx, endpoint)
    server.send_signal(signal.SIGTERM)
    exit_status = server.wait(timeout=30)
    latencies = np.array([x for c in clients for x in c.latencies] or [float("nan")])
    result = {
        "clients": args.clients, "seconds": args.seconds, "rate_per_client": args.rate,
        "served_env_steps": sum(c.steps for c in clients), "step_requests": int(latencies.size),
        "client_errors": sum(c.errors for c in clients), "lost": sum(c.lost for c in clients),
        "crossed": sum(c.crossed for c in clients),
        "p50_us": float(np.percentile(latencies, 50) * 1e6), "p99_us": float(np.percentile(latencies, 99) * 1e6),
        "faults": {kind: sum(1 for f in faults if f["fault"] == kind) for kind in kinds},
        "server_errors_by_code": {k: v for k, v in final.get("errors_by_code", {}).items() if v},
        "server_counters": {k: final.get(k) for k in ("requests", "errors", "reaped", "cut_off", "disconnects",
                                                     "stalls", "send_failures")},
        "rss_mib": rss, "peak_rss_mib": max(v for _, v in rss), "server_exit_status": exit_status,
        "problems": [p for c in clients for p in c.problems][:20],
        "load_average_at_end": os.getloadavg(),
    }
    print(json.dumps({k: v for k, v in result.items() if k != "rss_mib"}, indent=1))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    if args.markdown:
        write_markdown(result, args)


def write_markdown(r, args):
    samples = r["rss_mib"]
    step = max(1, len(samples) // 12)
    rows = "\n".join(f"| {t:.0f} | {v} |" for t, v in samples[::step])
    text = f"""# Soak run of the server with injected faults (issue 13)

Reproduce: `make soak` (or `python Benchmarks/soak.py BIN --clients {r['clients']} --seconds {r['seconds']:g}
--rate {r['rate_per_client']:g} --json Results/reliability.json --markdown Results/reliability.md`). Loopback; {r['clients']} clients, each
stepping a 4-env BeamSelection session at up to {r['rate_per_client']:g} requests/s for {r['seconds']:g} s, while a
fault is injected every {args.fault_interval:g} s in turn: SIGKILL of a client holding a session, 200 malformed
messages, an oversized frame and a 40-frame request, a non-reading peer with a 256-env session.

| figure | value |
|---|---|
| env steps served | {r['served_env_steps']:,} ({r['step_requests']:,} step requests) |
| client errors | {r['client_errors']} |
| replies lost (no reply within 10 s) | {r['lost']} |
| replies crossed (id not the request's) | {r['crossed']} |
| step round trip p50 / p99 (measured in the Python clients: {r['clients']} threads sharing one GIL) | {r['p50_us']:.0f} / {r['p99_us']:.0f} µs |
| faults injected | {', '.join(f'{k} {v}' for k, v in r['faults'].items())} |
| server errors by code | {', '.join(f'{k} {v}' for k, v in r['server_errors_by_code'].items()) or 'none'} |
| server counters | {', '.join(f'{k} {v}' for k, v in r['server_counters'].items())} |
| server peak RSS | {r['peak_rss_mib']} MiB |
| server exit status after SIGTERM | {r['server_exit_status']} |
| load average at the end (2 cores, shared) | {', '.join(f'{x:.1f}' for x in r['load_average_at_end'])} |

Server RSS over time:

| s | RSS MiB |
|---|---|
{rows}
"""
    with open(args.markdown, "w") as f:
        f.write(text)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--render":  # rewrite the markdown of a finished run's JSON
        with open(sys.argv[2]) as f:
            saved = json.load(f)
        write_markdown(saved, argparse.Namespace(fault_interval=3.0, markdown=sys.argv[2].replace(".json", ".md")))
    else:
        main()
