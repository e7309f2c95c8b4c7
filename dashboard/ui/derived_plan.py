"""What the plan area's pages derive from the cached rows (see dashboard.ui.derived): the Focus
ranking and map, the Recognitions map and registry, the Plan tracker's board and the UNESCO
framework, once per (arguments, language) and shared by every session."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
from sqlalchemy import Engine

from dashboard import maps
from dashboard.domain import focus, plan
from dashboard.domain.periods import parse_code
from dashboard.domain.units import CITY_CODE
from dashboard.i18n import format_period, format_value, t
from dashboard.loading import kflc_report
from dashboard.loading.export import ExportContext
from dashboard.ui import cache, plan_ui
from dashboard.ui.cache import shared
from dashboard.ui.derived import arrow
from dashboard.ui.tables import export_context, filter_text, md_link, md_text

# --- Focus and Recognitions ---------------------------------------------------------------------


@dataclass(frozen=True)
class FocusRanking:
    """The Focus page's units for a period, ranked one way, as the reader reads them."""

    ranked: pd.DataFrame  # every unit with its estimate, rate, gap and ranks, in rank order
    table: pd.DataFrame  # what the grid shows and the downloads hold
    grid: pa.Table
    flagged: int  # units on a "particularly difficult" list for the period
    flag_sources: str  # the lists' sources as markdown links
    context: ExportContext  # what the downloads say they hold


@shared(max_entries=128)
def focus_ranking(engine: Engine, *, period: str, vintage: str, by: str, lang: str) -> FocusRanking:
    """Units ranked by people without level-2 literacy (`by="people"`) or by rate."""
    figures = cache.literacy_level2_figures(engine=engine, period=period, vintage=vintage)
    flag_lists = cache.difficulty_flags(engine=engine, vintage=vintage)
    flags = focus.flag_for(flag_lists, period_end=parse_code(period).end)
    ranked = focus.ordered(
        focus.ranking(
            {b: g for b, g in figures.groupby("band")},
            flags,
            cache.literacy_standards(engine=engine),
        ),
        by=by,
    )
    rank = "rank_people" if by == "people" else "rank_rate"
    table = ranked[
        [rank, "name", "flagged", "band", "rate", "gap", "people_without", "is_sample"]
        + ["source_title"]
    ].rename(
        columns={
            rank: t("focus_rank", lang),
            "name": t("unit_col", lang),
            "flagged": t("focus_flagged", lang),
            "band": t("focus_band", lang),
            "rate": t("focus_rate", lang),
            "gap": t("focus_gap", lang),
            "people_without": t("focus_people", lang),
            "is_sample": t("sample_column", lang),
            "source_title": t("source", lang),
        }
    )
    sources = flag_lists.drop_duplicates(["source_title", "source_url"])
    links = ", ".join(
        md_link(s, u or "")
        for s, u in zip(sources["source_title"], sources["source_url"], strict=True)
    )
    flagged = sum(1 for on in flags.values() if on)
    context = export_context(
        lang=lang,
        what=t("focus_heading", lang),
        rows=ranked,
        total=len(ranked),
        vintage=vintage,
        unit="%",
        period=period,
    )
    return FocusRanking(ranked, table, arrow(table), flagged, links, context)


@shared(max_entries=128)
def focus_map(engine: Engine, *, period: str, vintage: str, by: str, lang: str) -> maps.RenderedMap:
    """Units coloured by the people without level-2 literacy, rendered once."""
    ranked = focus_ranking(engine, period=period, vintage=vintage, by=by, lang=lang).ranked
    return maps.render_base(plan_ui.focus_map(engine, ranked, vintage=vintage, lang=lang))


@shared(max_entries=16)
def recognition_map(engine: Engine, *, vintage: str, lang: str) -> maps.RenderedMap:
    """Recognitions per unit of the vintage, rendered once."""
    return maps.render_base(plan_ui.recognition_map(engine, vintage=vintage, lang=lang))


@dataclass(frozen=True)
class RecognitionList:
    """The registry for one filter, as read and downloaded."""

    shown: pd.DataFrame  # the recognitions the filter keeps
    table: pd.DataFrame
    grid: pa.Table
    context: ExportContext  # what the downloads say they hold


@shared(max_entries=256)
def recognition_list(
    engine: Engine,
    *,
    kinds: tuple[str, ...],
    levels: tuple[str, ...],
    units: tuple[str, ...],
    search: str,
    vintage: str,
    lang: str,
) -> RecognitionList:
    """Recognitions of any of the kinds, levels and units (none chosen: all) whose recipient
    holds `search` (case-folded)."""
    found = cache.recognitions(engine=engine)
    shown = found
    if kinds:
        shown = shown[shown["kind"].isin(kinds)]
    if levels:
        shown = shown[shown["level"].isin(levels)]
    if units:
        shown = shown[shown["unit_name"].isin(units)]
    if search:
        shown = shown[shown["recipient"].str.casefold().str.contains(search, regex=False)]
    table = plan_ui.recognition_table(shown, lang)
    context = export_context(
        lang=lang,
        what=t("recog_heading", lang),
        rows=shown,
        total=len(found),
        vintage=vintage,
        filters=[
            filter_text(t("unit_col", lang), list(units)),
            filter_text(t("recog_search", lang), [search] if search else []),
        ],
    )
    return RecognitionList(shown, table, arrow(table), context)


