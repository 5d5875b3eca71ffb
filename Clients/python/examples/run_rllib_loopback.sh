#!/usr/bin/env bash
# Starts N `sensing-gym serve` processes on free loopback ports, runs rllib_ppo.py across them (env runner k on
# server ((k - 1) mod N) + 1), and stops them (SIGTERM, clean exit).
#
#   Clients/python/examples/run_rllib_loopback.sh [--servers N] [rllib_ppo.py options…]
#   Clients/python/examples/run_rllib_loopback.sh --servers 3 --iterations 10 --json
#
# Needs the release binary ($SENSINGGYM_BIN, else .build/release/sensing-gym) and a Python with the client and
# Ray RLlib (pip install './Clients/python[rllib]'): $SENSING_GYM_PYTHON, else .venv/bin/python, else python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
servers=2
if [ "${1:-}" = "--servers" ]; then
    servers=$2
    shift 2
fi
if [ -n "${SENSING_GYM_PYTHON:-}" ]; then
    py=$SENSING_GYM_PYTHON
elif [ -x "$root/.venv/bin/python" ]; then
    py=$root/.venv/bin/python
else
    py=python3
fi
# shellcheck source=loopback_servers.sh
source "$here/loopback_servers.sh"
start_servers "$servers"
endpoints=$(IFS=,; echo "${SERVER_ENDPOINTS[*]}")
status=0
"$py" "$here/rllib_ppo.py" --endpoints "$endpoints" --num-env-runners "$servers" "$@" || status=$?
stop_servers || { echo "warning: a server did not stop cleanly" >&2; [ "$status" -ne 0 ] || status=1; }
exit "$status"
