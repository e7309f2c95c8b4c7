"""Charts for the Indicators and profile pages (Altair; drawn by Streamlit with no internet).

Axes, tooltips and dates follow the reader's language: Vega's number and time formats are
given the language's separators and month names, so no English month shows on a Vietnamese
screen and 81,56 reads as on the cards.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from dashboard.i18n import format_number, t

SELECTED_COLOUR = "#b35806"
OTHER_COLOUR = "#2c7fb8"
PROVINCE_COLOUR = "#000000"
BAR_PX = 20  # one bar's height; a ranking of 21 bars is about 450 px

# d3-format / d3-time-format locales (Vega's formatLocale and timeFormatLocale)
NUMBER_LOCALE: dict[str, dict[str, Any]] = {
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " VND"]},
}
_VI_MONTHS = [f"tháng {i}" for i in range(1, 13)]
TIME_LOCALE: dict[str, dict[str, Any]] = {
    "vi": {
        "dateTime": "%A, %e %B %Y, %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["SA", "CH"],
        "days": ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"],
        "shortDays": ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
        "months": _VI_MONTHS,
        "shortMonths": [f"Th{i}" for i in range(1, 13)],
    },
    "en": {
        "dateTime": "%a %e %b %Y %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "shortMonths": [
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        ],
    },
}
DATE_AXIS_FORMAT = {"vi": "%m/%Y", "en": "%b %Y"}


def localised(chart: Any, lang: str) -> Any:
    """The chart with the language's number and date conventions (Vega locale)."""
    lang = lang if lang in NUMBER_LOCALE else "vi"
    return chart.configure(
        locale={"number": NUMBER_LOCALE[lang], "time": TIME_LOCALE[lang]},
        legend={"labelLimit": 0, "orient": "bottom", "columns": 1},
    )


def ranked_bars(
    ranked: pd.DataFrame,
    *,
    value_title: str,
    selected: list[str],
    target: float | None = None,
    lang: str = "vi",
) -> alt.LayerChart | alt.Chart:
    """Units as horizontal bars in rank order; selected units stand out; the target as a rule.

    `ranked` is analysis.ranked or analysis.ranked_extremes (with `rank` and `part`): when
    units were left out between the top and the bottom, a row says how many.
    """
    data = ranked.assign(selected=ranked["gso_code"].isin(selected))
    if "rank" in data.columns:
        data["label"] = [f"{r}. {n}" for r, n in zip(data["rank"], data["name"], strict=True)]
    else:
        data["label"] = data["name"]
    data["shown"] = [format_number(v, lang) for v in data["value"]]
    if "part" in data.columns and (data["part"] != "all").any():
        first_bottom = data.index[data["part"] == "bottom"]
        cut = int(first_bottom[0]) if len(first_bottom) else len(data)
        hidden = int(data["rank"].iloc[cut]) - int(data["rank"].iloc[cut - 1]) - 1 if cut else 0
        hidden -= int((data["part"] == "selected").sum())
        if hidden > 0:
            gap = pd.DataFrame(
                {
                    "label": [t("rd_ranking_gap", lang).format(n=hidden)],
                    "value": [None],
                    "shown": [""],
                    "selected": [False],
                    "name": [""],
                }
            )
            data = pd.concat([data.iloc[:cut], gap, data.iloc[cut:]], ignore_index=True)
    order = list(data["label"])
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=220)),
            x=alt.X("value:Q", title=value_title),
            color=alt.condition(
                alt.datum.selected, alt.value(SELECTED_COLOUR), alt.value(OTHER_COLOUR)
            ),
            tooltip=[
                alt.Tooltip("name:N", title=t("unit_col", lang)),
                alt.Tooltip("shown:N", title=t("value", lang)),
            ],
        )
        .properties(height=BAR_PX * len(data))
    )
    if target is None:
        return localised(bars, lang)
    rule = (
        alt.Chart(pd.DataFrame({"target": [target]}))
        .mark_rule(color="#000000", strokeDash=[6, 4], size=2)
        .encode(x="target:Q")
    )
    return localised(bars + rule, lang)


def trend_lines(
    series: pd.DataFrame,
    *,
    value_title: str,
    reform: tuple[str, str] | None = None,
    lang: str = "vi",
) -> alt.Chart | alt.LayerChart:
    """One line per unit over the periods (by period end), the province (if any) in black;
    the reform date as a labelled rule. Dates read in the language (05/2025, May 2025)."""
    data = series.copy()
    data["shown"] = [format_number(v, lang) for v in data["value"]]
    if "period_shown" not in data.columns:
        data["period_shown"] = data["period"].astype(str)
    names = list(dict.fromkeys(data["name"]))
    province = (
        set(data.loc[data["is_province"].astype(bool), "name"])
        if "is_province" in data.columns
        else set()
    )
    palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"]
    colours = []
    others = iter(palette * (len(names) // len(palette) + 1))
    for name in names:
        colours.append(PROVINCE_COLOUR if name in province else next(others))
    lines = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(filled=True, size=60))
        .encode(
            x=alt.X(
                "period_end:T",
                title=None,
                axis=alt.Axis(format=DATE_AXIS_FORMAT.get(lang, "%m/%Y"), tickCount="year"),
            ),
            y=alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "name:N",
                title=None,
                sort=names,
                scale=alt.Scale(domain=names, range=colours),
                legend=alt.Legend(labelLimit=0, orient="bottom", columns=1),
            ),
            strokeWidth=alt.condition(
                alt.FieldOneOfPredicate(field="name", oneOf=sorted(province)),
                alt.value(3.5),
                alt.value(2),
            )
            if province
            else alt.value(2),
            tooltip=[
                alt.Tooltip("name:N", title=t("unit_col", lang)),
                alt.Tooltip("period_shown:N", title=t("period", lang)),
                alt.Tooltip("shown:N", title=t("value", lang)),
            ],
        )
    )
    if reform is None:
        return localised(lines, lang)
    date, label = reform
    marker = alt.Chart(pd.DataFrame({"date": [date], "label": [label]}))
    rule = marker.mark_rule(color="#555555", strokeDash=[4, 4], size=2).encode(x="date:T")
    text = marker.mark_text(align="left", dx=4, dy=-6, color="#333333").encode(
        x="date:T", y=alt.value(10), text="label:N"
    )
    return localised(lines + rule + text, lang)
