"""Plan tracker: every task and objective of the plan with its figures, targets and status."""

import streamlit as st

from dashboard.domain import plan
from dashboard.i18n import format_period, format_value, t
from dashboard.ui import cache
from dashboard.ui.cache import database_ui
from dashboard.ui.decks import add_to_deck_ui
from dashboard.ui.plan_ui import missing_template_ui, status_label
from dashboard.ui.tables import md_link, md_text
from dashboard.ui.widgets import language, print_styles_ui

lang = language()
engine = database_ui()
print_styles_ui()
title = "title_en" if lang == "en" else "title_vi"

st.title(t("plan_heading", lang))
st.caption(t("plan_intro", lang))
with st.expander(t("plan_rule_title", lang)):
    st.markdown(t("plan_rule", lang))

links = cache.plan_links(engine=engine)
if links.empty:
    st.info(t("plan_no_catalogue", lang))
    st.stop()
rows = plan.plan_rows(
    links,
    cache.province_figures(engine=engine),
    cache.province_targets(engine=engine),
    lang=lang,
)
summary = plan.task_summary(rows)
tasks = links.drop_duplicates("task_code")

counts = {s: sum(1 for v in summary.values() if v == s) for s in plan.Status}
for column, status in zip(st.columns(len(plan.Status)), plan.Status, strict=True):
    column.metric(status_label(status.value, lang), counts[status])
missing = plan.missing_indicators(rows)
st.info(t("plan_missing_all", lang).format(n=len(missing)), icon=":material/edit_note:")

for framework, group in tasks.groupby("framework", sort=False):
    st.header(t(f"plan_framework_{framework}", lang))
    for task in group.itertuples(index=False):
        verdict = summary[task.task_code].value
        mine = rows[rows["task_code"] == task.task_code]
        with st.expander(f"{task.number}. {getattr(task, title)} — {status_label(verdict, lang)}"):
            url = task.task_source_url or ""
            basis = md_link(task.task_source_title, url)
            st.caption(
                f"{t('plan_task_source', lang)}: {basis}"
                + ("" if url else f" ({t('plan_no_url', lang)})")
                + (f" — {md_text(task.task_note)}" if task.task_note else "")
            )
            table = mine.assign(
                shown=[
                    format_value(v, u, lang)
                    for v, u in zip(mine["value"], mine["unit"], strict=True)
                ],
                status_text=[status_label(s, lang) for s in mine["status"]],
                period=[format_period(p, lang) for p in mine["period_detail"]],
            )
            st.dataframe(
                table[
                    [
                        "label",
                        "shown",
                        "period",
                        "target_2025",
                        "target_2030",
                        "expected",
                        "status_text",
                        "is_sample",
                        "source_title",
                        "source_url",
                    ]
                ].rename(
                    columns={
                        "label": t("indicator", lang),
                        "shown": t("value", lang),
                        "period": t("period", lang),
                        "target_2025": t("plan_target_2025", lang),
                        "target_2030": t("plan_target_2030", lang),
                        "expected": t("plan_expected", lang),
                        "status_text": t("plan_status", lang),
                        "is_sample": t("sample_column", lang),
                        "source_title": t("source", lang),
                    }
                ),
                hide_index=True,
                width="stretch",
                column_config={"source_url": st.column_config.LinkColumn("URL")},
                key=f"plan_table_{task.task_code}",
            )
            absent = mine[mine["figures"] == 0]
            if len(absent):
                names = ", ".join(md_text(str(x)) for x in absent["label"])
                st.markdown(t("plan_missing", lang).format(names=names))
                missing_template_ui(
                    engine, lang, codes=list(absent["indicator_code"]), key=task.task_code
                )
add_to_deck_ui(page="plan", lang=lang)
