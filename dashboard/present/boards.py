"""Slides without a map: the Plan tracker's status board and the Focus page's ranking.

A board is a headline, a table (columns and rows of text, each row with a status for its
colour) and one source and period line, in the reader's language; the present page draws it
as HTML (escaped there), the exports as a matplotlib table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from dashboard.data import plan_queries, queries
from dashboard.domain import focus, plan
from dashboard.domain.analysis import literacy_code
from dashboard.domain.periods import Period, parse_code
from dashboard.domain.units import MAP_VINTAGES, Vintage
from dashboard.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    format_number,
    format_period,
    format_value,
    t,
)
from dashboard.present.views import Note

BOARD_PAGES = ("plan", "focus")
FOCUS_SHOWN = 10  # units listed on a Focus slide, from where to go first
FOCUS_BY = ("people", "rate")


@dataclass(frozen=True)
class BoardRow:
    """One line of a board: its cells as text, and a status ('met', 'behind', ...) or ''."""

    cells: tuple[str, ...]
    status: str = ""


@dataclass(frozen=True)
class Board:
    """What a board slide shows, in one language."""

    headline: str
    columns: tuple[str, ...]
    rows: tuple[BoardRow, ...]
    source_line: str
    filters: str
    is_sample: bool
    notes: tuple[Note, ...] = ()
    numeric: tuple[int, ...] = ()  # columns of numbers (aligned right)
    wide: int = -1  # a column that takes the rest of the width (cut short when too long)


def _lang(params: Mapping[str, str]) -> str:
    lang = params.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _source_line(sources: list[str], period: Period | str | None, lang: str) -> str:
    """'Nguồn: A (+1 nguồn khác) · Kỳ: …': the first source and how many more."""
    listed = list(dict.fromkeys(s for s in sources if s))
    shown = listed[0] if listed else "–"
    if len(listed) > 1:
        shown += " " + t("board_more_sources", lang).format(n=len(listed) - 1)
    return f"{t('source', lang)}: {shown} · {t('period', lang)}: {format_period(period, lang)}"


def plan_board(*, engine: Engine, lang: str) -> Board:
    """Every task and objective of the plan with its status; the headline counts them."""
    links = plan_queries.plan_links(engine=engine)
    figures = plan_queries.province_figures(engine=engine)
    rows = plan.plan_rows(links, figures, queries.province_targets(engine=engine), lang=lang)
    summary = plan.task_summary(rows)
    title = "title_en" if lang == "en" else "title_vi"
    board_rows = []
    for task in links.drop_duplicates("task_code").itertuples(index=False):
        mine = rows[rows["task_code"] == task.task_code]
        status = summary[str(task.task_code)].value
        board_rows.append(
            BoardRow(
                (
                    str(getattr(task, title)),
                    f"{int((mine['figures'] > 0).sum())}/{len(mine)}",
                    t(f"plan_status_{status}", lang),
                ),
                status,
            )
        )
    counts = [
        (s, sum(1 for v in summary.values() if v == s))
        for s in plan.Status
        if s in summary.values()
    ]
    said = " · ".join(f"{n} {t(f'plan_status_{s.value}', lang).lower()}" for s, n in counts)
    used = rows[rows["figures"] > 0]
    latest = figures[figures["indicator_code"].isin(used["indicator_code"])]
    newest = latest.sort_values("period_end").iloc[-1] if len(latest) else None
    return Board(
        headline=t("board_plan_headline", lang).format(n=len(summary), counts=said),
        columns=(
            t("board_plan_task", lang),
            t("board_plan_indicators", lang),
            t("plan_status", lang),
        ),
        rows=tuple(board_rows),
        source_line=_source_line(
            [str(s) for s in used["source_title"].dropna()],
            None if newest is None else newest["period_detail"],
            lang,
        ),
        filters=t("plan_page", lang),
        is_sample=bool(used["is_sample"].astype(bool).any()),
        numeric=(1,),
        wide=0,  # the tasks' titles
    )


def focus_board(*, engine: Engine, params: Mapping[str, str], lang: str) -> Board:
    """The units where literacy work should go first (the Focus page's ranking), top first."""
    raw_vintage = params.get("vintage") or Vintage.PRE_2025.value
    vintage = Vintage(raw_vintage) if raw_vintage in MAP_VINTAGES else Vintage.PRE_2025
    by = params.get("by", "people")
    by = by if by in FOCUS_BY else "people"
    periods = sorted(
        queries.vintage_periods(
            engine=engine, indicator_code=literacy_code(2, focus.PEOPLE_BAND), vintage=vintage
        ),
        key=lambda p: parse_code(p).end,
        reverse=True,
    )
    filters = " · ".join([t("focus_page", lang), t(f"vintage_{vintage.value}", lang)])
    columns = (
        t("focus_rank", lang),
        t("unit_col", lang),
        t("focus_people", lang),
        t("focus_rate", lang),
        t("focus_gap", lang),
    )
    if not periods:
        return Board(t("focus_no_figures", lang), columns, (), "", filters, False)
    notes: tuple[Note, ...] = ()
    period = params.get("period") or periods[0]
    if period not in periods:
        notes = (
            Note(
                f"Kỳ {period} không có số liệu; hiển thị kỳ mới nhất.",
                f"Period {period} has no figures; showing the latest period.",
            ),
        )
        period = periods[0]
    figures = plan_queries.literacy_level2_figures(engine=engine, period=period, vintage=vintage)
    flags = focus.flag_for(
        plan_queries.difficulty_flags(engine=engine, vintage=vintage),
        period_end=parse_code(period).end,
    )
    ranked = focus.ordered(
        focus.ranking(
            {b: g for b, g in figures.groupby("band")},
            flags,
            queries.literacy_standards(engine=engine),
        ),
        by=by,
    )
    rank = "rank_people" if by == "people" else "rank_rate"
    shown = ranked[ranked[rank].notna()].head(FOCUS_SHOWN)
    rows = tuple(
        BoardRow(
            (
                str(int(r[rank])),
                str(r["name"]) + (f" ({t('focus_flagged', lang)})" if r["flagged"] else ""),
                format_number(r["people_without"], lang, decimals=0),
                format_number(r["rate"], lang, decimals=2),
                _signed(r["gap"], lang),
            ),
            "" if pd.isna(r["gap"]) else ("met" if r["gap"] >= 0 else "behind"),
        )
        for _, r in shown.iterrows()
    )
    below = int((ranked["gap"] < 0).sum())
    top = shown.iloc[0] if len(shown) else None
    headline = t(f"board_focus_headline_{by}", lang).format(
        unit="–" if top is None else str(top["name"]),
        value=""
        if top is None
        else format_value(top["people_without"], "persons", lang)
        if by == "people"
        else format_value(top["rate"], "percent", lang),
        below=below,
        total=int(ranked["gap"].notna().sum()),
    )
    shown_periods = shown["period_detail"].dropna()
    return Board(
        headline=headline,
        columns=columns,
        rows=rows,
        source_line=_source_line(
            [str(s) for s in shown["source_title"].dropna()],
            shown_periods.iloc[0] if len(shown_periods) else period,
            lang,
        ),
        filters=" · ".join(
            [
                filters,
                f"{t('period', lang)}: {format_period(period, lang)}",
                t(f"focus_by_{by}", lang),
            ]
        ),
        is_sample=bool(shown["is_sample"].astype(bool).any()),
        notes=notes,
        numeric=(0, 2, 3, 4),
    )


def _signed(value: object, lang: str) -> str:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return "–"
    number = float(value)  # type: ignore[arg-type]
    return ("+" if number > 0 else "") + format_number(number, lang, decimals=2)


def board(*, engine: Engine, page: str, params: Mapping[str, str], lang: str | None) -> Board:
    """The board a Plan tracker or Focus slide shows, in `lang` (else the slide's language)."""
    shown = lang or _lang(params)
    if page == "plan":
        return plan_board(engine=engine, lang=shown)
    return focus_board(engine=engine, params=params, lang=shown)
