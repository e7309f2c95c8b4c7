"""Widgets of the plan area and the Data page: status labels, template downloads, recognition
tables and map."""

from __future__ import annotations

import functools

import folium
import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from dashboard import maps
from dashboard.data import queries
from dashboard.data.models import RECIPIENT_KINDS, RECOGNITION_KINDS, RECOGNITION_LEVELS
from dashboard.domain import classify
from dashboard.domain.facilities import KINDS
from dashboard.domain.units import PROVINCE_CODE, VINTAGE_LEVEL
from dashboard.i18n import t
from dashboard.loading import templates
from dashboard.ui import cache

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_ICONS = {
    "met": "✅",
    "on_track": "🟢",
    "behind": "🔴",
    "no_target": "⚪",
    "no_figures": "❔",
}
TEMPLATE_PERIODS = ["2023", "2024", "2025", "2026", "2023-2024", "2024-2025", "2025-2026"]


def status_label(status: str, lang: str) -> str:
    """'🔴 Chậm' for 'behind'."""
    return f"{STATUS_ICONS[status]} {t(f'plan_status_{status}', lang)}"


# Templates are made when their button is clicked (Streamlit calls the function then, outside a
# page run): the unit and indicator lists they hold are read from the database at that moment,
# not on every run of the pages that offer them.


def _unit_codes(engine: Engine) -> list[str]:
    return sorted(
        queries.unit_codes(engine=engine, level="district", vintage="pre_2025")
        | queries.unit_codes(engine=engine, level="commune", vintage="post_2025")
        | queries.unit_codes(engine=engine, level="commune", vintage="pre_2025")
    )


def _indicator_codes(engine: Engine) -> list[str]:
    return list(queries.indicators(engine=engine)["code"])


def _flag_template(engine: Engine) -> bytes:
    return templates.flag_template_xlsx(units=_unit_codes(engine), periods=TEMPLATE_PERIODS)


def _recognition_template(engine: Engine) -> bytes:
    return templates.recognition_template_xlsx(
        units=_unit_codes(engine),
        recipient_kinds=RECIPIENT_KINDS,
        recognition_kinds=RECOGNITION_KINDS,
        levels=RECOGNITION_LEVELS,
    )


def _figures_template(engine: Engine, kind: str) -> bytes:
    return templates.template_xlsx(
        kind=kind,
        indicators=_indicator_codes(engine),
        units=_unit_codes(engine),
        periods=TEMPLATE_PERIODS,
        kinds=list(KINDS),
    )


def _missing_template(engine: Engine, codes: list[str]) -> bytes:
    return templates.missing_figures_xlsx(
        indicators=codes,
        unit_code=PROVINCE_CODE,
        all_indicators=_indicator_codes(engine),
        units=[PROVINCE_CODE, *_unit_codes(engine)],
        periods=TEMPLATE_PERIODS,
    )


def flag_template_ui(engine: Engine, lang: str) -> None:
    """Download button: the "particularly difficult" list template."""
    st.download_button(
        t("focus_flag_template", lang),
        functools.partial(_flag_template, engine),
        file_name="mau_dac_biet_kho_khan.xlsx",
        mime=XLSX,
        icon=":material/download:",
        key="focus_flag_template",
    )


def recognition_template_ui(engine: Engine, lang: str) -> None:
    """Download button: the recognitions template."""
    st.download_button(
        t("recog_template", lang),
        functools.partial(_recognition_template, engine),
        file_name="mau_cong_nhan_khen_thuong.xlsx",
        mime=XLSX,
        icon=":material/download:",
        key="recog_template",
    )


def template_downloads_ui(engine: Engine, lang: str) -> None:
    """The Data page's templates: figures and facilities (drop-downs filled from the database),
    then the flag-list and recognitions templates."""
    left, right = st.columns(2)
    for column, kind, label in (
        (left, "indicator", "template_values"),
        (right, "facility", "template_facilities"),
    ):
        column.download_button(
            t(label, lang),
            functools.partial(_figures_template, engine, kind),
            file_name=f"mau_{kind}.xlsx",
            icon=":material/download:",
            mime=XLSX,
        )
    plan_templates_ui(engine, lang)


