#!/usr/bin/env bash
# Regenerates Results/fingerprinting.md: CSI fingerprint datasets of the WRF paper's two rooms, and WKNN, RF and
# WRF positioning errors next to the paper's Table II (Wu et al., seeds/004).
# Usage (from anywhere): Results/fingerprinting.sh        (about 2 minutes on 2 cores, most of it the build)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/Results/fingerprinting.md"
DATA="$ROOT/data/fingerprinting"
mkdir -p "$DATA"

swift build -c release --product sensing-gym >&2
BIN="$(swift build -c release --show-bin-path)/sensing-gym"
if ! "$BIN" help dataset >/dev/null 2>&1; then
    echo "error: this sensing-gym has no 'dataset'/'localize' subcommands: register Dataset.self and Localize.self in Sources/SensingGymCLI/SensingGymCommand.swift" >&2
    exit 1
fi

# name | scenario | extra dataset flags | test points
CONFIGS=(
  "office|wrf-office-16x15||100"
  "room|wrf-room-8x6||100"
  "office-multiray|wrf-office-16x15|--reflection-order 2 --scattering 0.3|100"
  "room-multiray|wrf-room-8x6|--reflection-order 2 --scattering 0.3|100"
  "office-noise|wrf-office-16x15|--noise|100"
  "room-noise|wrf-room-8x6|--noise|100"
  "office-1000|wrf-office-16x15||1000"
)
RESULTS="$DATA/results.jsonl"
: > "$RESULTS"
COMMANDS=()
for config in "${CONFIGS[@]}"; do
  IFS='|' read -r name scenario flags tps <<< "$config"
  csv="data/fingerprinting/$name.csv"
  cmd="sensing-gym dataset --scenario $scenario --grid 0.2 --test-points $tps --seed 1 $flags --out $csv"
  COMMANDS+=("$cmd")
  echo "$cmd" >&2
  # shellcheck disable=SC2086
  summary=$("$BIN" dataset --scenario "$scenario" --grid 0.2 --test-points "$tps" --seed 1 $flags --out "$csv" --json)
  for key in wknn wknn-raw rf wrf; do
    method=${key%-raw}
    extra=""
    [ "$key" = wknn-raw ] && extra="--no-standardize"
    lcmd="sensing-gym localize --method $method $extra --train $csv --test $csv --k 4 --trees 100 --top-k 3 --seed 0"
    [ "$name" = office ] && COMMANDS+=("$lcmd")
    echo "$lcmd" >&2
    # shellcheck disable=SC2086
    report=$("$BIN" localize --method "$method" $extra --train "$csv" --test "$csv" --k 4 --trees 100 --top-k 3 --seed 0 --json)
    printf '{"config":"%s","key":"%s","dataset":%s,"report":%s}\n' "$name" "$key" "$summary" "$report" >> "$RESULTS"
  done
done
# The WRF's K (the paper does not state it): a sweep on the office.
for K in 1 2 3 4 5 8; do
  report=$("$BIN" localize --method wrf --train data/fingerprinting/office.csv --test data/fingerprinting/office.csv --top-k "$K" --json)
  printf '{"config":"office-K%s","key":"wrf","dataset":{},"report":%s}\n' "$K" "$report" >> "$RESULTS"
done
COMMANDS+=("sensing-gym localize --method wrf --train data/fingerprinting/office.csv --test data/fingerprinting/office.csv --top-k K   # K = 1 2 3 4 5 8")

