"""Top-down frames of a SensingGym episode, drawn on the client with matplotlib (no server op needed).

The server describes the scene once, in the ``make`` reply's ``scene`` (protocol 1.1, docs/PROTOCOL.md): the room,
blockers, access points with their boresights and the codebook's beam angles, RIS panels. Each frame adds what
the last step's info and action say: the probed beam (for actions that name an access point and beam), the
user's true position, the tracker's estimate and its 95 % error ellipse (from the info's position covariance,
``covarianceXX/XY/YY``; a circle of ``errorRadius95Metres`` when a server does not send it).
"""

from __future__ import annotations

import math
from typing import Any, Dict, Optional

import numpy as np

WIDTH, HEIGHT, DPI = 480, 400, 100  # multiples of 16, as video encoders like


def _float(info: Dict[str, Any], key: str) -> Optional[float]:
    value = info.get(key)
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


class SceneRenderer:
    """Draws ``HEIGHT × WIDTH × 3`` uint8 frames of one scene."""

    def __init__(self, scene: Optional[Dict[str, Any]], action_space: Dict[str, Any], title: str = ""):
        try:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure
        except ImportError as error:
            raise ImportError("rendering draws with matplotlib: pip install 'sensinggym[render]' "
                              "(or 'sensinggym[video]' for RecordVideo)") from error

        if not scene:
            raise RuntimeError("the server sent no scene description (protocol 1.1 needed to render)")
        self.scene = scene
        self.action_space = action_space
        self.title = title
        self._figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
        self._canvas = FigureCanvasAgg(self._figure)
        self._axes = self._figure.add_axes((0.08, 0.08, 0.88, 0.82))
        self._window = None
        self._draw_static()
        self._dynamic = []

    # MARK: - The scene

    def _draw_static(self) -> None:
        from matplotlib.patches import Rectangle

        ax = self._axes
        (x0, y0), (x1, y1) = self.scene["room"]["min"], self.scene["room"]["max"]
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, linewidth=2.5, edgecolor="#333333"))
        for blocker in self.scene.get("blockers", []):
            (bx0, by0), (bx1, by1) = blocker["min"], blocker["max"]
            ax.add_patch(Rectangle((bx0, by0), bx1 - bx0, by1 - by0, color="#999999", alpha=0.8))
        for ap in self.scene.get("access_points", []):
            x, y = ap["position"]
            ax.plot([x], [y], marker="^", markersize=9, color="#1f5fbf")
            ax.annotate(ap.get("name", ""), (x, y), textcoords="offset points", xytext=(4, 4), fontsize=7)
        for panel in self.scene.get("ris", []):
            cx, cy = panel["centre"]
            along = panel["normal_rad"] + math.pi / 2
            half = panel["width_m"] / 2
            ax.plot([cx - half * math.cos(along), cx + half * math.cos(along)],
                    [cy - half * math.sin(along), cy + half * math.sin(along)], color="#8a2be2", linewidth=4)
        margin = 0.05 * max(x1 - x0, y1 - y0)
        ax.set_xlim(x0 - margin, x1 + margin)
        ax.set_ylim(y0 - margin, y1 + margin)
        ax.set_aspect("equal")
        ax.tick_params(labelsize=7)
        self._diagonal = math.hypot(x1 - x0, y1 - y0)

    def beam(self, action: Any) -> Optional[tuple]:
        """``(access point index, beam index)`` for actions that name one, else ``None``."""
        aps, beams = self.scene.get("access_points", []), self.scene.get("beam_angles_rad", [])
        if action is None or not aps or not beams:
            return None
        kind = self.action_space.get("type")
        try:
            if kind == "Discrete" and int(self.action_space["n"]) >= len(aps) * len(beams):
                index = int(np.asarray(action).reshape(()))  # the first APs × beams actions are direct beams
            elif kind == "MultiDiscrete" and int(self.action_space["nvec"][0]) == len(aps) * len(beams):
                index = int(np.asarray(action).reshape(-1)[0])
            else:
                return None
        except (TypeError, ValueError):
            return None
        return divmod(index, len(beams)) if 0 <= index < len(aps) * len(beams) else None

    # MARK: - Frames

    def frame(self, info: Dict[str, Any], action: Any = None) -> np.ndarray:
        """The scene with the step's beam, true position, estimate and 95 % ellipse, as an RGB array."""
        from matplotlib.patches import Circle, Ellipse

        for artist in self._dynamic:
            artist.remove()
        self._dynamic = []
        ax = self._axes
        probed = self.beam(action)
        if probed is not None:
            ap_index, beam_index = probed
            ap = self.scene["access_points"][ap_index]
            angle = ap["boresight_rad"] + self.scene["beam_angles_rad"][beam_index]
            x, y = ap["position"]
            self._dynamic += ax.plot([x, x + self._diagonal * math.cos(angle)],
                                     [y, y + self._diagonal * math.sin(angle)], color="#f0a000", linewidth=2)
        true_x, true_y = _float(info, "trueX"), _float(info, "trueY")
        if true_x is not None and true_y is not None:
            self._dynamic += ax.plot([true_x], [true_y], marker="o", markersize=7, color="#2a9d2a")
        est_x, est_y = _float(info, "estimateX"), _float(info, "estimateY")
        radius = _float(info, "errorRadius95Metres")
        if est_x is not None and est_y is not None:
            self._dynamic += ax.plot([est_x], [est_y], marker="x", markersize=8, color="#d02020")
            xx, xy, yy = (_float(info, k) for k in ("covarianceXX", "covarianceXY", "covarianceYY"))
            region = None
            if None not in (xx, xy, yy) and radius is not None and radius < 10 * self._diagonal:
                # The 95 % ellipse: semi-axes √(χ²₂(0.95)·λ) along the covariance's eigenvectors.
                values, vectors = np.linalg.eigh(np.array([[xx, xy], [xy, yy]]))
                values = np.clip(values, 0, None)
                width, height = 2 * np.sqrt(5.991464547107979 * values)
                angle = math.degrees(math.atan2(vectors[1, 1], vectors[0, 1]))
                region = Ellipse((est_x, est_y), height, width, angle=angle, fill=False, edgecolor="#d02020",
                                 linestyle="--")
            elif radius is not None and radius < 10 * self._diagonal:
                region = Circle((est_x, est_y), radius, fill=False, edgecolor="#d02020", linestyle="--")
            if region is not None:
                ax.add_patch(region)
                self._dynamic.append(region)
        error = _float(info, "errorMetres")
        probes = info.get("probesUsed")
        status = [self.title]
        if probes is not None:
            status.append(f"probe {probes}")
        if error is not None:
            status.append(f"error {error:.2f} m")
        if info.get("outcome"):
            status.append(str(info["outcome"]))
        ax.set_title(" · ".join(status), fontsize=8)
        self._canvas.draw()
        return np.asarray(self._canvas.buffer_rgba())[..., :3].copy()

    def show(self, frame: np.ndarray) -> None:
        """Shows ``frame`` in a matplotlib window (``render_mode="human"``)."""
        import matplotlib.pyplot as plt

        if self._window is None:
            figure = plt.figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
            axes = figure.add_axes((0, 0, 1, 1))
            axes.axis("off")
            self._window = (figure, axes.imshow(frame))
            plt.show(block=False)
        else:
            self._window[1].set_data(frame)
        self._window[0].canvas.draw_idle()
        self._window[0].canvas.flush_events()

    def close(self) -> None:
        """Closes the window, if one was opened."""
        if self._window is not None:
            import matplotlib.pyplot as plt

            plt.close(self._window[0])
            self._window = None