# --- the Plan tracker and the UNESCO framework -------------------------------------------------


@dataclass(frozen=True)
class PlanTask:
    """One task of the plan as its expander shows it."""

    code: str
    heading: str  # "3. … — 🔴 Chậm"
    basis: str  # the task's source (linked) and note, markdown
    table: pa.Table  # its indicators: value, period, targets, expected, status, source
    missing: str  # "Figures the province has not entered: …" (markdown); "" when none
    missing_codes: tuple[str, ...]


@dataclass(frozen=True)
class PlanBoard:
    """Every task of the plan with its status, by framework."""

    counts: tuple[tuple[str, int], ...]  # (status label, tasks), every status
    missing: int  # indicators without a province figure
    frameworks: tuple[tuple[str, tuple[PlanTask, ...]], ...]


@shared(max_entries=8)
def plan_board(engine: Engine, *, lang: str) -> PlanBoard | None:
    """The plan tracker's counts and tasks; None without a plan catalogue."""
    links = cache.plan_links(engine=engine)
    if links.empty:
        return None
    title = "title_en" if lang == "en" else "title_vi"
    rows = plan.plan_rows(
        links,
        cache.province_figures(engine=engine),
        cache.province_targets(engine=engine),
        lang=lang,
    )
    summary = plan.task_summary(rows)
    counts = tuple(
        (plan_ui.status_label(s.value, lang), sum(1 for v in summary.values() if v == s))
        for s in plan.Status
    )
    frameworks = []
    for framework, group in links.drop_duplicates("task_code").groupby("framework", sort=False):
        tasks = []
        for task in group.itertuples(index=False):
            verdict = plan_ui.status_label(summary[task.task_code].value, lang)
            mine = rows[rows["task_code"] == task.task_code]
            url = task.task_source_url or ""
            basis = (
                f"{t('plan_task_source', lang)}: {md_link(task.task_source_title, url)}"
                + ("" if url else f" ({t('plan_no_url', lang)})")
                + (f" — {md_text(task.task_note)}" if task.task_note else "")
            )
            table = mine.assign(
                shown=[
                    format_value(v, u, lang)
                    for v, u in zip(mine["value"], mine["unit"], strict=True)
                ],
                status_text=[plan_ui.status_label(s, lang) for s in mine["status"]],
                period=[format_period(p, lang) for p in mine["period_detail"]],
            )[
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
            )
            absent = mine[mine["figures"] == 0]
            names = ", ".join(md_text(str(x)) for x in absent["label"])
            tasks.append(
                PlanTask(
                    code=str(task.task_code),
                    heading=f"{task.number}. {getattr(task, title)} — {verdict}",
                    basis=basis,
                    table=arrow(table),
                    missing=t("plan_missing", lang).format(names=names) if len(absent) else "",
                    missing_codes=tuple(absent["indicator_code"]),
                )
            )
        frameworks.append((t(f"plan_framework_{framework}", lang), tuple(tasks)))
    return PlanBoard(counts, len(plan.missing_indicators(rows)), tuple(frameworks))


@dataclass(frozen=True)
class FrameworkArea:
    """One Key Features area: its expander's heading and its figures (None: no indicator)."""

    heading: str
    table: pa.Table | None


@dataclass(frozen=True)
class Framework:
    """Sơn La city against UNESCO's Key Features of Learning Cities."""

    summary: str  # "n of 12 areas have figures …" (markdown)
    sample: bool
    areas: pa.Table  # each area's part, indicators, real and sample-only figures, state
    by_area: tuple[tuple[str, FrameworkArea], ...]  # (area code, area)


@shared(max_entries=8)
def framework(engine: Engine, *, lang: str) -> Framework | None:
    """The 12 areas, which have real figures, and each area's figures; None without tags."""
    figures = cache.kflc_city_figures(engine=engine, gso_code=CITY_CODE)
    if figures.empty:
        return None
    area_label = "area_en" if lang == "en" else "area_vi"
    label = "label_en" if lang == "en" else "label_vi"
    states = kflc_report.area_states(figures)
    areas = states.assign(
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
    )
    state_of = states.set_index("area_code")["state"]
    by_area = []
    for code, group in figures.groupby("area_code", sort=False):
        tagged = group.dropna(subset=["indicator_code"])
        heading = f"{group.iloc[0][area_label]} — {t(f'kflc_state_{state_of[code]}', lang)}"
        table = None
        if not tagged.empty:
            shown = tagged.assign(
                shown=[
                    format_value(v, u, lang)
                    for v, u in zip(tagged["value"], tagged["unit"], strict=True)
                ],
                period=[format_period(p, lang) for p in tagged["period_detail"]],
            )[[label, "shown", "period", "is_sample", "source_title", "source_url"]]
            table = arrow(
                shown.rename(
                    columns={
                        label: t("indicator", lang),
                        "shown": t("value", lang),
                        "period": t("period", lang),
                        "is_sample": t("sample_column", lang),
                        "source_title": t("source", lang),
                    }
                )
            )
        by_area.append((str(code), FrameworkArea(heading, table)))
    summary = t("kflc_summary", lang).format(
        figures=int((states["state"] == "figures").sum()),
        none=int((states["state"] == "none").sum()),
    )
    return Framework(
        summary=summary,
        sample=bool(figures["is_sample"].eq(True).any()),  # NaN where there is no figure
        areas=arrow(areas),
        by_area=tuple(by_area),
    )
