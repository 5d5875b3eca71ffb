#!/usr/bin/env python3
"""Compare SensingGym's per-path output with Sionna RT's per-path coefficients (sionna_paths.json, written by
crosscheck.py) on the wrf-office-16x15 scenario.

SensingGym's file (the `sensing-gym paths` dump the lead is adding) is JSON: either a list of links or
{"polarization": "V"|"H", "links": [...]}, each link
    {"ap": 0 | "ap0", "user": [x, y, z], "paths": [{"surface": ..., "length_m": ..., "re": ..., "im": ...}]}
surface: "los" (or null / "lineOfSight" / "none") or one of wallXMin, wallXMax, wallYMin, wallYMax, floor, ceiling
(case-insensitive; "x_min"-style and "wall_x_min" are accepted). re/im: the path's complex coefficient,
assumed (lambda / 4 pi d) * Gamma * exp(-j 2 pi d / lambda) with LoS = +(lambda / 4 pi d) exp(-j k d).
Sionna's coefficients are taken for the co-polarised pair (VV or HH) and divided by the LoS sign of that
polarisation (H LoS is -(lambda/4 pi d)e^{-jkd} in Sionna's antenna convention), so both sides use the same
convention.

Per path it reports the length error, |a_sg| / |a_sionna| in dB, and arg(a_sg / a_sionna) in degrees; a common
gain offset (median dB over LoS paths: antenna or array gains in SensingGym's figures) is reported and removed
before the per-surface figures.  --phase gamma-only if SensingGym's re/im exclude the propagation phase.

  python3 Results/sionna/compare_sensinggym.py SG_PATHS.json [--pol V] [--sionna Results/sionna/sionna_paths.json]
  python3 Results/sionna/compare_sensinggym.py --make-fake fake.json [--pol V]   # from the numpy model
  python3 Results/sionna/compare_sensinggym.py --make-fake-fixed-loss old.json     # the current 6/8/10 dB model
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import p2040  # noqa: E402
from p2040 import LOS, SURFACES, Office  # noqa: E402

_ALIASES = {None: LOS, "los": LOS, "lineofsight": LOS, "line_of_sight": LOS, "none": LOS, "direct": LOS}
for _s in SURFACES:
    _ALIASES[_s.lower()] = _s
for _i, _s in enumerate(SURFACES[:4]):
    axis, side = ("x" if _i < 2 else "y"), ("min" if _i % 2 == 0 else "max")
    for form in (f"{axis}_{side}", f"{axis}{side}", f"wall_{axis}_{side}", f"wall{axis}{side}"):
        _ALIASES[form] = _s


def surface_name(s):
    key = s.lower() if isinstance(s, str) else s
    if key not in _ALIASES:
        raise ValueError(f"unknown surface {s!r}")
    return _ALIASES[key]


def ap_index(ap, office: Office) -> int:
    if isinstance(ap, int):
        return ap
    if isinstance(ap, str) and ap in office.ap_names:
        return office.ap_names.index(ap)
    if isinstance(ap, (list, tuple)):
        d = [np.linalg.norm(np.asarray(ap) - np.asarray(a)) for a in office.aps]
        return int(np.argmin(d))
    return int(ap)


def load_sg(path):
    with open(path) as f:
        data = json.load(f)
    if isinstance(data, dict):
        return data.get("links", data.get("paths")), data.get("polarization") or data.get("polarisation")
    return data, None


def wrap(x):
    return (x + 180.0) % 360.0 - 180.0


def stats(v):
    v = np.abs(np.asarray(v, float))
    if v.size == 0:
        return None
    return {"max": float(v.max()), "median": float(np.median(v)), "p90": float(np.percentile(v, 90)), "n": int(v.size)}


def compare(sg_links, sionna, pol: str, office: Office, phase: str = "full", tol_m: float = 0.02):
    lam = office.wavelength
    sign = p2040.los_sign(pol)
    index = {}
    for link in sionna["links"]:
        index[(link["ap"], tuple(round(x, 3) for x in link["user"]))] = link
    unmatched_links, unmatched_paths, missing_in_sg = [], 0, 0
    rows = []   # (surface, length error, dB, deg, rel. power of sionna path re LoS)
    for link in sg_links:
        a = ap_index(link["ap"], office)
        key = (a, tuple(round(float(x), 3) for x in link["user"]))
        s_link = index.get(key)
        if s_link is None:
            unmatched_links.append(key)
            continue
        s_paths = {p["surface"]: p for p in s_link["paths"]}
        s_los = s_paths.get(LOS)
        seen = set()
        for p in link["paths"]:
            name = surface_name(p.get("surface"))
            sp = s_paths.get(name)
            if sp is None or abs(sp["length_m"] - p["length_m"]) > tol_m:
                unmatched_paths += 1
                continue
            seen.add(name)
            a_sg = complex(p["re"], p["im"])
            if phase == "gamma-only":
                a_sg *= np.exp(-2j * math.pi * p["length_m"] / lam)
            a_si = complex(*sp["coef"][pol + pol]) * sign
            rel = None if s_los is None else 20 * math.log10(abs(a_si) / abs(complex(*s_los["coef"][pol + pol])))
            rows.append((name, p["length_m"] - sp["length_m"], 20 * math.log10(abs(a_sg) / abs(a_si)),
                         wrap(math.degrees(np.angle(a_sg / a_si))), rel))
        missing_in_sg += len(set(s_paths) - seen)
    los_db = [r[2] for r in rows if r[0] == LOS]
    offset = float(np.median(los_db)) if los_db else 0.0
    los_deg = [r[3] for r in rows if r[0] == LOS]
    phase_offset = float(np.median(los_deg)) if los_deg else 0.0
    out = {"polarization": pol, "links_compared": len(sg_links) - len(unmatched_links),
           "links_not_in_sionna": len(unmatched_links), "paths_unmatched": unmatched_paths,
           "sionna_paths_missing_in_sensinggym": missing_in_sg,
           "common_gain_offset_db": offset, "common_phase_offset_deg": phase_offset,
           "length_error_m": stats([r[1] for r in rows]), "surfaces": {}}
    for name in [LOS] + SURFACES:
        sel = [r for r in rows if r[0] == name]
        if not sel:
            continue
        strong = [r for r in sel if r[4] is not None and r[4] >= -15]
        out["surfaces"][name] = {
            "paths": len(sel),
            "db_after_offset": stats([r[2] - offset for r in sel]),
            "deg_after_offset": stats([wrap(r[3] - phase_offset) for r in sel]),
            "db_after_offset_paths_within_15db_of_los": stats([r[2] - offset for r in strong]),
        }
    return out


def markdown(res) -> str:
    lines = [f"Polarisation {res['polarization']}: {res['links_compared']} links compared "
             f"({res['links_not_in_sionna']} not in Sionna's file), {res['paths_unmatched']} SensingGym paths "
             f"unmatched, {res['sionna_paths_missing_in_sensinggym']} Sionna paths missing in SensingGym; common "
             f"offset {res['common_gain_offset_db']:.3f} dB, {res['common_phase_offset_deg']:.3f}°; length error max "
             f"{(res['length_error_m'] or {}).get('max', float('nan')):.2e} m", "",
             "| surface | paths | Δ dB median / p90 / max | Δ dB max, paths ≥ LoS−15 dB | Δ° median / p90 / max |",
             "| --- | --- | --- | --- | --- |"]
    for name, s in res["surfaces"].items():
        d, g, st = s["db_after_offset"], s["deg_after_offset"], s["db_after_offset_paths_within_15db_of_los"]
        lines.append(f"| {name} | {s['paths']} | {d['median']:.3f} / {d['p90']:.3f} / {d['max']:.3f} "
                     f"| {st['max'] if st else float('nan'):.3f} | {g['median']:.3f} / {g['p90']:.3f} / {g['max']:.3f} |")
    return "\n".join(lines) + "\n"


def make_fake(path, pol, office: Office, step: float):
    """A SensingGym-format dump from the numpy model's scalar mapping (what SensingGym is meant to compute)."""
    links = []
    for link in p2040.model_links(office, office.grid(step)):
        paths = []
        for p in link["paths"]:
            c = complex(*p["mapped"][pol]) * p2040.los_sign(pol)   # back to LoS = +(lambda/4 pi d) e^{-jkd}
            paths.append({"surface": p["surface"] if p["surface"] != LOS else None,
                          "length_m": p["length_m"], "re": c.real, "im": c.imag})
        links.append({"ap": link["ap_name"], "user": link["user"], "paths": paths})
    with open(path, "w") as f:
        json.dump({"polarization": pol, "source": "fake: p2040.py mapped model", "links": links}, f)


