"""Tables and text for pages: literal markdown, links, figure tables, downloads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from dashboard.domain.indicators import Card
from dashboard.domain.periods import Period
from dashboard.domain.units import Vintage
from dashboard.i18n import format_period, t
from dashboard.loading import export

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>~$])")


def md_text(text: str) -> str:
    """Text shown literally inside Streamlit markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def source_domain(url: str) -> str:
    """'baosonla.org.vn' for a source URL: a compact source line ('' without an http(s) URL)."""
    from urllib.parse import urlparse

    if not url.startswith(("http://", "https://")):
        return ""
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.").removeprefix("en.")


def md_link(title: str, url: str) -> str:
    """A markdown link whose title is shown literally; plain text when there is no http(s) URL."""
    if url.startswith(("http://", "https://")):
        return f"[{md_text(title)}](<{url.replace('>', '%3E').replace(' ', '%20')}>)"
    return md_text(title)


def downloads_ui(df: Any, *, name: str, context: export.ExportContext) -> None:
    """CSV and Excel downloads of a table with its header block (formulas neutralised)."""
    if context.filtered:
        st.caption(
            md_text(t("rd_export_filtered", context.lang)).format(
                shown=context.rows_shown, total=context.rows_total
            )
        )
    left, right = st.columns(2)
    # Files are made only when clicked (a 50,000-row workbook takes seconds to write), and
    # stamped then: `context` may have been made once for every reader of the view.
    left.download_button(
        "CSV",
        lambda: export.to_csv_bytes(df, context=_stamped(context)),
        file_name=f"{name}.csv",
        mime="text/csv",
        icon=":material/download:",
        width="stretch",
    )
    right.download_button(
        "Excel",
        lambda: export.to_xlsx_bytes(df, sheet=name, context=_stamped(context)),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        width="stretch",
    )


def _stamped(context: export.ExportContext) -> export.ExportContext:
    return dataclasses.replace(context, exported_at=dt.datetime.now(dt.UTC))


def export_context(
    *,
    lang: str,
    what: str,
    rows: Any,
    total: int,
    vintage: str | None = None,
    unit: str = "",
    period: str = "",
    filters: list[str] | None = None,
) -> export.ExportContext:
    """What a download holds, read from the rows it exports (their sources and sample flags).

    `rows` has source_title (and source_url) and is_sample columns where the table has them;
    `filters` are the active filters in words ("Huyện, thành phố: Mường La").
    """
    sources: list[str] = []
    if "source_title" in rows.columns:
        urls = "source_url" if "source_url" in rows.columns else "source_title"
        sources = export.sources_of(rows, title="source_title", url=urls)
    sample = (
        bool(rows["is_sample"].fillna(False).astype(bool).any()) if "is_sample" in rows else False
    )
    return export.ExportContext(
        lang=lang,
        indicator=what,
        unit=unit,
        period=format_period(period, lang) if period else "",
        vintage=t(f"vintage_{vintage}", lang) if vintage else "",
        sources=sources,
        is_sample=sample,
        rows_shown=len(rows),
        rows_total=total,
        filters=[f for f in (filters or []) if f],
    )


def filter_text(label: str, chosen: list[str]) -> str:
    """'Huyện, thành phố: Mường La, Sốp Cộp', or '' when nothing is chosen."""
    return f"{label}: {', '.join(chosen)}" if chosen else ""


def printable_html(table: Any, *, lang: str) -> str:
    """A table as static HTML shown only on paper (a scrolling grid prints cut)."""
    from dashboard.i18n import display_table

    html = display_table(table, lang).to_html(index=False, escape=True, border=0)
    return f'<div class="lc-print-only">{html}</div>'


USED_BY_KEYS = {
    "figures": "rd_used_figures",
    "facilities": "rd_used_facilities",
    "boundaries and units": "rd_used_boundaries",
    "targets": "rd_used_targets",
    "crosswalk": "rd_used_crosswalk",
    "literacy standards": "rd_used_standards",
}


def licence_text(licence: object, *, is_sample: bool, lang: str) -> str:
    """The licence as recorded, or what is known when none is: never an empty cell."""
    if isinstance(licence, str) and licence.strip():
        return licence
    return t("rd_licence_sample" if is_sample else "rd_licence_not_stated", lang)


def sources_table(sources: Any, *, lang: str) -> Any:
    """The Data sources page's table in the reader's language, a licence on every row."""
    out = sources.copy()
    out["licence"] = [
        licence_text(lic, is_sample=bool(sample), lang=lang)
        for lic, sample in zip(out["licence"], out["is_sample"], strict=True)
    ]
    out["used_by"] = [
        ", ".join(t(USED_BY_KEYS.get(p.strip(), ""), lang, p.strip()) for p in str(u).split(","))
        if u
        else ""
        for u in out["used_by"]
    ]
    out["publisher"] = out["publisher"].fillna("")
    return out


def verdict_text(meets: bool | None, lang: str) -> str:
    """'Đạt' / 'Chưa đạt' / 'Chưa đủ số liệu' for a literacy-standard verdict."""
    return t(
        {True: "standard_met", False: "standard_not_met", None: "standard_unknown"}[meets], lang
    )


