#!/usr/bin/env python3
"""Sionna RT cross-check of SensingGym's specular reflections on the wrf-office-16x15 scenario.

Builds the 16 x 15 x 3 m box room in Sionna RT (six planes; ITU concrete walls and floor, ITU plasterboard
ceiling; 60 GHz), traces LoS + first-order specular paths (max depth 1, no diffraction, scattering or
refraction) from both APs to a 1 m grid of users at 1.5 m, with single isotropic antennas carrying both V and H
polarisation (so the VV, HH and cross-polar VH/HV coefficients come out of one trace), and compares every path
with an independent numpy ITU-R P.2040-3 + Fresnel model (p2040.py).

Run it through run.sh (it installs sionna-rt and libllvm19):  bash Results/sionna/run.sh [--json]
Outputs (next to this file unless --out-dir):
  crosscheck.json        summary figures (keys documented in crosscheck.md and under "keys" in the file)
  crosscheck.md          a table of the figures + the command that regenerates it
  sionna_paths.json      Sionna's per-path records, the input of compare_sensinggym.py
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import p2040  # noqa: E402
from p2040 import C0, LOS, SURFACES, Office  # noqa: E402

SIONNA_MATERIAL = {"concrete": "itu_concrete", "plasterboard": "itu_plasterboard"}


# ----------------------------------------------------------------------------------------------------------------
# Scene
# ----------------------------------------------------------------------------------------------------------------

def write_scene(office: Office, folder: str, thickness: float) -> str:
    """Mitsuba XML + one ASCII PLY quad per surface, normals pointing into the room. Returns the XML path."""
    lo, hi = np.array(office.lo), np.array(office.hi)
    os.makedirs(os.path.join(folder, "meshes"), exist_ok=True)
    shapes = []
    for s, name in enumerate(SURFACES):
        axis = s // 2
        value = lo[axis] if s % 2 == 0 else hi[axis]
        u, v = [a for a in range(3) if a != axis]
        corners = []
        for cu, cv in [(lo[u], lo[v]), (hi[u], lo[v]), (hi[u], hi[v]), (lo[u], hi[v])]:
            p = np.zeros(3)
            p[axis], p[u], p[v] = value, cu, cv
            corners.append(p)
        faces = [(0, 1, 2), (0, 2, 3)]
        n = np.cross(corners[1] - corners[0], corners[2] - corners[0])
        if n @ p2040.normal(s) < 0:
            faces = [(0, 2, 1), (0, 3, 2)]
        with open(os.path.join(folder, "meshes", f"{name}.ply"), "w") as f:
            f.write("ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\n"
                    "element face 2\nproperty list uchar int vertex_indices\nend_header\n")
            for p in corners:
                f.write(f"{p[0]} {p[1]} {p[2]}\n")
            for a, b, c in faces:
                f.write(f"3 {a} {b} {c}\n")
        shapes.append(f"""    <shape type="ply" id="{name}">
        <string name="filename" value="meshes/{name}.ply"/>
        <boolean name="face_normals" value="true"/>
        <ref id="{SIONNA_MATERIAL[office.materials[s]]}" name="bsdf"/>
    </shape>""")
    mats = "\n".join(f"""    <bsdf type="itu-radio-material" id="{SIONNA_MATERIAL[m]}">
        <string name="type" value="{m}"/>
        <float name="thickness" value="{thickness}"/>
    </bsdf>""" for m in sorted(set(office.materials)))
    xml = f'<scene version="2.1.0">\n{mats}\n' + "\n".join(shapes) + "\n</scene>\n"
    path = os.path.join(folder, "office.xml")
    with open(path, "w") as f:
        f.write(xml)
    return path


def trace_sionna(office: Office, users: np.ndarray, thickness: float, samples_per_src: int):
    """Runs Sionna RT; returns (links, info) with links in p2040.model_links' layout."""
    import drjit as dr  # noqa: F401
    import mitsuba as mi
    import sionna.rt as rt

    info = {"sionna_rt": rt.__version__, "mitsuba": mi.__version__, "mitsuba_variant": mi.variant(),
            "drjit_libllvm": os.environ.get("DRJIT_LIBLLVM_PATH")}
    with tempfile.TemporaryDirectory() as tmp:
        scene = rt.load_scene(write_scene(office, tmp, thickness), merge_shapes=False)
    scene.frequency = office.carrier_hz
    scene.bandwidth = office.bandwidth_hz
    for m in scene.radio_materials.values():
        if hasattr(m, "relative_permittivity"):
            info.setdefault("materials", {})[m.name] = {
                "eps_r": float(m.relative_permittivity[0]), "sigma_S_per_m": float(m.conductivity[0]),
                "thickness_m": float(m.thickness[0])}
    # Object id -> surface name (merge_shapes=False keeps one object per plane).
    id_to_surface = {int(obj.object_id): name for name, obj in scene.objects.items()}
    info["objects"] = {str(k): v for k, v in id_to_surface.items()}

    scene.tx_array = rt.PlanarArray(num_rows=1, num_cols=1, pattern="iso", polarization="VH")
    scene.rx_array = rt.PlanarArray(num_rows=1, num_cols=1, pattern="iso", polarization="VH")
    for a, ap in enumerate(office.aps):
        scene.add(rt.Transmitter(name=office.ap_names[a], position=mi.Point3f(*map(float, ap)), orientation=mi.Point3f(0, 0, 0)))
    for i, u in enumerate(users):
        scene.add(rt.Receiver(name=f"u{i}", position=mi.Point3f(*map(float, u)), orientation=mi.Point3f(0, 0, 0)))

    solver = rt.PathSolver()
    t0 = time.time()
    paths = solver(scene, max_depth=1, los=True, specular_reflection=True, diffuse_reflection=False,
                   refraction=False, diffraction=False, edge_diffraction=False, synthetic_array=True,
                   samples_per_src=samples_per_src, max_num_paths_per_src=100000, seed=1)
    a_re, a_im = paths.a
    a = np.array(a_re.numpy()) + 1j * np.array(a_im.numpy())          # [rx, rx_ant, tx, tx_ant, path]
    tau = np.array(paths.tau.numpy())                                   # [rx, tx, path]
    valid = np.array(paths.valid.numpy())
    inter = np.array(paths.interactions.numpy())                        # [depth, rx, tx, path]
    objs = np.array(paths.objects.numpy())
    verts = np.array(paths.vertices.numpy())                            # [depth, rx, tx, path, 3]
    info["trace_seconds"] = round(time.time() - t0, 2)
    info["samples_per_src"] = samples_per_src
    info["a_shape"] = list(a.shape)
    # Polarisation index of the VH array: 0 = V (slant 0), 1 = H (slant 90 deg).
    pol_index = {"V": 0, "H": 1}
    # paths.a excludes the propagation phase (cir() applies e^{-j 2 pi f tau}); apply it here.
    lam = office.wavelength
    links = []
    for a_i, ap in enumerate(office.aps):
        for u_i, u in enumerate(users):
            out = []
            for k in range(tau.shape[-1]):
                v = valid[u_i, :, a_i, :, k] if valid.ndim == 5 else valid[u_i, a_i, k]
                if not np.any(v):
                    continue
                t = float(tau[u_i, a_i, k])
                length = t * C0
                phase = np.exp(-2j * math.pi * office.carrier_hz * t)
                itype = int(inter[0, u_i, a_i, k])
                if itype == 0:
                    surface, theta, point = LOS, None, None
                else:
                    surface = id_to_surface.get(int(objs[0, u_i, a_i, k]), f"object{int(objs[0, u_i, a_i, k])}")
                    point = verts[0, u_i, a_i, k].astype(float)
                    k_in = point - np.asarray(ap)
                    k_in /= np.linalg.norm(k_in)
                    n = p2040.normal(SURFACES.index(surface)) if surface in SURFACES else None
                    theta = None if n is None else math.degrees(math.acos(min(1.0, abs(float(k_in @ n)))))
                coef = {}
                for r in "VH":
                    for tp in "VH":
                        c = complex(a[u_i, pol_index[r], a_i, pol_index[tp], k]) * phase
                        coef[r + tp] = [c.real, c.imag]
                amp_db = {k: 20 * math.log10(max(abs(complex(*v)), 1e-300)) for k, v in coef.items()}
                phase_deg = {k: math.degrees(math.atan2(v[1], v[0])) for k, v in coef.items()}
                rec = dict(surface=surface, length_m=length, delay_s=t, theta_inc_deg=theta, coef=coef,
                           amp_db=amp_db, phase_deg=phase_deg, interaction=itype)
                if point is not None:
                    rec["point"] = [float(x) for x in point]
                out.append(rec)
            out.sort(key=lambda p: p["length_m"])
            links.append(dict(ap=a_i, ap_name=office.ap_names[a_i], user=[float(x) for x in u], paths=out))
    info["wavelength_m"] = lam
    return links, info