def plan_templates_ui(engine: Engine, lang: str) -> None:
    """The flag-list and recognitions templates side by side (Data page)."""
    left, right = st.columns(2)
    with left:
        flag_template_ui(engine, lang)
    with right:
        recognition_template_ui(engine, lang)


def missing_template_ui(engine: Engine, lang: str, *, codes: list[str], key: str) -> None:
    """Download button: the figures template with a row per indicator still missing."""
    st.download_button(
        t("plan_missing_template", lang),
        functools.partial(_missing_template, engine, codes),
        file_name=f"mau_so_lieu_con_thieu_{key}.xlsx",
        mime=XLSX,
        icon=":material/download:",
        key=f"plan_missing_{key}",
    )


def recognition_table(found: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The registry as a reader sees it: labelled columns, kinds and levels in words."""
    shown = pd.DataFrame(
        {
            t("recog_recipient", lang): found["recipient"],
            t("unit_col", lang): found["unit_name"],
            t("recog_kind", lang): [t(f"recog_kind_{k}", lang) for k in found["kind"]],
            t("recog_level", lang): [t(f"recog_level_{v}", lang) for v in found["level"]],
            t("recog_title", lang): found["title"],
            t("recog_decision", lang): found["decision_number"],
            t("recog_date", lang): pd.to_datetime(found["decision_date"]).dt.date,
            t("recog_body", lang): found["issuing_body"],
            t("source", lang): found["source_title"],
            "URL": found["source_url"],
            t("sample_column", lang): found["is_sample"].astype(bool),
        }
    )
    return shown.reset_index(drop=True)


def recognition_map(engine: Engine, *, vintage: str, lang: str) -> folium.Map:
    """Recognitions per unit of the vintage, coloured by count (units with none are zero)."""
    counts = cache.recognition_counts(engine=engine, vintage=vintage)
    values = counts.rename(columns={"recognitions": "value"})
    values["source_title"] = t("recog_registry_source", lang)
    found = cache.recognitions(engine=engine)
    values["is_sample"] = False
    if found["is_sample"].astype(bool).any():
        key = "district_code" if VINTAGE_LEVEL[vintage] == "district" else "unit_code"
        sample = set(found.loc[found["is_sample"].astype(bool), key])
        values["is_sample"] = values["gso_code"].isin(sample)
    level = VINTAGE_LEVEL[vintage]
    return maps.unit_choropleth(
        values=values,
        geometry=cache.display_geometry(engine=engine, level=level, vintage=vintage),
        level=level,
        boundaries=cache.display_geometry(engine=engine, level="district", vintage="pre_2025")
        if vintage == "post_2025"
        else None,
        outline=cache.province_outline(engine=engine),
        classes=classify.classify(values["value"].astype(float)),
        label=maps.IndicatorLabel(
            t("recog_map_title", lang), t("recog_records_unit", lang), t("recog_all_time", lang)
        ),
        lang=lang,
    )


def focus_map(engine: Engine, ranked: pd.DataFrame, *, vintage: str, lang: str) -> folium.Map:
    """Units coloured by the estimated people without level-2 literacy ('no data' grey)."""
    values = ranked.rename(columns={"people_without": "value"})[
        ["gso_code", "name", "value", "period_detail", "source_title", "is_sample"]
    ]
    level = VINTAGE_LEVEL[vintage]
    return maps.unit_choropleth(
        values=values,
        geometry=cache.display_geometry(engine=engine, level=level, vintage=vintage),
        level=level,
        boundaries=cache.display_geometry(engine=engine, level="district", vintage="pre_2025")
        if vintage == "post_2025"
        else None,
        outline=cache.province_outline(engine=engine),
        classes=classify.classify(values["value"].astype(float), palette="YlOrBr"),
        label=maps.IndicatorLabel(t("focus_people", lang), "persons"),
        lang=lang,
        standard={
            str(c): None if pd.isna(g) else bool(g >= 0)
            for c, g in zip(ranked["gso_code"], ranked["gap"], strict=True)
        },
        standard_label=t("focus_standard", lang),
    )
