"""Independent numpy reference for the office cross-check: ITU-R P.2040-3 materials, Fresnel coefficients and the
first-order image method in a shoebox room. It needs only numpy (no Sionna), so compare_sensinggym.py can use it
without Sionna installed.

Conventions (the same as ITU-R P.2040 eq. 31/32 and as Sionna RT):
  eps = a f^b - j sigma / (2 pi f eps0),  sigma = c f^d,  f in GHz for the fits and in Hz in the denominator;
  theta is measured from the surface normal;
  Gamma_TE = (cos t - sqrt(eps - sin^2 t)) / (cos t + sqrt(eps - sin^2 t))
  Gamma_TM = (eps cos t - sqrt(eps - sin^2 t)) / (eps cos t + sqrt(eps - sin^2 t))
  (with this TM sign, Gamma_TM -> -1 at grazing incidence and Gamma_TM = -Gamma_TE at normal incidence: the
  parallel reference vectors are e_s x k for both the incident and the reflected wave).
A path's coefficient is (lambda / 4 pi d) * Gamma * exp(-j 2 pi d / lambda).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

C0 = 299_792_458.0
EPS0 = 8.8541878128e-12

# ITU-R P.2040-3 Table 3, 1-100 GHz rows: (a, b, c, d).
ITU = {
    "concrete": (5.24, 0.0, 0.0462, 0.7822),
    "plasterboard": (2.73, 0.0, 0.0085, 0.9395),
}

# SensingGym's Surface enum order (Sources/RadioScene/Room.swift): name, axis, which side, unit normal into the room.
SURFACES = ["wallXMin", "wallXMax", "wallYMin", "wallYMax", "floor", "ceiling"]
LOS = "los"


@dataclass(frozen=True)
class Office:
    """The wrf-office-16x15 scenario (Environments/Scenarios/wrf-office-16x15.yaml)."""
    lo: tuple = (-8.0, -8.0, 0.0)
    hi: tuple = (8.0, 7.0, 3.0)
    carrier_hz: float = 60e9
    bandwidth_hz: float = 3e9
    aps: tuple = ((-7.64, -6.72, 2.8), (7.72, -7.54, 2.8))
    ap_names: tuple = ("ap0", "ap1")
    user_height: float = 1.5
    materials: tuple = ("concrete", "concrete", "concrete", "concrete", "concrete", "plasterboard")

    @property
    def wavelength(self) -> float:
        return C0 / self.carrier_hz

    def grid(self, step: float = 1.0) -> np.ndarray:
        """User points every `step` m in x in [-7.5, 7.5], y in [-7.5, 6.5] at the user height."""
        xs = np.arange(-7.5, 7.5 + 1e-9, step)
        ys = np.arange(-7.5, 6.5 + 1e-9, step)
        return np.array([(x, y, self.user_height) for x in xs for y in ys])


def permittivity(material: str, f_hz: float) -> complex:
    a, b, c, d = ITU[material]
    f_ghz = f_hz / 1e9
    eps_r = a * f_ghz ** b
    sigma = c * f_ghz ** d
    return complex(eps_r, -sigma / (2 * math.pi * f_hz * EPS0))


def fresnel(cos_t, eps):
    """(Gamma_TE, Gamma_TM) of a half space, vectorised over cos_t."""
    cos_t = np.asarray(cos_t, dtype=float)
    root = np.sqrt(eps - (1.0 - cos_t ** 2) + 0j)   # principal root: Re > 0, Im < 0 for a lossy medium
    te = (cos_t - root) / (cos_t + root)
    tm = (eps * cos_t - root) / (eps * cos_t + root)
    return te, tm


def slab(cos_t, eps, thickness, wavelength):
    """ITU-R P.2040 eq. 43/44: reflection of a single-layer slab (what Sionna RT computes for a finite thickness)."""
    te, tm = fresnel(cos_t, eps)
    q = 2 * math.pi * thickness / wavelength * np.sqrt(eps - (1.0 - np.asarray(cos_t) ** 2) + 0j)
    e2 = np.exp(-2j * q)
    return te * (1 - e2) / (1 - te ** 2 * e2), tm * (1 - e2) / (1 - tm ** 2 * e2)


def normal(surface: int) -> np.ndarray:
    """Unit normal of a surface, pointing into the room."""
    n = np.zeros(3)
    n[surface // 2] = 1.0 if surface % 2 == 0 else -1.0
    return n


def theta_hat(u):
    u = np.asarray(u, float)
    th = math.acos(max(-1.0, min(1.0, u[2])))
    ph = math.atan2(u[1], u[0])
    return np.array([math.cos(th) * math.cos(ph), math.cos(th) * math.sin(ph), -math.sin(th)])


def phi_hat(u):
    u = np.asarray(u, float)
    ph = math.atan2(u[1], u[0])
    return np.array([-math.sin(ph), math.cos(ph), 0.0])


def pol_vector(pol: str, u):
    """Field direction of an isotropic antenna with slant 0 (V) or 90 deg (H) towards direction u (Sionna's
    'iso' pattern with 'V'/'H' polarisation, antenna orientation (0, 0, 0))."""
    return theta_hat(u) if pol == "V" else phi_hat(u)


def image_paths(office: Office, tx, rx):
    """LoS + six first-order paths: list of dicts with surface, length, reflection point, k_in, k_out, cos_t."""
    tx = np.asarray(tx, float)
    rx = np.asarray(rx, float)
    out = []
    d = np.linalg.norm(rx - tx)
    out.append(dict(surface=LOS, surface_index=-1, length=d, point=None, k_in=(rx - tx) / d, k_out=(rx - tx) / d,
                    cos_t=None))
    lo, hi = np.array(office.lo), np.array(office.hi)
    for s in range(6):
        axis = s // 2
        plane = lo[axis] if s % 2 == 0 else hi[axis]
        img = rx.copy()
        img[axis] = 2 * plane - rx[axis]
        length = np.linalg.norm(img - tx)
        t = (plane - tx[axis]) / (img[axis] - tx[axis])
        p = tx + (img - tx) * t
        k_in = (p - tx) / np.linalg.norm(p - tx)
        k_out = (rx - p) / np.linalg.norm(rx - p)
        n = normal(s)
        out.append(dict(surface=SURFACES[s], surface_index=s, length=length, point=p, k_in=k_in, k_out=k_out,
                        cos_t=abs(float(k_in @ n))))
    return out


def path_coefficients(office: Office, path: dict, thickness: float | None = None):
    """Coefficients of one path, all relative to the free-space term (lambda/4 pi d) e^{-jkd}:

    returns dict with
      jones[(rx_pol, tx_pol)]  exact polarimetric coefficient (Fresnel on the s/p components of the actual ray,
                               projected on the antennas' field vectors), for V/H at both ends;
      te, tm                   the scalar Fresnel coefficients at this incidence angle;
      mapped[pol]              the shoebox mapping the simulator uses: V -> walls TE, floor/ceiling TM; H reverse.
    For LoS, te = tm = 1 and mapped = 1. The jones entries are NOT normalised by the LoS sign convention; see
    los_sign().
    """
    lam = office.wavelength
    if path["surface"] == LOS:
        k = path["k_in"]
        jones = {(r, t): float(pol_vector(r, -k) @ pol_vector(t, k)) for r in "VH" for t in "VH"}
        return dict(jones=jones, te=1.0 + 0j, tm=1.0 + 0j, mapped={"V": 1.0 + 0j, "H": 1.0 + 0j})
    s = path["surface_index"]
    eps = permittivity(office.materials[s], office.carrier_hz)
    if thickness is None:
        te, tm = fresnel(path["cos_t"], eps)
    else:
        te, tm = slab(path["cos_t"], eps, thickness, lam)
    te, tm = complex(te), complex(tm)
    n = normal(s)
    ki, ko = path["k_in"], path["k_out"]
    es = np.cross(ki, n)
    if np.linalg.norm(es) < 1e-12:                       # normal incidence: any transverse vector
        es = np.cross(ki, [0.0, 0.0, 1.0] if abs(ki[2]) < 0.9 else [1.0, 0.0, 0.0])
    es /= np.linalg.norm(es)
    epi = np.cross(es, ki)
    epr = np.cross(es, ko)
    jones = {}
    for t in "VH":
        e_in = pol_vector(t, ki)
        e_out = te * (e_in @ es) * es + tm * (e_in @ epi) * epr
        for r in "VH":
            jones[(r, t)] = complex(pol_vector(r, -ko) @ e_out)
    wall = s < 4
    mapped = {"V": te if wall else tm, "H": tm if wall else te}
    return dict(jones=jones, te=te, tm=tm, mapped=mapped)


def los_sign(pol: str) -> float:
    """Sign of the co-polarised LoS coefficient in this antenna convention (+1 for V, -1 for H: phi_hat(-u) =
    -phi_hat(u)). Reflection coefficients are reported relative to it, i.e. as the Gamma a simulator with
    LoS = +(lambda/4 pi d)e^{-jkd} would use."""
    u = np.array([0.6, 0.7, -0.1])
    u /= np.linalg.norm(u)
    return float(np.sign(pol_vector(pol, -u) @ pol_vector(pol, u)))


def free_space(office: Office, length) -> np.ndarray:
    lam = office.wavelength
    length = np.asarray(length, float)
    return lam / (4 * math.pi * length) * np.exp(-2j * math.pi * length / lam)


def model_links(office: Office, users, thickness: float | None = None):
    """The numpy model's per-path output for every (AP, user) link, in the same layout as crosscheck.py's
    Sionna dump: [{ap, ap_name, user, paths: [{surface, length_m, delay_s, theta_inc_deg,
    coef: {"VV": [re, im], "HH": ..., "VH": ..., "HV": ...}, mapped: {"V": [re, im], "H": [re, im]}}]}].
    coef is the full channel coefficient (free-space amplitude and phase included) in Sionna's antenna
    convention; mapped is the simulator's scalar model (lambda/4 pi d) Gamma_mapped e^{-jkd} times the LoS sign."""
    links = []
    for a, ap in enumerate(office.aps):
        for u in users:
            paths = []
            for p in image_paths(office, ap, u):
                c = path_coefficients(office, p, thickness)
                fs = complex(free_space(office, p["length"]))
                coef = {r + t: [(fs * c["jones"][(r, t)]).real, (fs * c["jones"][(r, t)]).imag]
                        for r in "VH" for t in "VH"}
                mapped = {q: [(fs * los_sign(q) * c["mapped"][q]).real, (fs * los_sign(q) * c["mapped"][q]).imag]
                          for q in "VH"}
                theta = None if p["cos_t"] is None else math.degrees(math.acos(min(1.0, p["cos_t"])))
                paths.append(dict(surface=p["surface"], length_m=p["length"], delay_s=p["length"] / C0,
                                  theta_inc_deg=theta, coef=coef, mapped=mapped))
            links.append(dict(ap=a, ap_name=office.ap_names[a], user=[float(x) for x in u], paths=paths))
    return links


def cluster_bias(lengths, powers, resolution):
    """Range bias of the cluster anchored on the shortest path: the paths within `resolution` of it are merged
    with a power-weighted centroid length (as SensingGym's PathCluster). Returns (bias_m, members' indices)."""
    lengths = np.asarray(lengths, float)
    powers = np.asarray(powers, float)
    order = np.argsort(lengths)
    anchor = lengths[order[0]]
    members = [i for i in order if lengths[i] - anchor < resolution]
    w = powers[members]
    centroid = float((w * lengths[members]).sum() / w.sum())
    return centroid - anchor, members
