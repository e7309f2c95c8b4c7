"""Class breaks and colours for choropleths (mapclassify), with 'no data' kept apart."""

from __future__ import annotations

import math
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

# ColorBrewer YlGnBu, 5 classes: sequential and safe for the common colour-vision deficiencies.
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
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


def classify(values: pd.Series, *, scheme: str = "quantiles", k: int = 5) -> Classes | None:
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
        cls = {
            "quantiles": mapclassify.Quantiles,
            "equal_interval": mapclassify.EqualInterval,
            "natural_breaks": mapclassify.NaturalBreaks,
        }[scheme]
        bounds = tuple(float(b) for b in np.unique(cls(present.to_numpy(), k=k).bins))
    colours = _spread(len(bounds))
    return Classes(lower=float(present.min()), bounds=bounds, colours=colours)


def _spread(n: int) -> tuple[str, ...]:
    """n colours spread over the palette, light to dark."""
    if n == 1:
        return (PALETTE[2],)
    idx = [round(i * (len(PALETTE) - 1) / (n - 1)) for i in range(n)]
    return tuple(PALETTE[i] for i in idx)