def make_fake_fixed_loss(path, office: Office, step: float):
    """A SensingGym-format dump of the simulator's current model: real, positive |Gamma| from the scenario's fixed
    reflection losses (walls 6 dB, floor 8 dB, ceiling 10 dB), no polarisation."""
    loss_db = {"wallXMin": 6.0, "wallXMax": 6.0, "wallYMin": 6.0, "wallYMax": 6.0, "floor": 8.0, "ceiling": 10.0}
    links = []
    for a, ap in enumerate(office.aps):
        for u in office.grid(step):
            paths = []
            for p in p2040.image_paths(office, ap, u):
                g = 1.0 if p["surface"] == LOS else 10 ** (-loss_db[p["surface"]] / 20)
                c = complex(p2040.free_space(office, p["length"])) * g
                paths.append({"surface": p["surface"], "length_m": p["length"], "re": c.real, "im": c.imag})
            links.append({"ap": a, "user": [float(x) for x in u], "paths": paths})
    with open(path, "w") as f:
        json.dump({"source": "fake: fixed reflection losses of wrf-office-16x15.yaml", "links": links}, f)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sensinggym_json", nargs="?")
    ap.add_argument("--sionna", default=os.path.join(HERE, "sionna_paths.json"))
    ap.add_argument("--pol", choices=["V", "H"], help="polarisation of the SensingGym dump (default: the file's, else V)")
    ap.add_argument("--phase", choices=["full", "gamma-only"], default="full",
                    help="gamma-only: SensingGym's re/im exclude exp(-j 2 pi d / lambda)")
    ap.add_argument("--make-fake", metavar="OUT", help="write a fake SensingGym dump from the numpy model and exit")
    ap.add_argument("--make-fake-fixed-loss", metavar="OUT",
                    help="write a dump of the current fixed-loss model (6/8/10 dB, real Gamma) and exit")
    ap.add_argument("--grid-step", type=float, default=1.0)
    ap.add_argument("--json", action="store_true", help="print the comparison as JSON instead of a table")
    args = ap.parse_args(argv)
    office = Office()
    if args.make_fake:
        make_fake(args.make_fake, args.pol or "V", office, args.grid_step)
        print(f"wrote {args.make_fake}", file=sys.stderr)
        return 0
    if args.make_fake_fixed_loss:
        make_fake_fixed_loss(args.make_fake_fixed_loss, office, args.grid_step)
        print(f"wrote {args.make_fake_fixed_loss}", file=sys.stderr)
        return 0
    if not args.sensinggym_json:
        ap.error("give SensingGym's per-path JSON (or --make-fake OUT)")
    links, file_pol = load_sg(args.sensinggym_json)
    pol = args.pol or (file_pol.upper() if file_pol else "V")
    with open(args.sionna) as f:
        sionna = json.load(f)
    res = compare(links, sionna, pol, office, args.phase)
    print(json.dumps(res, indent=1) if args.json else markdown(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