# ----------------------------------------------------------------------------------------------------------------
# Comparison
# ----------------------------------------------------------------------------------------------------------------

def cplx(pair):
    return complex(pair[0], pair[1])


def db(x):
    return 20 * math.log10(max(abs(x), 1e-300))


def wrap_deg(x):
    return (x + 180.0) % 360.0 - 180.0


def stats(values):
    v = np.abs(np.asarray(values, float))
    if v.size == 0:
        return None
    return {"max": float(v.max()), "median": float(np.median(v)), "p90": float(np.percentile(v, 90)), "n": int(v.size)}


def signed_stats(values):
    v = np.asarray(values, float)
    if v.size == 0:
        return None
    return {"median": float(np.median(v)), "p90": float(np.percentile(v, 90)), "min": float(v.min()),
            "max": float(v.max()), "mean": float(v.mean()), "n": int(v.size)}


FIXED_LOSS_DB = {"wallXMin": 6.0, "wallXMax": 6.0, "wallYMin": 6.0, "wallYMax": 6.0, "floor": 8.0, "ceiling": 10.0}


def fixed_loss_links(office: Office, users):
    """The simulator's current model (wrf-office-16x15.yaml: fixed 6/8/10 dB losses, real positive Gamma, no
    polarisation) in model_links' layout (only 'mapped' is filled)."""
    links = []
    for a, ap in enumerate(office.aps):
        for u in users:
            paths = []
            for p in p2040.image_paths(office, ap, u):
                g = 1.0 if p["surface"] == LOS else 10 ** (-FIXED_LOSS_DB[p["surface"]] / 20)
                c = complex(p2040.free_space(office, p["length"])) * g
                paths.append(dict(surface=p["surface"], length_m=p["length"],
                                  mapped={q: [(c * p2040.los_sign(q)).real, (c * p2040.los_sign(q)).imag] for q in "VH"}))
            links.append(dict(ap=a, user=[float(x) for x in u], paths=paths))
    return links


