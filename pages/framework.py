"""Sơn La city against UNESCO's Key Features of Learning Cities: 12 areas, figures, annex."""

import streamlit as st

from dashboard.domain.units import CITY_CODE
from dashboard.i18n import t
from dashboard.loading import kflc_report
from dashboard.ui import cache, derived_plan
from dashboard.ui.cache import database_ui
from dashboard.ui.tables import md_link
from dashboard.ui.widgets import language, print_styles_ui

KFLC_URL = "http://learningcities.uil.unesco.org/key-features/key-features-of-learning-cities"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

lang = language()
engine = database_ui()
print_styles_ui()

st.title(t("kflc_heading", lang))
st.caption(t("kflc_intro", lang))
st.caption(
    t("kflc_source", lang).format(
        title=md_link("UNESCO UIL, Key Features of Learning Cities", KFLC_URL)
    )
)
kflc = derived_plan.framework(engine, lang=lang)
if kflc is None:
    st.info(t("plan_no_catalogue", lang))
    st.stop()
st.markdown(kflc.summary)
if kflc.sample:
    st.warning(t("sample_notice", lang), icon="⚠️")
st.dataframe(kflc.areas, hide_index=True, width="stretch", key="kflc_areas")

for code, area in kflc.by_area:
    with st.expander(area.heading):
        if area.table is None:
            st.caption(t("kflc_state_none", lang))
            continue
        st.dataframe(
            area.table,
            hide_index=True,
            width="stretch",
            column_config={"source_url": st.column_config.LinkColumn("URL")},
            key=f"kflc_{code}",
        )

figures = cache.kflc_city_figures(engine=engine, gso_code=CITY_CODE)
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
