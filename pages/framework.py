"""Sơn La city against UNESCO's Key Features of Learning Cities: 12 areas, figures, annex."""

import streamlit as st

from dashboard.domain.units import CITY_CODE
from dashboard.i18n import format_period, format_value, t
from dashboard.loading import kflc_report
from dashboard.ui import cache
from dashboard.ui.cache import database_ui
from dashboard.ui.tables import md_link
from dashboard.ui.widgets import language, print_styles_ui

KFLC_URL = "http://learningcities.uil.unesco.org/key-features/key-features-of-learning-cities"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

lang = language()
engine = database_ui()
print_styles_ui()
area_label = "area_en" if lang == "en" else "area_vi"
label = "label_en" if lang == "en" else "label_vi"

st.title(t("kflc_heading", lang))
st.caption(t("kflc_intro", lang))
st.caption(
    t("kflc_source", lang).format(
        title=md_link("UNESCO UIL, Key Features of Learning Cities", KFLC_URL)
    )
)
figures = cache.kflc_city_figures(engine=engine, gso_code=CITY_CODE)
if figures.empty:
    st.info(t("plan_no_catalogue", lang))
    st.stop()
states = kflc_report.area_states(figures)
with_figures = int((states["state"] == "figures").sum())
without = int((states["state"] == "none").sum())
st.markdown(t("kflc_summary", lang).format(figures=with_figures, none=without))
if figures["is_sample"].eq(True).any():  # NaN where there is no figure
    st.warning(t("sample_notice", lang), icon="⚠️")

st.dataframe(
    states.assign(
        part_text=[t(f"kflc_part_{p}", lang) for p in states["part"]],
        state_text=[t(f"kflc_state_{s}", lang) for s in states["state"]],
    )[["part_text", area_label, "indicators", "real", "sample_only", "state_text"]].rename(
        columns={
            "part_text": t("kflc_part", lang),
            area_label: t("kflc_area", lang),
            "indicators": t("kflc_indicators", lang),
            "real": t("kflc_real", lang),
            "sample_only": t("kflc_sample_only", lang),
            "state_text": t("kflc_state", lang),
        }
    ),
    hide_index=True,
    width="stretch",
    key="kflc_areas",
)

for code, group in figures.groupby("area_code", sort=False):
    state = states.set_index("area_code").loc[code, "state"]
    tagged = group.dropna(subset=["indicator_code"])
    with st.expander(f"{group.iloc[0][area_label]} — {t(f'kflc_state_{state}', lang)}"):
        if tagged.empty:
            st.caption(t("kflc_state_none", lang))
            continue
        shown = tagged.assign(
            shown=[
                format_value(v, u, lang)
                for v, u in zip(tagged["value"], tagged["unit"], strict=True)
            ],
            period=[format_period(p, lang) for p in tagged["period_detail"]],
        )
        st.dataframe(
            shown[[label, "shown", "period", "is_sample", "source_title", "source_url"]].rename(
                columns={
                    label: t("indicator", lang),
                    "shown": t("value", lang),
                    "period": t("period", lang),
                    "is_sample": t("sample_column", lang),
                    "source_title": t("source", lang),
                }
            ),
            hide_index=True,
            width="stretch",
            column_config={"source_url": st.column_config.LinkColumn("URL")},
            key=f"kflc_{code}",
        )

st.subheader(t("kflc_export", lang))
title = t("kflc_heading", lang)
left, right = st.columns(2)
left.download_button(
    "Excel",
    lambda: kflc_report.evidence_xlsx(figures, lang),
    file_name="son_la_kflc_evidence.xlsx",
    mime=XLSX,
    icon=":material/download:",
    width="stretch",
    key="kflc_xlsx",
)
right.download_button(
    "PDF",
    lambda: kflc_report.evidence_pdf(figures, lang, title=title),
    file_name="son_la_kflc_evidence.pdf",
    mime="application/pdf",
    icon=":material/download:",
    width="stretch",
    key="kflc_pdf",
)
