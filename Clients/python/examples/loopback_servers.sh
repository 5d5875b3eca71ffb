# Sourced by run_rllib_loopback.sh and Results/bridge.sh: `sensing-gym serve` processes on free loopback ports.
#
#   source Clients/python/examples/loopback_servers.sh
#   start_servers 3 [serve options…]   # sets SERVER_PIDS and SERVER_ENDPOINTS (arrays); installs an EXIT trap
#   stop_servers                       # SIGTERM each, wait for a clean exit (SIGKILL after 10 s)
#
# The binary is $SENSINGGYM_BIN, else .build/release/sensing-gym under the repository root.

SERVER_PIDS=()
SERVER_ENDPOINTS=()
_SERVER_DIR=""

start_servers() {
    local count=$1
    shift
    local root bin
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
    bin=${SENSINGGYM_BIN:-$root/.build/release/sensing-gym}
    if [ ! -x "$bin" ]; then
        echo "error: no sensing-gym binary at $bin (swift build -c release --product sensing-gym, or set SENSINGGYM_BIN)" >&2
        return 1
    fi
    _SERVER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sensing-gym-serve.XXXXXX")
    trap stop_servers EXIT
    local i
    for ((i = 0; i < count; i++)); do
        : > "$_SERVER_DIR/$i.out"  # exists before the server's own redirection, so the reader below never races it
        "$bin" serve --bind 'tcp://127.0.0.1:*' "$@" > "$_SERVER_DIR/$i.out" 2> "$_SERVER_DIR/$i.err" &
        SERVER_PIDS+=($!)
    done
    for ((i = 0; i < count; i++)); do
        local waited=0 line=""
        while :; do
            line=$(sed -n 's/^listening on //p' "$_SERVER_DIR/$i.out" 2>/dev/null || true)
            [ -n "$line" ] && break
            if ! kill -0 "${SERVER_PIDS[$i]}" 2>/dev/null; then
                echo "error: sensing-gym serve exited: $(cat "$_SERVER_DIR/$i.err")" >&2
                return 1
            fi
            if [ "$waited" -ge 300 ]; then
                echo "error: sensing-gym serve printed no endpoint within 30 s" >&2
                return 1
            fi
            sleep 0.1
            waited=$((waited + 1))
        done
        SERVER_ENDPOINTS+=("$line")
        echo "server $((i + 1)) (pid ${SERVER_PIDS[$i]}) listening on $line" >&2
    done
}

stop_servers() {
    local pid status failed=0
    for pid in "${SERVER_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || continue
    done
    for pid in "${SERVER_PIDS[@]}"; do
        local waited=0
        while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do
            sleep 0.1
            waited=$((waited + 1))
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "warning: server $pid ignored SIGTERM for 10 s; sending SIGKILL" >&2
            kill -KILL "$pid" 2>/dev/null
            failed=1
        fi
        status=0
        wait "$pid" 2>/dev/null || status=$?
        # 143: killed by SIGTERM before its handler was installed; 127: already reaped (status unknown).
        if [ "$status" -ne 0 ] && [ "$status" -ne 143 ] && [ "$status" -ne 127 ]; then
            echo "warning: server $pid exited with status $status" >&2
            failed=1
        fi
    done
    [ -n "$_SERVER_DIR" ] && rm -rf "$_SERVER_DIR"
    SERVER_PIDS=()
    SERVER_ENDPOINTS=()
    _SERVER_DIR=""
    trap - EXIT
    return $failed
}
