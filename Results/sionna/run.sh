#!/usr/bin/env bash
# Sionna RT cross-check of SensingGym's specular reflections (office 16 x 15 m, 60 GHz, ITU-R P.2040-3 materials).
# Not part of `make test`: it installs sionna-rt from PyPI and Debian's libllvm19, CPU only (Dr.Jit LLVM backend).
#
#   bash Results/sionna/run.sh                 # install if needed, trace, write crosscheck.json + crosscheck.md
#   bash Results/sionna/run.sh --json          # ... and print the summary JSON
#   SIONNA_VENV=/path/to/venv bash Results/sionna/run.sh   # use another venv (e.g. the repo's .venv)
#
# Extra arguments go to crosscheck.py (see `crosscheck.py --help`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${SIONNA_VENV:-$here/.venv}"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import sionna.rt' 2>/dev/null; then
    nice -n 15 "$venv/bin/pip" install --quiet --upgrade pip
    nice -n 15 "$venv/bin/pip" install --quiet "sionna-rt" numpy
fi

# Dr.Jit's LLVM backend needs a libLLVM shared library at run time.
llvm_so() { ls /usr/lib/x86_64-linux-gnu/libLLVM-19.so* /usr/lib/llvm-19/lib/libLLVM*.so* 2>/dev/null | head -n 1; }
if [ -z "$(llvm_so)" ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y libllvm19
fi
export DRJIT_LIBLLVM_PATH="${DRJIT_LIBLLVM_PATH:-$(llvm_so)}"
echo "DRJIT_LIBLLVM_PATH=$DRJIT_LIBLLVM_PATH" >&2

# The machine is shared: trace at low priority.
exec nice -n 15 "$venv/bin/python" "$here/crosscheck.py" "$@"