printf '%s\n' "${COMMANDS[@]}" > "$DATA/commands.txt"
python3 - "$RESULTS" "$DATA/commands.txt" > "$OUT" <<'PY'
TEXT_HEAD = r"""# CSI fingerprint positioning: WKNN, RF and WRF in the WRF paper's two rooms

Regenerate with `Results/fingerprinting.sh` (release build, 7 datasets, 4 localizers each; about a minute after
the build). Figures from the run of {date} ({machine}, 2 shared cores). Errors are deterministic (seeded
datasets and forests); times are wall-clock on a shared machine and vary.

## Setup

- **Paper** (Wu et al., "A Weighted Random Forest Based Positioning Algorithm for 6G Indoor Communications",
  `seeds/004`): Wireless InSite ray tracing (6 reflection orders, 1 diffraction order), 60 GHz / 3 GHz, APs at
  2.8 m, reference points (RPs) at 1.5 m on a 0.2 m grid, per AP the RSS, azimuth and elevation AoA and ToA of
  the maximum-power (MP) path; 100 test points (TPs); 100 trees. Table II gives scenario 1 only.
- **Ours**: `sensing-gym dataset` (`FingerprintFeatureExtractor`, `FingerprintGrid`, `FingerprintDatasetGenerator`
  in `Sources/RadioScene/`): image method (LoS + first-order specular; second order and Lambertian diffuse
  scattering as options), same rooms, AP positions, heights, carrier and bandwidth (`wrf-office-16x15.yaml`,
  `wrf-room-8x6.yaml`), omnidirectional antennas at both ends (the paper's Table I), 10 dBm. AoA is measured by the
  AP's array (uplink; the RP's single omni antenna cannot measure an angle). Two paths merge into one MP cluster
  only when they are closer than c/B = 10 cm in length *and* than the array's resolution 2/N in angle (the paper
  estimates AoA and ToA jointly). RPs: 0.2 m grid starting 0.2 m inside the walls (79 × 74 = 5846 in the office,
  39 × 29 = 1131 in the 8 × 6 m room); TPs uniform over the grid's rectangle, seed 1.
- **Localizers** (`Agents/Localizers/`): WKNN k = 4 with 1/d weights on z-scored features (and, for comparison, on
  raw features); RF = one forest whose classes are the reference points, majority vote; WRF = the paper's M_x and
  M_y, K = 3 top-voted values per coordinate weighted by their votes (eqs. 3–4). Forests: 100 CART trees,
  bootstrap, √8 = 2 features per split, grown until pure, seed 0, one thread.

## Headline

Scenario 1 in the paper's setting: **WRF mean 3.7 cm, max 0.24 m** (paper: 5.52 cm, 0.31 m), so the target
"WRF mean ≤ 5.5 cm" is met, and WRF beats RF on every row and metric (mean 3.7 vs 10.0 cm; max 0.24 vs 1.12 m) and
has the smallest maximum error everywhere, as in the paper. **But WRF is not better than WKNN on mean error**: with
z-scored features WKNN ties it on the paper's 100 TPs (3.8 vs 3.7 cm) and beats it over 1000 TPs (3.2 vs 3.7 cm)
and in the 8 × 6 m room (2.3 vs 4.3 cm). WKNN's weakness is the one the paper describes, its outliers (max 1.47 m
vs WRF's 0.24 m in scenario 1). Reasons below.
"""
TEXT_TAIL = r"""## Why our figures differ from the paper's

1. **Exact, smooth features favour WKNN.** Our features are noise-free closed-form functions of the position in an
   empty shoebox room; the MP path is the line of sight at ≥ 99.8 % of (point, AP) pairs. Positioning an off-grid
   TP is then interpolation between neighbouring RPs, which WKNN's 1/d weighting does well. The paper's ray-traced
   scenes (its Fig. 4) have inner structure, six reflection orders and diffraction, so the MP path switches
   between rays more often and features jump; those jumps are what give WKNN its 0.70 m maximum there.
2. **Feature scaling.** The paper does not say whether its WKNN normalises features. On raw features (RSS in dBm,
   angles in rad, ToA in s ≈ 1e-8) the distance is RSS and angles only: our "raw features" rows give 4.8 cm
   mean / 1.70 m max on exact features and 37 cm mean once RSS carries measurement noise. Our default z-scored
   WKNN is a stronger baseline than the paper's probably was.
3. **WKNN's 1.47 m outlier** (TP at (7.74, 4.08) in scenario 1) lies 0.26 m from the wall x = 8 m, and AP1 is
   0.28 m from the same wall. The wall's specular image is then unresolvable from the LoS in delay (≈ 1 cm excess)
   and in angle, so the MP cluster is a two-ray coherent sum whose RSS ripples by several dB along the wall; the
   z-scored RSS pulls WKNN's neighbours 1.4 m along the wall. Trees pick one feature per split and can route
   around RSS, so WRF's largest error stays at 0.24 m.
4. **RF vs WRF reproduces the paper's two arguments.** RF's classes are the 5846 RPs, each in about 63 % of the
   bootstraps, so a TP's 100 votes are spread over many classes: the answer is quantised to the grid (a uniform
   point is on average 0.383 × 0.2 m = 7.7 cm from its nearest grid corner) and occasionally a far class wins
   (max 1.1–1.7 m). Coordinate separation gives 79 x-classes and 74 y-classes with about 75 samples each, and the
   vote-weighted mean of the K best interpolates between grid lines: WRF/RF mean ratio 0.37 here, 0.57 in the paper.
5. **K.** The paper does not state K. On scenario 1, K = 3 to 8 give the same mean (3.5–3.7 cm); K = 3 has a smaller
   maximum than K ≥ 4; K = 1 is the plain coordinate-separated vote (7.8 cm).
6. **Noise and the fuller multi-ray model.** CRLB noise (at 10 m: ToA σ ≈ 1 mm, angles σ ≈ 0.7 mrad, RSS σ ≈
   0.2 dB, i.e. about the RSS change over one grid step) roughly doubles the office's errors (WRF 7.2 cm, WKNN 7.9
   cm, RF 13.2 cm) and changes little in the smaller room, where RSS gradients are steeper. Second-order
   reflections plus diffuse scattering (S = 0.3) leave the figures almost unchanged, since the LoS dominates the MP
   path, which is the paper's own argument for MP features (its §II-A, C).
7. **Times.** Training takes about 2–6 s per forest model in Swift on one core (it varies run to run here) (paper: RF 146 s, WRF 23.6 s, on
   unstated hardware and software); positioning 100 TPs takes 0.004–0.015 s (paper: 0.3–0.81 s). The p99 over TPs of
   the single-point prediction time (fastest of four runs per point, so that a descheduled run on this shared
   machine does not count a 4 ms time slice) is below 1 ms in every row (target ≤ 1 ms). We do not reproduce the paper's 6× training-time
   gap between RF and WRF: here RF takes about as long as WRF's two forests.
8. **Choices the paper leaves open**, all ours: the rooms' origin and 3 m ceiling, materials and link budget (see the
   scenario files), the AP array (N = 32 per axis), the grid's distance from the walls, how TPs are drawn, K,
   features per split, and WKNN's k and scaling.
"""