def compare(office: Office, sionna_links, model_links, fixed_links=None):
    """All agreement figures. Both inputs are lists of links in p2040.model_links' layout (same order)."""
    lam = office.wavelength
    res = {"links": len(sionna_links)}
    # ---- geometry and path count
    missing, extra, length_err, point_err = [], [], [], []
    duplicates = 0
    los_db = {"V": [], "H": []}
    los_phase = {"V": [], "H": []}
    los_sign = {}
    per_surface = {}   # surface -> pol -> lists
    for sl, ml in zip(sionna_links, model_links):
        assert sl["ap"] == ml["ap"] and np.allclose(sl["user"], ml["user"])
        names = [p["surface"] for p in sl["paths"]]
        duplicates += len(names) - len(set(names))
        sp = {p["surface"]: p for p in sl["paths"]}
        mp = {p["surface"]: p for p in ml["paths"]}
        for name in mp:
            if name not in sp:
                missing.append((sl["ap"], sl["user"], name))
        for name in sp:
            if name not in mp:
                extra.append((sl["ap"], sl["user"], name))
        for name, m in mp.items():
            if name not in sp:
                continue
            s = sp[name]
            length_err.append(s["length_m"] - m["length_m"])
            fs = complex(p2040.free_space(office, s["length_m"]))
            if name == LOS:
                for q in "VH":
                    c = cplx(s["coef"][q + q])
                    los_db[q].append(db(c) - db(lam / (4 * math.pi * s["length_m"])))
                    los_phase[q].append(math.degrees(np.angle(c / (p2040.los_sign(q) * fs))))
                continue
            # reflection point vs the image method's
            mpt = p2040.image_paths(office, office.aps[sl["ap"]], sl["user"])[SURFACES.index(name) + 1]["point"]
            if "point" in s:
                point_err.append(float(np.linalg.norm(np.asarray(s["point"]) - mpt)))
            d = per_surface.setdefault(name, {q: {"gs": [], "gm": [], "gj": [], "x": [], "theta": [], "rel": [],
                                                  "err_re_los": [], "exact_err_re_los": [], "where": []} for q in "VH"})
            slos = sp.get(LOS)
            for q in "VH":
                sign = p2040.los_sign(q)
                gs = cplx(s["coef"][q + q]) / (sign * fs)                     # Sionna's effective Gamma
                gj = cplx(m["coef"][q + q]) / (sign * complex(p2040.free_space(office, m["length_m"])))
                gm = cplx(m["mapped"][q]) / (sign * complex(p2040.free_space(office, m["length_m"])))
                cross = cplx(s["coef"][("H" if q == "V" else "V") + q])       # other-pol receive, same tx pol
                d[q]["gs"].append(gs)
                d[q]["gj"].append(gj)
                d[q]["gm"].append(gm)
                d[q]["x"].append(db(cross) - db(cplx(s["coef"][q + q])) if abs(cross) > 0 else -300.0)
                d[q]["theta"].append(s["theta_inc_deg"])
                d[q]["where"].append({"ap": sl["ap"], "user": sl["user"], "theta_inc_deg": s["theta_inc_deg"]})
                if slos is not None:
                    alos = abs(cplx(slos["coef"][q + q]))
                    a_s = cplx(s["coef"][q + q])
                    a_m = gm * sign * fs                                       # mapped model at Sionna's length
                    d[q]["rel"].append(db(a_s) - db(alos))                   # path power re LoS, dB
                    d[q]["err_re_los"].append(db(a_m - a_s) - db(alos))      # mapped-model error re LoS, dB
                    d[q]["exact_err_re_los"].append(db((gj - gs) * fs) - db(alos))
                else:
                    d[q]["rel"].append(float("nan"))
                    d[q]["err_re_los"].append(float("nan"))
                    d[q]["exact_err_re_los"].append(float("nan"))
    res["geometry"] = {
        "paths_missing_in_sionna": len(missing), "paths_extra_in_sionna": len(extra),
        "duplicate_surface_paths_in_sionna": duplicates,
        "missing_examples": missing[:5], "extra_examples": extra[:5],
        "length_error_m": stats(length_err), "reflection_point_error_m": stats(point_err)}
    res["los"] = {q: {"power_vs_friis_db": stats(los_db[q]), "phase_vs_free_space_deg": stats(los_phase[q]),
                      "sionna_sign": float(np.sign(np.median(np.cos(np.radians(los_phase[q])))) * p2040.los_sign(q))
                      if los_phase[q] else None}
                  for q in "VH"}
    # Sionna's LoS phase is ~0 relative to los_sign(q) * free space if the conventions match.
    surf = {}
    for name, d in per_surface.items():
        surf[name] = {}
        for q in "VH":
            gs, gj, gm = (np.array(d[q][k]) for k in ("gs", "gj", "gm"))
            surf[name][q] = {
                "incidence_deg": {"min": float(np.min(d[q]["theta"])), "max": float(np.max(d[q]["theta"]))},
                "sionna_gamma_db": {"min": float(np.min(20 * np.log10(np.abs(gs)))),
                                    "median": float(np.median(20 * np.log10(np.abs(gs)))),
                                    "max": float(np.max(20 * np.log10(np.abs(gs))))},
                "sionna_phase_deg": {"median": float(np.median(np.degrees(np.angle(gs)))),
                                     "min": float(np.min(np.degrees(np.angle(gs)))),
                                     "max": float(np.max(np.degrees(np.angle(gs))))},
                # The simulator's scalar shoebox mapping (V: walls TE, floor/ceiling TM; H reverse) vs Sionna
                "mapped_vs_sionna_db": stats(20 * np.log10(np.abs(gm) / np.abs(gs))),
                "mapped_vs_sionna_phase_deg": stats([wrap_deg(x) for x in np.degrees(np.angle(gm / gs))]),
                # The numpy model with full polarimetric projection vs Sionna (tests the numpy Fresnel itself)
                "exact_vs_sionna_db": stats(20 * np.log10(np.abs(gj) / np.abs(gs))),
                "exact_vs_sionna_phase_deg": stats([wrap_deg(x) for x in np.degrees(np.angle(gj / gs))]),
                "sionna_cross_pol_db": {"max": float(np.max(d[q]["x"])), "median": float(np.median(d[q]["x"]))},
                # the same mapped-model error restricted to paths within 15 dB of the LoS, and the error as a
                # complex vector relative to the LoS amplitude: 20 log10 |a_mapped - a_sionna| / |a_LoS|
                "mapped_vs_sionna_db_paths_within_15db_of_los": stats(
                    [20 * math.log10(abs(x) / abs(y)) for x, y, r in zip(gm, gs, d[q]["rel"]) if r >= -15]),
                "mapped_error_re_los_db": {"max": float(np.nanmax(d[q]["err_re_los"])),
                                           "median": float(np.nanmedian(d[q]["err_re_los"]))},
                "mapped_share_paths_over_1db": float(np.mean(np.abs(20 * np.log10(np.abs(gm) / np.abs(gs))) > 1.0)),
                "mapped_share_paths_error_re_los_over_minus20db": float(np.nanmean(np.array(d[q]["err_re_los"]) > -20.0)),
                "exact_error_re_los_db": {"max": float(np.nanmax(d[q]["exact_err_re_los"])),
                                          "median": float(np.nanmedian(d[q]["exact_err_re_los"]))},
                "mapped_worst": d[q]["where"][int(np.argmax(np.abs(20 * np.log10(np.abs(gm) / np.abs(gs)))))]
                | {"sionna_gamma_db": float(20 * np.log10(np.abs(gs[int(np.argmax(np.abs(20 * np.log10(np.abs(gm) / np.abs(gs)))))]))),
                   "mapped_gamma_db": float(20 * np.log10(np.abs(gm[int(np.argmax(np.abs(20 * np.log10(np.abs(gm) / np.abs(gs)))))])))},
            }
    res["surfaces"] = surf
    # Wall paths where the scalar mapping is off by > 1 dB: where they are
    brewster = math.degrees(math.atan(math.sqrt(p2040.permittivity("concrete", office.carrier_hz).real)))
    off = []
    for name, d in per_surface.items():
        if SURFACES.index(name) >= 4:
            continue
        for q in "VH":
            for gs, gm, w in zip(d[q]["gs"], d[q]["gm"], d[q]["where"]):
                e = 20 * math.log10(abs(gm) / abs(gs))
                if abs(e) > 1.0:
                    ap_xy = np.asarray(office.aps[w["ap"]][:2])
                    off.append({"surface": name, "pol": q, "ap": w["ap"], "user": w["user"], "mapped_minus_sionna_db": e,
                                "theta_inc_deg": w["theta_inc_deg"],
                                "ap_user_horizontal_m": float(np.linalg.norm(np.asarray(w["user"][:2]) - ap_xy))})
    res["wall_paths_mapping_off_by_over_1db"] = {
        "count": len(off), "of": sum(len(d[q]["gs"]) for n_, d in per_surface.items() if SURFACES.index(n_) < 4
                                     for q in "VH"),
        "concrete_brewster_deg": brewster,
        "near_ap_count": sum(o["ap_user_horizontal_m"] < 3.5 for o in off),
        "near_brewster_h_count": sum(o["ap_user_horizontal_m"] >= 3.5 and o["pol"] == "H" and
                                     abs(o["theta_inc_deg"] - brewster) < 5 for o in off),
        "paths": off}
    # ---- figures the lead needs, from Sionna's coefficients and from the mapped model
    res_bin = C0 / office.bandwidth_hz
    figs = {}
    sources = [("sionna", sionna_links, "coef"), ("mapped_model", model_links, "mapped")]
    if fixed_links is not None:
        sources.append(("fixed_loss_model", fixed_links, "mapped"))
    for src, links, key in sources:
        figs[src] = {}
        for q in "VH":
            within3, strongest_surface, bias, bias_merged, merged_surfaces, delta = 0, {}, [], [], {}, []
            n = 0
            for link in links:
                ps = link["paths"]
                val = (lambda p: cplx(p[key][q + q])) if key == "coef" else (lambda p: cplx(p[key][q]))
                los = [p for p in ps if p["surface"] == LOS]
                refl = [p for p in ps if p["surface"] != LOS]
                if not los or not refl:
                    continue
                n += 1
                plos = abs(val(los[0])) ** 2
                best = max(refl, key=lambda p: abs(val(p)) ** 2)
                dlt = 10 * math.log10(abs(val(best)) ** 2 / plos)
                delta.append(dlt)
                if dlt >= -3.0:
                    within3 += 1
                strongest_surface[best["surface"]] = strongest_surface.get(best["surface"], 0) + 1
                b, members = p2040.cluster_bias([p["length_m"] for p in ps], [abs(val(p)) ** 2 for p in ps], res_bin)
                bias.append(b)
                if len(members) > 1:
                    bias_merged.append(b)
                    tag = "+".join(sorted(ps[i]["surface"] for i in members))
                    merged_surfaces[tag] = merged_surfaces.get(tag, 0) + 1
            figs[src][q] = {
                "links": n,
                "share_strongest_reflection_within_3db_of_los": within3 / n if n else None,
                "strongest_reflection_minus_los_db": signed_stats(delta),
                "strongest_reflection_surface_counts": strongest_surface,
                "share_links_with_merged_cluster": len(bias_merged) / n if n else None,
                "merged_cluster_members_counts": merged_surfaces,
                "range_bias_m_all_links": signed_stats(bias),
                "range_bias_m_merged_links": signed_stats(bias_merged),
            }
    figs["resolution_m"] = res_bin
    res["figures"] = figs
    return res


