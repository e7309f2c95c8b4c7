"""Plan tracker: every task and objective of the plan with its figures, targets and status."""

import streamlit as st

from dashboard.i18n import t
from dashboard.ui import derived_plan
from dashboard.ui.cache import database_ui
from dashboard.ui.decks import add_to_deck_ui
from dashboard.ui.plan_ui import missing_template_ui
from dashboard.ui.widgets import language, print_styles_ui

lang = language()
engine = database_ui()
print_styles_ui()

st.title(t("plan_heading", lang))
st.caption(t("plan_intro", lang))
with st.expander(t("plan_rule_title", lang)):
    st.markdown(t("plan_rule", lang))

board = derived_plan.plan_board(engine, lang=lang)
if board is None:
    st.info(t("plan_no_catalogue", lang))
    st.stop()
for column, (label, count) in zip(st.columns(len(board.counts)), board.counts, strict=True):
    column.metric(label, count)
st.info(t("plan_missing_all", lang).format(n=board.missing), icon=":material/edit_note:")

for framework, tasks in board.frameworks:
    st.header(framework)
    for task in tasks:
        with st.expander(task.heading):
            st.caption(task.basis)
            st.dataframe(
                task.table,
                hide_index=True,
                width="stretch",
                column_config={"source_url": st.column_config.LinkColumn("URL")},
                key=f"plan_table_{task.code}",
            )
            if task.missing:
                st.markdown(task.missing)
                missing_template_ui(engine, lang, codes=list(task.missing_codes), key=task.code)
add_to_deck_ui(page="plan", lang=lang)
