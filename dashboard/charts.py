"""Charts for the Indicators and profile pages (Altair; drawn by Streamlit with no internet)."""

from __future__ import annotations

import altair as alt
import pandas as pd

SELECTED_COLOUR = "#b35806"
OTHER_COLOUR = "#2c7fb8"


def ranked_bars(
    ranked: pd.DataFrame, *, value_title: str, selected: list[str], target: float | None = None
) -> alt.LayerChart | alt.Chart:
    """Units as horizontal bars, best first; selected units stand out; the target as a rule."""
    data = ranked.assign(selected=ranked["gso_code"].isin(selected))
    order = list(data["name"])
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort=order, title=None),
            x=alt.X("value:Q", title=value_title),
            color=alt.condition(
                alt.datum.selected, alt.value(SELECTED_COLOUR), alt.value(OTHER_COLOUR)
            ),
            tooltip=[alt.Tooltip("name:N"), alt.Tooltip("value:Q", format=",.2f")],
        )
    )
    if target is None:
        return bars
    rule = (
        alt.Chart(pd.DataFrame({"target": [target]}))
        .mark_rule(color="#000000", strokeDash=[6, 4], size=2)
        .encode(x="target:Q")
    )
    return bars + rule


def trend_lines(
    series: pd.DataFrame, *, value_title: str, reform: tuple[str, str] | None = None
) -> alt.Chart | alt.LayerChart:
    """One line per unit over the periods (by period end); the reform date as a labelled rule."""
    lines = (
        alt.Chart(series)
        .mark_line(point=alt.OverlayMarkDef(filled=True, size=60))
        .encode(
            x=alt.X("period_end:T", title=None),
            y=alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=False)),
            color=alt.Color("name:N", title=None, scale=alt.Scale(scheme="tableau10")),
            tooltip=["name:N", "period:N", alt.Tooltip("value:Q", format=",.2f")],
        )
    )
    if reform is None:
        return lines
    date, label = reform
    marker = alt.Chart(pd.DataFrame({"date": [date], "label": [label]}))
    rule = marker.mark_rule(color="#555555", strokeDash=[4, 4], size=2).encode(x="date:T")
    text = marker.mark_text(align="left", dx=4, dy=-6, color="#333333").encode(
        x="date:T", y=alt.value(10), text="label:N"
    )
    return lines + rule + text
