#!/usr/bin/env bash
# SensingGym's own traced paths (sensing-gym paths) against Sionna RT's (sionna_paths.json from run.sh), V and H:
# writes Results/sionna/compare-sensinggym.md. Run after `bash Results/sionna/run.sh` (outside make test).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${SENSINGGYM_BIN:-.build/release/sensing-gym}
PY=${SIONNA_PYTHON:-Results/sionna/.venv/bin/python}
[ -x "$PY" ] || PY=python3
out=Results/sionna/compare-sensinggym.md
tmp=$(mktemp -d)
{
  echo "# SensingGym's paths against Sionna RT (wrf-office-16x15, 60 GHz, first order)"
  echo
  echo "Made by \`bash Results/sionna/compare.sh\`: \`$BIN paths --scenario wrf-office-16x15 --polarization P\`,"
  echo "then \`Results/sionna/compare_sensinggym.py\` against Sionna RT's per-path coefficients (Results/sionna/run.sh)."
  echo "Commit $(git rev-parse --short HEAD). Δ: SensingGym over Sionna, per path, after the common offset."
  for pol in vertical horizontal; do
    short=$([ $pol = vertical ] && echo V || echo H)
    "$BIN" paths --scenario wrf-office-16x15 --polarization $pol > "$tmp/sg-$pol.json"
    echo
    echo "## $pol"
    echo
    "$PY" Results/sionna/compare_sensinggym.py "$tmp/sg-$pol.json" --pol $short
  done
} > "$out"
rm -rf "$tmp"
echo "wrote $out" >&2
