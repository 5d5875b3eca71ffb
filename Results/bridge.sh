#!/usr/bin/env bash
# Regenerates Results/bridge.md (and bridge.json): the Python client ↔ Swift server bridge on loopback.
#   1. release build of sensing-gym;
#   2. one `sensing-gym serve --bind 'tcp://127.0.0.1:*'` on a free port;
#   3. Clients/python/examples/bench_bridge.py --json: one-env step round trip (median, p99) next to a bare pyzmq
#      DEALER↔ROUTER echo of the same frames in the same run, and 64-env vector step env-steps/s;
#   4. Clients/python/examples/sb3_ppo.py --json: SB3 PPO over the bridge, env-steps/s during training (20k steps);
#   5. the server stopped with SIGTERM (a clean exit is checked), then the markdown written.
# Usage (from anywhere): Results/bridge.sh        (about 2 minutes on 2 cores after the build)
# Python: $SENSING_GYM_PYTHON, else .venv/bin/python (created if missing). Installs the client with its `sb3`
# extra (stable-baselines3, torch from PyPI) into it when they are missing. SB3_TIMESTEPS=N overrides 20000.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TIMESTEPS=${SB3_TIMESTEPS:-20000}

if [ -n "${SENSING_GYM_PYTHON:-}" ]; then
    PY=$SENSING_GYM_PYTHON
else
    [ -x "$ROOT/.venv/bin/python" ] || python3 -m venv "$ROOT/.venv"
    PY=$ROOT/.venv/bin/python
fi
if ! "$PY" -c "import sensinggym, stable_baselines3" 2>/dev/null; then
    echo "+ $PY -m pip install -q -e './Clients/python[sb3]'" >&2
    "$PY" -m pip install -q -e "$ROOT/Clients/python[sb3]" >&2
fi

swift build -c release --product sensing-gym >&2
SENSINGGYM_BIN="$(swift build -c release --show-bin-path)/sensing-gym"
export SENSINGGYM_BIN

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bridge-results.XXXXXX")
# shellcheck source=../Clients/python/examples/loopback_servers.sh
source Clients/python/examples/loopback_servers.sh
start_servers 1
EP=${SERVER_ENDPOINTS[0]}

SERVE_CMD="sensing-gym serve --bind 'tcp://127.0.0.1:*'     # printed: listening on $EP"
BENCH_CMD="python Clients/python/examples/bench_bridge.py --endpoint $EP --json"
SB3_CMD="python Clients/python/examples/sb3_ppo.py --endpoint $EP --total-timesteps $TIMESTEPS --json"
echo "+ $BENCH_CMD" >&2
"$PY" Clients/python/examples/bench_bridge.py --endpoint "$EP" --json > "$WORK/bench.json"
echo "+ $SB3_CMD" >&2
"$PY" Clients/python/examples/sb3_ppo.py --endpoint "$EP" --total-timesteps "$TIMESTEPS" --json > "$WORK/sb3.json"
stop_servers || { echo "error: the server did not stop cleanly" >&2; exit 1; }

"$PY" - "$WORK" "$SERVE_CMD" "$BENCH_CMD" "$SB3_CMD" > Results/bridge.json <<'PY'
import datetime, json, sys
work, *commands = sys.argv[1:]
print(json.dumps({"date": datetime.date.today().isoformat(), "commands": commands,
                  "bench": json.load(open(f"{work}/bench.json")), "sb3": json.load(open(f"{work}/sb3.json"))},
                 indent=2))
PY
rm -rf "$WORK"
"$PY" Results/render_bridge.py bridge Results/bridge.json --command "Results/bridge.sh" > Results/bridge.md
echo "wrote Results/bridge.md" >&2
