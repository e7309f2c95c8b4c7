"""The continuing-education network: kinds, their look, and facilities placed in districts."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo import locate_points


@dataclass(frozen=True)
class Kind:
    """How a facility kind is named and drawn (Okabe–Ito colours, distinct symbols)."""

    code: str
    label_vi: str
    label_en: str
    colour: str
    symbol: str

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_vi


KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        Kind(
            "continuing_education_centre",
            "Trung tâm GDNN-GDTX",
            "Continuing-education centre (GDNN-GDTX)",
            "#D55E00",
            "★",
        ),
        Kind(
            "community_learning_centre",
            "Trung tâm học tập cộng đồng",
            "Community learning centre",
            "#CC79A7",
            "●",
        ),
        Kind("school", "Trường học", "School", "#0072B2", "■"),
        Kind("library", "Thư viện", "Library", "#009E73", "▲"),
        Kind(
            "reading_point",
            "Điểm đọc (Nhà tri thức, Thư viện yêu thương)",
            "Reading point (House of Wisdom, Library of Compassion)",
            "#E69F00",
            "◆",
        ),
    )
}


def kind_labels(kinds: pd.Series, lang: str) -> pd.Series:
    """Each facility kind code as the reader's label (one dictionary lookup per row)."""
    return kinds.map({code: kind.label(lang) for code, kind in KINDS.items()})


def with_districts(facilities: pd.DataFrame, districts: gpd.GeoDataFrame) -> pd.DataFrame:
    """Facilities with the district (code and name) their location falls in."""
    out = facilities.copy()
    out["district_code"] = locate_points(
        out["lon"], out["lat"], districts, key="gso_code"
    ).to_numpy()
    names = dict(zip(districts["gso_code"], districts["name"], strict=True))
    out["district"] = out["district_code"].map(names)
    return out


def filtered(
    facilities: pd.DataFrame, *, unit_column: str, unit_codes: list[str], kinds: list[str]
) -> pd.DataFrame:
    """Facilities in any of the units and of any of the kinds (empty filter = all)."""
    keep = pd.Series(True, index=facilities.index)
    if unit_codes:
        keep &= facilities[unit_column].isin(unit_codes)
    if kinds:
        keep &= facilities["kind"].isin(kinds)
    return facilities[keep]


def counts_by_unit(
    facilities: pd.DataFrame, units: pd.DataFrame, *, unit_column: str, lang: str
) -> pd.DataFrame:
    """One row per unit, one column per kind, and a total (zeros shown as 0)."""
    table = pd.crosstab(facilities[unit_column], facilities["kind"])
    table = table.reindex(index=units["gso_code"], columns=list(KINDS), fill_value=0)
    table.columns = [KINDS[k].label(lang) for k in table.columns]
    table["Σ"] = table.sum(axis=1)
    table.insert(0, "name", units.set_index("gso_code")["name"])
    return table.reset_index(drop=True)