# ----------------------------------------------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------------------------------------------

def fmt(x, nd=3):
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.{nd}f}"
    return str(x)


def markdown(summary) -> str:
    r = summary["results"]
    info = summary["run"]
    lines = ["# Sionna RT cross-check: specular reflections, wrf-office-16x15 (60 GHz, ITU-R P.2040-3)", ""]
    lines += ["Regenerate (installs sionna-rt from PyPI and Debian's libllvm19; CPU, Dr.Jit LLVM backend):", "",
              "```", summary["command"], "```", ""]
    lines += [f"Scene: box x∈[−8,8], y∈[−8,7], z∈[0,3] m; walls and floor `itu_concrete`, ceiling `itu_plasterboard` "
              f"(slab thickness {summary['config']['thickness_m']} m); APs {list(summary['config']['aps'])}; "
              f"{summary['config']['users']} users on a {summary['config']['grid_step_m']} m grid at 1.5 m; isotropic "
              f"antennas, V+H ('VH') at both ends; LoS + specular max depth 1; no diffraction, scattering or refraction.",
              ""]
    if info.get("sionna_rt"):
        lines += [f"Sionna RT {info['sionna_rt']}, Mitsuba {info['mitsuba']} ({info['mitsuba_variant']}), "
                  f"{info['samples_per_src']} samples per source, trace {info['trace_seconds']} s.", ""]
        mats = info.get("materials", {})
        if mats:
            lines += ["Sionna's material parameters at 60 GHz: " + "; ".join(
                f"{k}: ε′={v['eps_r']:.3f}, σ={v['sigma_S_per_m']:.4f} S/m" for k, v in mats.items()) +
                "; numpy: " + "; ".join(f"{k}: ε={v['real']:.3f}{v['imag']:+.4f}j"
                                        for k, v in summary["numpy_permittivity"].items()), ""]
    g = r["geometry"]
    lines += ["## Geometry", "",
              f"- links: {r['links']}; paths missing in Sionna vs the image method: {g['paths_missing_in_sionna']}; "
              f"extra: {g['paths_extra_in_sionna']}",
              f"- path length error (Sionna − image method): max {fmt(g['length_error_m']['max'], 6)} m",
              f"- reflection point error: max {fmt((g['reflection_point_error_m'] or {}).get('max'), 6)} m",
              f"- duplicate paths off one surface in a link: {g['duplicate_surface_paths_in_sionna']}",
              f"- finite slab ({summary['config']['thickness_m']} m) vs half space, numpy, any path: max "
              f"{r['slab_vs_half_space_max_db']:.1e} dB", ""]
    lines += ["## LoS vs Friis", "", "| pol | power − Friis, max abs (dB) | median (dB) | phase vs LoS-sign·e^{−jkd}, max abs (°) |",
              "| --- | --- | --- | --- |"]
    for q in "VH":
        los = r["los"][q]
        lines.append(f"| {q} | {fmt(los['power_vs_friis_db']['max'], 4)} | {fmt(los['power_vs_friis_db']['median'], 4)} "
                     f"| {fmt(los['phase_vs_free_space_deg']['max'], 3)} |")
    lines += ["", "LoS sign convention: V LoS = +(λ/4πd)e^{−jkd}, H LoS = −(λ/4πd)e^{−jkd} (φ̂(−u) = −φ̂(u)); every Γ "
              "below is the path coefficient divided by the same-polarisation LoS convention, i.e. the Γ a simulator "
              "with LoS = +(λ/4πd)e^{−jkd} uses.", ""]
    lines += ["## Per surface: Sionna's Γ and the agreement of the numpy models", "",
              "*mapped* = scalar shoebox mapping (V: walls TE, floor/ceiling TM; H: the reverse), what SensingGym "
              "implements; *exact* = numpy Fresnel on the ray's actual s/p components, projected on the antennas. "
              "Differences are |model/Sionna| in dB and arg(model/Sionna) in degrees over all links; *error re LoS* = 20 log10 |a_mapped − a_Sionna| / |a_LoS|.", "",
              "| surface | pol | θᵢ range (°) | Sionna \\|Γ\\| median (min…max) dB | Sionna ∠Γ median (°) | mapped Δ dB median / p90 / max | mapped Δ dB, paths ≥ LoS−15 dB: max | mapped Δ° median / p90 / max | mapped error re LoS, max (dB) | exact Δ dB max | exact Δ° max | exact error re LoS, max (dB) | Sionna cross-pol, max (dB re co-pol) |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name in SURFACES:
        if name not in r["surfaces"]:
            continue
        for q in "VH":
            s = r["surfaces"][name][q]
            lines.append(
                f"| {name} | {q} | {s['incidence_deg']['min']:.1f}…{s['incidence_deg']['max']:.1f} "
                f"| {s['sionna_gamma_db']['median']:.2f} ({s['sionna_gamma_db']['min']:.2f}…{s['sionna_gamma_db']['max']:.2f}) "
                f"| {s['sionna_phase_deg']['median']:.1f} "
                f"| {s['mapped_vs_sionna_db']['median']:.3f} / {s['mapped_vs_sionna_db']['p90']:.3f} / {s['mapped_vs_sionna_db']['max']:.2f} "
                f"| {fmt((s['mapped_vs_sionna_db_paths_within_15db_of_los'] or {}).get('max'), 3)} "
                f"| {s['mapped_vs_sionna_phase_deg']['median']:.3f} / {s['mapped_vs_sionna_phase_deg']['p90']:.3f} / {s['mapped_vs_sionna_phase_deg']['max']:.2f} "
                f"| {s['mapped_error_re_los_db']['max']:.1f} "
                f"| {s['exact_vs_sionna_db']['max']:.1e} "
                f"| {s['exact_vs_sionna_phase_deg']['max']:.1e} "
                f"| {s['exact_error_re_los_db']['max']:.1f} "
                f"| {s['sionna_cross_pol_db']['max']:.1f} |")
    f = r["figures"]
    lines += ["", f"## Figures for the simulator (resolution c/B = {f['resolution_m']:.3f} m)", "",
              "| source | pol | links | strongest reflection within 3 dB of LoS | strongest refl − LoS median (dB) | links with merged LoS cluster | range bias, merged links: median / p90 (m) | range bias, all links: median / p90 (m) | cluster members |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for src in ("sionna", "mapped_model", "fixed_loss_model"):
        if src not in f:
            continue
        for q in "VH":
            x = f[src][q]
            bm, ba = x["range_bias_m_merged_links"] or {}, x["range_bias_m_all_links"]
            members = ", ".join(f"{k}: {v}" for k, v in sorted(x["merged_cluster_members_counts"].items()))
            lines.append(
                f"| {src} | {q} | {x['links']} | {100 * x['share_strongest_reflection_within_3db_of_los']:.1f} % "
                f"| {x['strongest_reflection_minus_los_db']['median']:.2f} "
                f"| {100 * x['share_links_with_merged_cluster']:.1f} % "
                f"| {fmt(bm.get('median'), 4)} / {fmt(bm.get('p90'), 4)} "
                f"| {fmt(ba['median'], 4)} / {fmt(ba['p90'], 4)} | {members} |")
    lines += ["", "*sionna*: Sionna's co-polar coefficients; *mapped_model*: numpy P.2040-3 with the scalar TE/TM "
              "mapping; *fixed_loss_model*: the scenario's current fixed losses (walls 6 dB, floor 8 dB, ceiling "
              "10 dB, real Γ; the same for V and H).", ""]
    lines += ["Range bias = power-weighted centroid length of the cluster anchored on the LoS (all paths within c/B of "
              "it, as SensingGym's PathCluster) minus the LoS length.", ""]
    lines += ["## Findings (computed from the figures above)", ""]
    surf = r["surfaces"]
    walls = [n for n in SURFACES[:4] if n in surf]
    flat = [n for n in SURFACES[4:] if n in surf]
    ex_db = max(surf[n][q]["exact_vs_sionna_db"]["max"] for n in surf for q in "VH")
    ex_deg = max(surf[n][q]["exact_vs_sionna_phase_deg"]["max"] for n in surf for q in "VH")
    ex_los = max(surf[n][q]["exact_error_re_los_db"]["max"] for n in surf for q in "VH")
    lines.append(f"- The numpy P.2040-3 + Fresnel model with the exact polarimetric projection reproduces Sionna RT on "
                 f"every path within {ex_db:.2g} dB and {ex_deg:.2g}° (as a complex error relative to the LoS amplitude: ≤ {ex_los:.1f} dB).")
    if flat:
        fl_db = max(surf[n][q]["mapped_vs_sionna_db"]["max"] for n in flat for q in "VH")
        fl_deg = max(surf[n][q]["mapped_vs_sionna_phase_deg"]["max"] for n in flat for q in "VH")
        fl_x = max(surf[n][q]["sionna_cross_pol_db"]["max"] for n in flat for q in "VH")
        lines.append(f"- Floor and ceiling: the scalar mapping (V→TM, H→TE) holds to {fl_db:.2g} dB / {fl_deg:.2g}°; "
                     f"Sionna's cross-polar level there is ≤ {fl_x:.0f} dB (the plane of incidence is vertical and "
                     f"contains θ̂, so there is no depolarisation).")
    if walls:
        med = max(surf[n][q]["mapped_vs_sionna_db"]["median"] for n in walls for q in "VH")
        p90 = max(surf[n][q]["mapped_vs_sionna_db"]["p90"] for n in walls for q in "VH")
        mx = max(surf[n][q]["mapped_vs_sionna_db"]["max"] for n in walls for q in "VH")
        share = max(surf[n][q]["mapped_share_paths_over_1db"] for n in walls for q in "VH")
        rel = max(surf[n][q]["mapped_error_re_los_db"]["max"] for n in walls for q in "VH")
        x = max(surf[n][q]["sionna_cross_pol_db"]["max"] for n in walls for q in "VH")
        worst = max(((surf[n][q]["mapped_vs_sionna_db"]["max"], n, q) for n in walls for q in "VH"))
        w = surf[worst[1]][worst[2]]["mapped_worst"]
        lines.append(f"- Walls: the scalar mapping (V→TE, H→TM) is within {med:.2g} dB (median) / {p90:.2g} dB (p90) "
                     f"of Sionna, worst surface-pol; at most {100 * share:.1f} % of a wall's paths are off by more than "
                     f"1 dB, worst {mx:.1f} dB ({worst[1]} {worst[2]}, AP {w['ap']}, user {w['user']}, θᵢ "
                     f"{w['theta_inc_deg']:.1f}°: Sionna {w['sionna_gamma_db']:.1f} dB, mapping "
                     f"{w['mapped_gamma_db']:.1f} dB).")
        o = r["wall_paths_mapping_off_by_over_1db"]
        lines.append(f"- Of the {o['count']} wall paths (of {o['of']}) off by > 1 dB, {o['near_ap_count']} are to users "
                     f"within 3.5 m (horizontally) of the AP (LoS elevation above 20°), where the steep ray's plane of incidence on the wall is far "
                     f"from horizontal and the wave depolarises (Sionna's cross-polar level up to {x:+.1f} dB re "
                     f"co-polar); {o['near_brewster_h_count']} more are H paths within 5° of concrete's Brewster angle "
                     f"({o['concrete_brewster_deg']:.1f}°), where |Γ_TM| is small and a little TE leakage moves it by "
                     f"dBs. As a complex error relative to the LoS amplitude the mapping is ≤ {rel:.1f} dB on every "
                     f"wall path.")
    lines.append("")
    lines += ["Per-path records (Sionna's VV/HH/VH/HV coefficients, length, delay, incidence angle, reflection point): "
              "`sionna_paths.json`; `compare_sensinggym.py` compares a SensingGym per-path dump with them "
              "(tested on fake dumps: `compare_fake.md`).", ""]
    lines += ["## Keys of crosscheck.json", ""]
    lines += [f"- `{k}`: {v}" for k, v in summary["keys"].items()]
    return "\n".join(lines) + "\n"


KEYS = {
    "command": "command line that regenerates the files",
    "config": "scenario and trace settings (APs, grid, thickness, carrier, bandwidth)",
    "numpy_permittivity": "ε = εr′ − jσ/(2πfε0) of each ITU material at the carrier, from p2040.py",
    "run": "Sionna/Mitsuba versions, variant, materials Sionna reports, trace time (empty if --numpy-only)",
    "results.links": "number of (AP, user) links",
    "results.geometry": "paths missing/extra in Sionna vs the image method, path length and reflection point errors",
    "results.los.<pol>": "LoS power − Friis (dB) and phase vs LoS-sign·(λ/4πd)e^{−jkd} (deg): max/median/p90 of |x|",
    "results.surfaces.<surface>.<pol>": "Sionna's effective Γ (dB, phase) and mapped/exact numpy model − Sionna (dB, deg, max/median/p90 of |x|), Sionna's cross-polar level (dB re co-pol)",
    "results.figures.<sionna|mapped_model|fixed_loss_model>.<pol>": "share of links whose strongest reflection is within 3 dB of LoS; strongest reflection − LoS (dB); share and members of merged LoS clusters; range bias (m) over merged links and all links",
    "results.figures.resolution_m": "c/B used to merge paths",
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print the summary JSON on stdout")
    ap.add_argument("--grid-step", type=float, default=1.0, help="user grid step, m (default 1)")
    ap.add_argument("--thickness", type=float, default=0.1,
                    help="material slab thickness given to Sionna, m (default 0.1 = Sionna's default)")
    ap.add_argument("--samples-per-src", type=int, default=100_000,
                    help="Sionna shoot-and-bounce samples per AP (default 1e5; paths are refined by the image method)")
    ap.add_argument("--out-dir", default=HERE)
    ap.add_argument("--numpy-only", action="store_true",
                    help="skip Sionna: compare the numpy model with itself (smoke test of the pipeline)")
    args = ap.parse_args(argv)

    office = Office()
    users = office.grid(args.grid_step)
    model = p2040.model_links(office, users, thickness=None)
    if args.numpy_only:
        sionna_links = p2040.model_links(office, users, thickness=args.thickness)
        info = {"note": "numpy-only: the 'sionna' side is the numpy slab model"}
    else:
        sionna_links, info = trace_sionna(office, users, args.thickness, args.samples_per_src)
    results = compare(office, sionna_links, model, fixed_loss_links(office, users))
    # Slab vs half-space: how much the finite thickness Sionna models changes Γ (numpy, both polarisations)
    slab = p2040.model_links(office, users, thickness=args.thickness)
    worst = 0.0
    for l1, l2 in zip(slab, model):
        for p1, p2 in zip(l1["paths"], l2["paths"]):
            for k in ("VV", "HH"):
                worst = max(worst, abs(db(cplx(p1["coef"][k])) - db(cplx(p2["coef"][k]))))
    results["slab_vs_half_space_max_db"] = worst
    cmd = "bash Results/sionna/run.sh" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]) if a != "--json")
    summary = {
        "command": cmd,
        "config": {"aps": [list(a) for a in office.aps], "users": len(users), "grid_step_m": args.grid_step,
                   "thickness_m": args.thickness, "carrier_hz": office.carrier_hz,
                   "bandwidth_hz": office.bandwidth_hz, "room_min": list(office.lo), "room_max": list(office.hi),
                   "materials": dict(zip(SURFACES, office.materials))},
        "numpy_permittivity": {m: {"real": p2040.permittivity(m, office.carrier_hz).real,
                                   "imag": p2040.permittivity(m, office.carrier_hz).imag} for m in p2040.ITU},
        "run": info,
        "results": results,
        "keys": KEYS,
    }
    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "crosscheck.json"), "w") as f:
        json.dump(summary, f, indent=1)
    with open(os.path.join(args.out_dir, "crosscheck.md"), "w") as f:
        f.write(markdown(summary))
    with open(os.path.join(args.out_dir, "sionna_paths.json"), "w") as f:
        json.dump({"source": "numpy-only" if args.numpy_only else f"sionna-rt {info.get('sionna_rt')}",
                   "convention": "coef[RxPol+TxPol] = [re, im] of the full channel coefficient incl. (λ/4πd) and "
                                 "e^{-j2πd/λ} (amp_db, phase_deg: the same in dB and degrees); "
                                 "isotropic antennas, orientation 0; V = θ̂, H = φ̂",
                   "carrier_hz": office.carrier_hz, "links": sionna_links}, f, separators=(",", ":"))
    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        print(f"wrote {args.out_dir}/crosscheck.json, crosscheck.md, sionna_paths.json", file=sys.stderr)


if __name__ == "__main__":
    main()
