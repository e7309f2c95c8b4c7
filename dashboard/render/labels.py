"""Unit names on a static map: real text on a white halo, placed greedily without overlap.

Each name tries a few positions around its anchor (a polygon's representative point, or beside
a point's marker) and keeps the first whose box overlaps no name already placed and no reserved
corner (scale bar, north arrow). Required names (the 12 districts, the selected units) are
placed first; the others are left out when nothing fits.
"""

from __future__ import annotations

import dataclasses

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patheffects import Stroke
from matplotlib.text import Text
from matplotlib.transforms import Bbox

LABEL_GID = "unit-label"
HALO_GID = "unit-label-halo"
Offset = tuple[int, int, str, str]  # (dx, dy) in points and the text's alignment there
AROUND_AREA: tuple[Offset, ...] = (
    (0, 0, "center", "center"),
    (0, 9, "center", "bottom"),
    (0, -9, "center", "top"),
    (10, 0, "left", "center"),
    (-10, 0, "right", "center"),
)
BESIDE_POINT: tuple[Offset, ...] = (
    (6, 0, "left", "center"),
    (-6, 0, "right", "center"),
    (0, 6, "center", "bottom"),
    (0, -6, "center", "top"),
)
# Far offsets for a required name when every near one is taken.
FARTHER = tuple((dx * 2, dy * 2, ha, va) for dx, dy, ha, va in AROUND_AREA[1:])


@dataclasses.dataclass(frozen=True)
class Label:
    """A name to place at (x, y) in data coordinates; `point` labels sit beside a marker."""

    text: str
    x: float
    y: float
    required: bool = False
    point: bool = False


def renderer_of(ax: Axes) -> RendererBase:
    """A renderer that measures text as it will print (Agg; PDF and SVG measure the same)."""
    fig = ax.get_figure(root=True)
    assert fig is not None
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()  # type: ignore[attr-defined]


def _draw(ax: Axes, label: Label, offset: Offset, size: float) -> Text:
    dx, dy, ha, va = offset
    return ax.annotate(
        label.text,
        xy=(label.x, label.y),
        xytext=(dx, dy),
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=size,
        color="#111111",
        zorder=6,
        gid=LABEL_GID,
        annotation_clip=False,
    )


def _halo(ax: Axes, text: Text, width: float) -> None:
    """The halo is a stroked copy under the name (drawn as a path): the name stays text."""
    x, y = text.get_position()
    halo = ax.annotate(
        text.get_text(),
        xy=text.xy,  # type: ignore[attr-defined]
        xytext=(x, y),
        textcoords="offset points",
        ha=text.get_horizontalalignment(),
        va=text.get_verticalalignment(),
        fontsize=text.get_fontsize(),
        color="white",
        zorder=5,
        gid=HALO_GID,
        annotation_clip=False,
    )
    halo.set_path_effects([Stroke(linewidth=width, foreground="white")])


def reserved(ax: Axes, *corners: tuple[float, float, float, float]) -> list[Bbox]:
    """Boxes in axes fractions (x0, y0, x1, y1) where no name may go, in display units."""
    return [Bbox([[x0, y0], [x1, y1]]).transformed(ax.transAxes) for x0, y0, x1, y1 in corners]


def markers(ax: Axes, xy: list[tuple[float, float]], *, radius: float) -> list[Bbox]:
    """Boxes around point markers (`radius` in points): names keep clear of other markers."""
    ax.apply_aspect()
    r = radius * ax.figure.dpi / 72
    if not xy:
        return []
    return [Bbox([[x - r, y - r], [x + r, y + r]]) for x, y in ax.transData.transform(xy)]


def place(
    ax: Axes,
    labels: list[Label],
    *,
    size: float,
    halo: float = 2.5,
    obstacles: list[Bbox] | None = None,
) -> list[Text]:
    """Draw the names that fit (every required one) on `ax`; returns the name texts."""
    ax.apply_aspect()  # the final data-to-display transform (equal aspect shrinks the box)
    renderer = renderer_of(ax)
    frame = ax.get_window_extent(renderer)
    taken = list(obstacles or [])
    pad = halo * ax.figure.dpi / 72 / 2
    placed: list[Text] = []
    ordered = sorted(labels, key=lambda label: not label.required)
    for label in ordered:
        offsets = BESIDE_POINT if label.point else AROUND_AREA
        tries = [(o, size) for o in offsets]
        if label.required:  # farther out, then smaller, before giving up on a free spot
            tries += [(o, size) for o in FARTHER] + [(o, size * 0.8) for o in offsets + FARTHER]
        for offset, fontsize in tries:
            text = _draw(ax, label, offset, fontsize)
            box = text.get_window_extent(renderer).padded(pad)
            inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
            if inside and not any(box.overlaps(other) for other in taken):
                taken.append(box)
                placed.append(text)
                _halo(ax, text, halo)
                break
            text.remove()
        else:
            if label.required:  # a required name is shown even where it cannot be kept clear
                text = _draw(ax, label, offsets[0], size * 0.8)
                taken.append(text.get_window_extent(renderer).padded(pad))
                placed.append(text)
                _halo(ax, text, halo)
    return placed