import json, sys, datetime, platform
rows = [json.loads(l) for l in open(sys.argv[1])]
commands = [l.rstrip("\n") for l in open(sys.argv[2])]
by = {}
for r in rows:
    by.setdefault(r["config"], {})[r["key"]] = r
def cm(v): return f"{100 * v:.2f}"
def m(v): return f"{v:.3f}"
NAMES = {"wknn": "WKNN (k = 4)", "wknn-raw": "WKNN (k = 4), raw features", "rf": "RF (100 trees)", "wrf": "WRF (100 trees, K = 3)"}
PAPER = {"wknn": ("0.0075", "0.7002", "0.0643", "-", "0.3"), "wknn-raw": ("", "", "", "", ""), "rf": ("0.0253", "0.3796", "0.0961", "146.07", "0.81"),
         "wrf": ("0.0018", "0.3094", "0.0552", "23.64", "0.74")}
def table(config, paper=False):
    out = []
    if paper:
        out.append("| algorithm | paper min (m) | paper max (m) | paper mean (m) | paper train (s) | paper positioning (s / 100 TPs) "
                   "| ours min (m) | ours max (m) | ours mean (m) | ours median (m) | ours p90 (m) | ours train (s) | ours positioning (s / 100 TPs) | ours p99 (ms / point) |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    else:
        out.append("| algorithm | min (m) | max (m) | mean (m) | median (m) | p90 (m) | train (s) | positioning (s / 100 TPs) | p99 (ms / point) |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for method in ["wknn", "wknn-raw", "rf", "wrf"]:
        rep = by[config][method]["report"]
        ours = [m(rep["min_m"]), m(rep["max_m"]), m(rep["mean_m"]), m(rep["median_m"]), m(rep["p90_m"]),
                f'{rep["train_seconds"]:.2f}', f'{rep["positioning_seconds_100"]:.4f}', f'{1000 * rep["predict_p99_seconds"]:.3f}']
        lead = [NAMES[method]] + (list(PAPER[method]) if paper else [])
        out.append("| " + " | ".join(lead + ours) + " |")
    return "\n".join(out)
def dataset_line(config):
    d = by[config]["wknn"]["dataset"]
    return (f'{d["reference_points"]} reference points, {d["test_points"]} test points, {d["features"]} features; '
            f'noise {"on" if d["noise"] else "off"}, reflection order {d["reflection_order"]}, diffuse scattering '
            f'{("S = " + str(d["scattering_coefficient"])) if d.get("scattering_coefficient") is not None else "off"}; '
            f'MP path LoS at {100 * d["mp_los_fraction"]:.1f} % of (point, AP) pairs; generated in {d["seconds"]:.2f} s.')
print(TEXT_HEAD.format(date=datetime.date.today().isoformat(), machine=platform.machine()))
for config, title, paper in [("office", "Scenario 1: 16 × 15 m office, the paper's setting (exact features, 100 test points)", True),
                             ("room", "Scenario 2: 8 × 6 m room (exact features, 100 test points)", False),
                             ("office-1000", "Scenario 1 with 1000 test points (less sampling noise than 100)", False),
                             ("office-multiray", "Scenario 1, fuller multi-ray model: second-order reflections + diffuse scattering S = 0.3", False),
                             ("room-multiray", "Scenario 2, second-order reflections + diffuse scattering S = 0.3", False),
                             ("office-noise", "Scenario 1 with Cramér–Rao-bound measurement noise on every row", False),
                             ("room-noise", "Scenario 2 with Cramér–Rao-bound measurement noise on every row", False)]:
    print(f"### {title}\n\n{dataset_line(config)}\n\n{table(config, paper)}\n")
print("### WRF's K on scenario 1 (the paper does not state K)\n")
print("| K | mean (m) | median (m) | p90 (m) | max (m) |\n|---:|---:|---:|---:|---:|")
for K in [1, 2, 3, 4, 5, 8]:
    rep = by[f"office-K{K}"]["wrf"]["report"]
    print(f'| {K} | {m(rep["mean_m"])} | {m(rep["median_m"])} | {m(rep["p90_m"])} | {m(rep["max_m"])} |')
print(TEXT_TAIL)
print("\n## Commands\n\nFrom the package root (`Results/fingerprinting.sh` runs all of them; `sensing-gym` is "
      "`.build/release/sensing-gym`):\n\n```sh")
for c in commands: print(c)
print("```")

PY
echo "wrote $OUT" >&2
