"""Class breaks and colours for choropleths (mapclassify), with 'no data' kept apart."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

# Sequential palettes, light to dark, safe for the common colour-vision deficiencies
# (ColorBrewer's colour-blind-safe schemes and viridis), 5 classes each.
PALETTES: dict[str, tuple[str, ...]] = {
    "YlGnBu": ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    "viridis": ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"),
    "Blues": ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"),
    "YlOrBr": ("#ffffd4", "#fed98e", "#fe9929", "#d95f0e", "#993404"),
    "Purples": ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"),
}
DEFAULT_PALETTE = "YlGnBu"
PALETTE = PALETTES[DEFAULT_PALETTE]
NO_DATA_COLOUR = "#d9d9d9"
SCHEMES = ("quantiles", "equal_interval", "natural_breaks")


@dataclass(frozen=True)
class Classes:
    """Upper bounds of each class and its colour; values above the last bound cannot occur."""

    lower: float
    bounds: tuple[float, ...]
    colours: tuple[str, ...]

    def colour_of(self, value: float | None) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return NO_DATA_COLOUR
        for bound, colour in zip(self.bounds, self.colours, strict=True):
            if value <= bound:
                return colour
        return self.colours[-1]


def classify(
    values: pd.Series, *, scheme: str = "quantiles", k: int = 5, palette: str = DEFAULT_PALETTE
) -> Classes | None:
    """Classes for the values present (NaN is 'no data'); None when there is no value at all."""
    present = values.dropna().astype(float)
    if present.empty:
        return None
    distinct = int(present.nunique())
    k = max(1, min(k, distinct, len(PALETTE)))
    bounds: tuple[float, ...]
    if k == 1:
        bounds = (float(present.max()),)
    else:
        # Fisher–Jenks is the exact optimum of natural breaks: the same values give the same
        # classes on every load (mapclassify's NaturalBreaks is a randomly seeded k-means).
        cls = {
            "quantiles": mapclassify.Quantiles,
            "equal_interval": mapclassify.EqualInterval,
            "natural_breaks": mapclassify.FisherJenks,
        }[scheme]
        bins = np.unique(cls(present.to_numpy(), k=k).bins)
        bounds = _occupied(present.to_numpy(), [float(b) for b in bins])
    colours = _spread(len(bounds), palette)
    return Classes(lower=float(present.min()), bounds=bounds, colours=colours)


def _occupied(values: np.ndarray, bounds: list[float]) -> tuple[float, ...]:
    """The upper bounds of the classes that hold at least one value (no empty class)."""
    kept: list[float] = []
    lower = -math.inf
    for bound in bounds:
        if ((values > lower) & (values <= bound)).any():
            kept.append(bound)
            lower = bound
    if kept and kept[-1] < values.max():  # values above the last bound join the last class
        kept[-1] = float(values.max())
    return tuple(kept)


def _spread(n: int, palette: str = DEFAULT_PALETTE) -> tuple[str, ...]:
    """n colours spread over the palette, light to dark."""
    colours = PALETTES.get(palette, PALETTE)
    if n == 1:
        return (colours[2],)
    idx = [round(i * (len(colours) - 1) / (n - 1)) for i in range(n)]
    return tuple(colours[i] for i in idx)


class BreaksError(ValueError):
    """Manual class breaks a map cannot use; the message says what to change."""


def parse_breaks(text: str) -> list[float]:
    """'0, 80, 90.5, 100' or '0; 80; 90,5; 100' (decimal commas when ';' separates)."""
    if ";" in text:
        parts = [p.strip().replace(",", ".") for p in text.split(";")]
    else:
        parts = re.split(r"[,\s]+", text.strip())
    parts = [p for p in parts if p]
    try:
        numbers = [float(p) for p in parts]
    except ValueError as exc:
        raise BreaksError(f"'{text}' is not a list of numbers") from exc
    if not all(math.isfinite(n) for n in numbers):
        raise BreaksError(f"'{text}' is not a list of finite numbers")
    return numbers


def manual_classes(
    values: pd.Series, edges: list[float], *, palette: str = DEFAULT_PALETTE
) -> Classes:
    """Classes from the edges a planner typed (lowest, ..., highest).

    Raises BreaksError when the edges are not increasing, give more classes than the palette
    has colours, or leave some values outside.
    """
    if len(edges) < 2:
        raise BreaksError("give at least two numbers: the lowest and the highest edge")
    if any(b <= a for a, b in itertools.pairwise(edges)):
        raise BreaksError("class edges must be strictly increasing")
    if len(edges) - 1 > len(PALETTE):
        raise BreaksError(f"at most {len(PALETTE)} classes ({len(PALETTE) + 1} edges)")
    present = values.dropna().astype(float)
    outside = present[(present < edges[0]) | (present > edges[-1])]
    if not outside.empty:
        raise BreaksError(
            f"{len(outside)} value(s) lie outside {edges[0]:g}–{edges[-1]:g} "
            f"(from {present.min():g} to {present.max():g})"
        )
    return Classes(
        lower=edges[0], bounds=tuple(edges[1:]), colours=_spread(len(edges) - 1, palette)
    )
