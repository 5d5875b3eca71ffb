"""Signals right after `listening on`: 25 servers per signal (SIGTERM, SIGINT, SIGQUIT), each signalled at once and
after 1 ms; prints the exit statuses (0 = clean stop; negative = killed by the signal; "still running" = lost).

Usage: python Benchmarks/signals.py BIN
"""
import subprocess, signal, sys, time, os, select
B = sys.argv[1]
for delay in (0.0, 0.001):
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT):
        results = {}
        for i in range(25):
            p = subprocess.Popen([B, "serve", "--bind", "tcp://127.0.0.1:*"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            p.stdout.readline()
            if delay: time.sleep(delay)
            p.send_signal(sig)
            try:
                rc = p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                rc = "still running"; p.kill(); p.wait()
            results[rc] = results.get(rc, 0) + 1
        print(f"delay {delay*1000:.0f} ms, {sig.name}: {results}")