def figures_table(
    values: Any, *, lang: str, selected: list[str], verdicts: Mapping[str, Any], verdict_label: str
) -> Any:
    """The Indicators page's table: unit, value, period, source (with URL), sample, note."""
    columns = [
        "gso_code",
        "name",
        "value",
        "period_detail",
        "source_title",
        "source_url",
        "is_sample",
        "note",
    ]
    table = values[columns].copy()
    table["period_detail"] = [
        format_period(p, lang) if isinstance(p, Period) else t("no_data", lang)
        for p in table["period_detail"]
    ]
    if selected:
        table = table[table["gso_code"].isin(selected)]
    if verdicts:
        table[verdict_label] = table["gso_code"].map(
            lambda c: verdict_text(verdicts[c].meets, lang)
        )
    return table.drop(columns="gso_code").rename(
        columns={
            "name": t("unit_col", lang),
            "value": t("value", lang),
            "note": t("note", lang),
            "period_detail": t("period", lang),
            "source_title": t("source", lang),
            "is_sample": t("sample_column", lang),
        }
    )


def map_table_html(
    values: Any,
    *,
    title: str,
    unit: str,
    lang: str,
    vintage: str,
    higher_is_better: bool | None = True,
) -> str:
    """The map's figures as an HTML table (ranked, best first; units without a figure last),
    captioned `title`; each unit's name links to its profile (a keyboard or screen reader's way
    from the map to a unit)."""
    from html import escape
    from urllib.parse import urlencode

    from dashboard.domain.analysis import ranked
    from dashboard.i18n import format_value

    order = ranked(values, higher_is_better=higher_is_better)
    missing = values[values["value"].isna()].sort_values("name")
    rows = []
    for rank, (code, name, value) in enumerate(
        zip(order["gso_code"], order["name"], order["value"], strict=True), start=1
    ):
        rows.append((str(rank), code, name, format_value(value, unit, lang)))
    rows += [
        ("", code, name, t("no_data", lang))
        for code, name in zip(missing["gso_code"], missing["name"], strict=True)
    ]
    extra = {"vintage": vintage} if vintage != Vintage.PRE_2025 else {}
    extra |= {"lang": lang} if lang != "vi" else {}
    body = "".join(
        f'<tr><td>{escape(rank)}</td><th scope="row"><a href="profile?'
        f'{escape(urlencode({"unit": code, **extra}))}" target="_self" aria-label="'
        f'{escape(t("a11y_profile_link", lang).format(name=name))}">{escape(str(name))}</a></th>'
        f"<td>{escape(shown)}</td></tr>"
        for rank, code, name, shown in rows
    )
    head = "".join(
        f'<th scope="col">{escape(t(key, lang))}</th>' for key in ("rd_rank", "unit_col", "value")
    )
    return (
        f'<table class="lc-map-table"><caption>{escape(title)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _html_link(title: str, url: str, *, help_text: str) -> str:
    """An escaped link that opens in a new tab (plain text without an http(s) URL)."""
    from html import escape

    if not url.startswith(("http://", "https://")):
        return escape(title)
    return (
        f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer" '
        f'title="{escape(help_text)}">{escape(title)}</a>'
    )


def figure_cards_html(themes: Mapping[str, Sequence[Card]], lang: str) -> str:
    """Figures as cards under their theme's heading, one block of HTML (escaped): each card's
    name (its note on hover or focus), value, gap to the target (arrow and colour by its sign),
    then the 2025 target, the period and the source's site (its full title on hover)."""
    from html import escape

    blocks = []
    for theme, cards in themes.items():
        items = []
        for card in cards:
            note = (
                f' <span class="lc-figure-help" tabindex="0" role="note" '
                f'title="{escape(card.note)}" aria-label="{escape(card.note)}">?</span>'
                if card.note
                else ""
            )
            gap = ""
            if card.gap:
                behind = card.gap.startswith(("−", "-"))
                arrow, kind = ("↓", "behind") if behind else ("↑", "ahead")
                gap = (
                    f'<div class="lc-figure-gap lc-figure-{kind}">'
                    f'<span aria-hidden="true">{arrow}</span> {escape(card.gap)}</div>'
                )
            target = card.target or t("rd_no_target", lang)
            source = _html_link(
                source_domain(card.source_url) or card.source_title,
                card.source_url,
                help_text=card.source_title,
            )
            meta = (
                f"{escape(t('target_2025', lang))}: {escape(target)} · "
                f"{escape(t('period', lang))}: {escape(card.period)} · {source}"
            )
            items.append(
                f'<li class="lc-figure"><div class="lc-figure-label">{escape(card.label)}{note}'
                f'</div><div class="lc-figure-value">{escape(card.value)}</div>{gap}'
                f'<div class="lc-figure-meta">{meta}</div></li>'
            )
        blocks.append(f'<h4>{escape(theme)}</h4><ul class="lc-figures">{"".join(items)}</ul>')
    return f'<div class="lc-themes">{"".join(blocks)}</div>'


def map_table_ui(title: str, html: str) -> None:
    """The text alternative of a choropleth, next to it: an expander named after the indicator
    and the period (`title`), holding the ranked table (`html`, see map_table_html)."""
    with st.expander(md_text(title), icon=":material/table:"):
        st.html(html)
