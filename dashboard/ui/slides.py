"""A slide on screen: the pages' live map across the screen, the headline above it, and the
legend, ranking and source line in a column beside it.

Everything a slide shows is prepared once (`screen`, cached; the map bases are cached too), so
changing slide only sends a restyle to a map the browser already holds. `draw_slide` draws one
deck slide; the Present page and anything else that shows a slide call it.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import logging

import streamlit as st
from sqlalchemy import Engine

from dashboard import maps
from dashboard.domain import facilities as fac
from dashboard.domain.classify import NO_DATA_COLOUR
from dashboard.domain.units import PROVINCE_CODE, VINTAGE_LEVEL
from dashboard.i18n import format_period, t
from dashboard.maps.builders import kinds_legend_html
from dashboard.maps.layers import script_json
from dashboard.present import boards, decks, statements
from dashboard.present.qr import qr_png
from dashboard.present.views import MapFigures, public_url
from dashboard.render import slides
from dashboard.ui.cache import engine_key
from dashboard.ui.maps import choropleth_base, facility_base

log = logging.getLogger(__name__)
MAP_KEY = "lc_slide_map"  # the map containers' key prefix (the full-screen CSS sizes them)
BOARD_KEY = "lc_slide_board"  # a board's container, sized like a map's

# Run in each slide map's frame after its restyle: the map fills the frame (the page sizes the
# frame from the viewport), the units the slide speaks of are named first, and the pointer and
# the slide keys reach the page even when the map has the focus.
FRAME_JS = """
(function (first, caption) {
    var box = document.getElementById("map_div");
    document.documentElement.style.overflow = "hidden";
    document.body.style.margin = "0";
    if (!document.getElementById("lc-slide-style")) {
        var style = document.createElement("style");
        style.id = "lc-slide-style";
        style.textContent = ".lc-unit-name { font-size: clamp(12px, 1.7vh, 19px) !important; }";
        document.head.appendChild(style);
    }
    if (box && box.style.height !== "100vh") {
        box.style.height = "100vh";
        box.style.width = "100%";
        map_div.invalidateSize({animate: false});
    }
    document.querySelectorAll(".lc-unit-name").forEach(function (el) {
        if (first.indexOf(el.dataset.code) >= 0) { el.dataset.first = "1"; }
        else { delete el.dataset.first; }
    });
    if (window.lcFitNames) { window.lcFitNames(); }
    var named = document.querySelector(".lc-map-caption");
    if (caption && !named) {
        var control = L.control({position: "topright"});
        control.onAdd = function () {
            var div = L.DomUtil.create("div", "lc-map-caption");
            div.style.cssText = "background:#fff;padding:2px 8px;border-radius:4px;" +
                "font-weight:700;font-size:clamp(14px, 2.4vh, 24px);box-shadow:0 0 4px #0005";
            return div;
        };
        control.addTo(map_div);
        named = document.querySelector(".lc-map-caption");
    }
    if (named) { named.textContent = caption; named.style.display = caption ? "" : "none"; }
    if (!window.__lcSlideFrame) {
        window.__lcSlideFrame = true;
        var page = window.parent;
        document.addEventListener("pointermove", function () {
            if (page.lcPointer) { page.lcPointer(); }
        }, true);
        document.addEventListener("keydown", function (event) {
            if (!page.__lcPresentKeys || event.defaultPrevented) { return; }
            page.__lcPresentKeys(event);
            if (event.defaultPrevented) { event.stopPropagation(); }
        }, true);
    }
    window.feature_group = [];
})(__FIRST__, __CAPTION__);
"""


@dataclasses.dataclass(frozen=True)
class SlideMap:
    """One live map of a slide: its base (vintage; a Facilities slide's units and kinds), the
    script that restyles it, and its caption on a split slide."""

    vintage: str
    restyle: str
    caption: str = ""
    facilities: tuple[tuple[str, ...], tuple[str, ...]] | None = None


@dataclasses.dataclass(frozen=True)
class Screen:
    """One slide ready to show: headline, maps, legend, ranking, source line, notes, QR."""

    title: str
    headline: statements.Headline
    source_line: str
    notes: tuple[str, ...]
    filters: str
    url: str
    qr: str  # a data: URL of the PNG (st.html keeps <img>, not inline SVG)
    is_sample: bool
    lang: str
    maps: tuple[SlideMap, ...] = ()
    legend: str = ""  # HTML, escaped where built
    ranking: tuple[statements.RankRow, ...] = ()
    card: tuple[statements.CardRow, ...] = ()  # a Profile slide's unit: figures and targets
    unavailable: str = ""  # shown instead of the map when the slide cannot draw it
    board: boards.Board | None = None  # a Plan tracker or Focus slide's table, in place of a map


def frame_script(first: tuple[str, ...], caption: str = "") -> str:
    """FRAME_JS for a map whose units `first` are named before any other; `caption` (a split
    slide's period and vintage) is written at the map's top right, as text."""
    return FRAME_JS.replace("__FIRST__", script_json(list(first))).replace(
        "__CAPTION__", script_json(caption)
    )


def _filters(rendered: slides.RenderedSlide, lang: str) -> str:
    figures = rendered.figures
    view = figures.view
    if rendered.facilities is not None:  # facilities have kinds, not an indicator or period
        parts = [t("facilities_page", lang), t(f"vintage_{view.vintage}", lang)]
        kinds = rendered.facilities.counts
        if len(kinds) < len(fac.KINDS):
            parts.append(", ".join(fac.KINDS[k].label(lang) for k in kinds))
    else:
        parts = [
            figures.indicator_label,
            f"{t('period', lang)}: {format_period(view.period, lang) if view.period else '–'}",
            t(f"vintage_{view.vintage}", lang),
            f"{t(f'scheme_{view.scheme}', lang)} ({view.k})",
        ]
    if view.units:
        parts.append(", ".join(figures.names.get(c, c) for c in view.units))
    if rendered.second is not None:
        second = rendered.second.view
        parts.append(
            f"{t('present_split_vs', lang)} "
            f"{t(f'vintage_{second.vintage}', lang)} · {format_period(second.period, lang)}"
        )
    return " · ".join(parts)


def _label(figures: MapFigures) -> maps.IndicatorLabel:
    return maps.IndicatorLabel(figures.indicator_label, figures.unit)


def _choropleth(
    figures: MapFigures, *, lang: str, first: tuple[str, ...], caption: str = ""
) -> tuple[SlideMap, dict[str, maps.UnitStyle]]:
    styles, _ = maps.choropleth_styles(
        figures.values,
        classes=figures.classes,
        label=_label(figures),
        lang=lang,
        selected=figures.view.units,
    )
    restyle = maps.restyle_script(
        level=VINTAGE_LEVEL[figures.view.vintage],
        units=styles,
        missing=maps.UnitStyle(fill=NO_DATA_COLOUR, tip=""),
        legend="",  # the base has no legend on the map: the slide's column holds it
    )
    return SlideMap(figures.view.vintage, restyle + frame_script(first, caption), caption), styles


def _caption(figures: MapFigures, lang: str) -> str:
    return (
        f"{t(f'vintage_{figures.view.vintage}', lang)} · {format_period(figures.view.period, lang)}"
    )


def _board_screen(*, engine: Engine, slide: decks.SlideInfo, lang: str, base: str) -> Screen:
    """A Plan tracker or Focus slide: its board fills the screen where a map would be."""
    board = boards.board(engine=engine, page=slide.page, params=slide.params, lang=lang)
    url = public_url(base_url=base, page=slide.page, params=slide.params)
    return Screen(
        title=slide.title,
        headline=statements.Headline(board.headline),
        source_line=board.source_line,
        notes=tuple(n.text(lang) for n in board.notes),
        filters=board.filters,
        url=url,
        qr="data:image/png;base64," + base64.b64encode(qr_png(url, scale=5)).decode(),
        is_sample=board.is_sample,
        lang=lang,
        board=board,
    )


def _prepare(*, engine: Engine, slide: decks.SlideInfo, lang: str, base: str) -> Screen:
    if slide.page in boards.BOARD_PAGES:
        return _board_screen(engine=engine, slide=slide, lang=lang, base=base)
    rendered = slides.slide_figures(engine=engine, slide=slide, lang=lang, base_url=base)
    figures = rendered.figures
    qr = "data:image/png;base64," + base64.b64encode(qr_png(rendered.url, scale=5)).decode()
    missing = statements.unavailable(slide, figures.view)
    if missing is not None:  # no stand-in map: its notes, filters and sample mark would mislead
        return dataclasses.replace(
            _notice(slide, lang, missing.text(lang)), url=rendered.url, qr=qr
        )
    shown = Screen(
        title=slide.title,
        headline=statements.Headline(slide.title),
        source_line=rendered.source_line,
        notes=tuple(n.text(lang) for n in rendered.notes),
        filters=_filters(rendered, lang),
        url=rendered.url,
        qr=qr,
        is_sample=rendered.is_sample,
        lang=lang,
    )
    if rendered.facilities is not None:
        points = rendered.facilities
        kinds = tuple(points.counts)
        facility_map = SlideMap(
            figures.view.vintage,
            frame_script(figures.view.units),
            facilities=(figures.view.units, kinds if len(kinds) < len(fac.KINDS) else ()),
        )
        return dataclasses.replace(
            shown,
            headline=statements.Headline(f"{points.headline_label}: {points.headline}"),
            maps=(facility_map,),
            legend=kinds_legend_html({k: fac.KINDS[k] for k in kinds}, points.counts, lang),
        )
    target = statements.target_value(engine=engine, indicator=figures.view.indicator)
    first = tuple(dict.fromkeys((*figures.view.units, *statements.extreme_codes(figures))))
    both = [figures] if rendered.second is None else [figures, rendered.second]
    drawn = [
        _choropleth(f, lang=lang, first=first, caption=_caption(f, lang) if len(both) > 1 else "")
        for f in both
    ]
    styles = {f"{i}:{code}": s for i, (_, part) in enumerate(drawn) for code, s in part.items()}
    if slide.page == "profile" and figures.view.units and len(both) == 1:
        code = figures.view.units[0]  # the unit's card beside its map, where it is outlined
        return dataclasses.replace(
            shown,
            headline=statements.Headline(figures.names.get(code, code)),
            maps=(drawn[0][0],),
            legend=maps.choropleth_legend(
                styles, classes=figures.classes, label=_label(figures), lang=lang
            ),
            card=statements.unit_card(
                engine=engine, code=code, vintage=figures.view.vintage, lang=lang
            ),
        )
    return dataclasses.replace(
        shown,
        headline=statements.headline(figures, target=target, lang=lang),
        maps=tuple(m for m, _ in drawn),
        # one legend for both maps of a split slide (their classes are shared)
        legend=maps.choropleth_legend(
            styles, classes=figures.classes, label=_label(figures), lang=lang
        ),
        ranking=statements.top_and_bottom(figures, lang=lang) if len(both) == 1 else (),
    )


@st.cache_data(ttl=600, show_spinner=False, max_entries=64, hash_funcs={Engine: engine_key})
def screen(*, engine: Engine, slide: decks.SlideInfo, lang: str, base: str) -> Screen:
    """Prepare a slide for the screen (cached: the next slide is prepared while one shows).

    A slide that cannot be prepared is shown with a notice in place of its map, never an error.
    """
    try:
        return _prepare(engine=engine, slide=slide, lang=lang, base=base)
    except Exception:  # a saved view the code cannot read must not stop the presentation
        log.exception("slide %s could not be prepared", slide.id)
        return _notice(slide, lang, t("present_unreadable", lang))


def _notice(slide: decks.SlideInfo, lang: str, text: str) -> Screen:
    """A slide that shows `text` in place of its map."""
    return Screen(
        title=slide.title,
        headline=statements.Headline(slide.title),
        source_line="",
        notes=(),
        filters="",
        url="",
        qr="",
        is_sample=False,
        lang=lang,
        unavailable=text,
    )


def _base(engine: Engine, shown: SlideMap, lang: str) -> maps.RenderedMap:
    if shown.facilities is not None:
        units, kinds = shown.facilities
        return facility_base(
            engine,
            vintage=shown.vintage,
            province_code=PROVINCE_CODE,
            lang=lang,
            unit_codes=units,
            kinds=kinds,
            legend=False,
        )
    return choropleth_base(
        engine,
        vintage=shown.vintage,
        province_code=PROVINCE_CODE,
        lang=lang,
        legend=False,
        fit_names=True,
    )


def prepare(*, engine: Engine, slide: decks.SlideInfo, lang: str, base: str) -> None:
    """Warm a slide: its figures, restyles and map bases are cached before it is shown."""
    for shown in screen(engine=engine, slide=slide, lang=lang, base=base).maps:
        _base(engine, shown, lang)


def board_html(board: boards.Board, *, height: int | None = None) -> str:
    """A board as a table in large type, its rows sharing the height a map would fill (or a
    fixed `height`); each row's status colours its last cell."""
    e = html.escape

    def kind(i: int) -> str:
        return "lc-num" if i in board.numeric else "lc-wide" if i == board.wide else ""

    head = "".join(f'<th class="{kind(i)}">{e(c)}</th>' for i, c in enumerate(board.columns))
    body = "".join(
        f'<tr class="lc-board-{e(r.status)}">'
        + "".join(f'<td class="{kind(i)}">{e(c)}</td>' for i, c in enumerate(r.cells))
        + "</tr>"
        for r in board.rows
    )
    box = f"--lc-board-rows: {len(board.rows) + 1};"
    if height is not None:
        box += f" --lc-map-h: {height}px;"
    return (
        f'<div class="lc-board" style="{box}"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _card_html(card: tuple[statements.CardRow, ...], lang: str) -> str:
    """A unit's figures, each with its 2025 target, gap and verdict where a target is set."""
    e = html.escape
    rows = []
    for c in card:
        against = ""
        if c.target:
            verdict = t("present_target_met" if c.met else "present_target_not_met", lang)
            against = f" · {e(t('target_2025', lang))}: {e(c.target)} ({e(c.gap)}, {e(verdict)})"
        rows.append(
            f'<div class="lc-card-row"><div>{e(c.indicator)}</div>'
            f"<div><b>{e(c.value)}</b>{against}</div></div>"
        )
    return '<div class="lc-card">' + "".join(rows) + "</div>"


def _side_html(shown: Screen, *, n: int, total: int, show_qr: bool) -> str:
    e, lang = html.escape, shown.lang
    parts = [
        f'<div class="lc-count">{e(t("present_slide_of", lang).format(n=n, total=total))}</div>',
        f'<p class="lc-title">{e(shown.title)}</p>',
    ]
    if shown.is_sample:
        parts.append(f'<div class="lc-sample">{e(t("export_sample_mark", lang))}</div>')
    if shown.legend:
        parts.append(f'<div class="lc-legend-box">{shown.legend}</div>')
    if shown.ranking:
        rows = []
        last = 0
        for row in shown.ranking:
            if last and row.rank > last + 1:
                gap = t("rd_ranking_gap", lang).format(n=row.rank - last - 1)
                rows.append(f'<tr class="lc-rank-gap"><td colspan="3">{e(gap)}</td></tr>')
            rows.append(
                f"<tr><td>{row.rank}</td><td>{e(row.name)}</td>"
                f'<td class="lc-rank-value">{e(row.value)}</td></tr>'
            )
            last = row.rank
        parts.append(
            f'<div class="lc-rank"><div class="lc-rank-head">{e(t("rd_ranked_list", lang))}'
            f"</div><table>{''.join(rows)}</table></div>"
        )
    if shown.card:
        parts.append(_card_html(shown.card, lang))
    if shown.source_line:
        parts.append(f'<div class="lc-source">{e(shown.source_line)}</div>')
    if shown.filters:
        parts.append(
            f'<div class="lc-bar">{e(t("present_filters", lang))}: {e(shown.filters)}</div>'
        )
    if show_qr and shown.qr:
        parts.append(
            f'<div class="lc-qr"><img src="{shown.qr}" alt="{e(shown.url)}">'
            f"<span>{e(t('present_qr_caption', lang))}</span></div>"
        )
    return '<div class="lc-side">' + "".join(parts) + "</div>"


def slide_ui(
    shown: Screen,
    *,
    engine: Engine,
    n: int,
    total: int,
    show_qr: bool,
    key: str = "present",
    height: int | None = None,
) -> None:
    """One slide: headline, the live map(s) (filling the screen unless a `height` is given),
    and beside them the title, legend, ranking, source and period line, filters and QR code."""
    e, lang = html.escape, shown.lang
    target = f"<small> · {e(shown.headline.target)}</small>" if shown.headline.target else ""
    wrap = " lc-headline-wrap" if shown.board is not None else ""  # a board's says more
    st.html(f'<div class="lc-headline{wrap}">{e(shown.headline.text)}{target}</div>')
    for note in shown.notes:
        st.html(f'<div class="lc-note">⚠ {e(t("present_stale", lang))}: {e(note)}</div>')
    map_column, side = st.columns([5, 1], gap="small")
    with map_column:
        if shown.unavailable:
            st.html(f'<div class="lc-unavailable" role="alert">⚠ {e(shown.unavailable)}</div>')
        if shown.board is not None:
            fill = "fill" if height is None else "fixed"
            with st.container(key=f"{BOARD_KEY}_{fill}_{key}"):
                st.html(board_html(shown.board, height=height))
        columns = (
            map_column.columns(len(shown.maps), gap="small")
            if len(shown.maps) > 1
            else [map_column] * len(shown.maps)
        )
        for i, (column, one) in enumerate(zip(columns, shown.maps, strict=True)):
            with column:
                fill = "fill" if height is None else "fixed"
                with st.container(key=f"{MAP_KEY}_{fill}_{key}_{i}"):
                    maps.show_map(
                        _base(engine, one, lang),
                        key=f"{key}_map_{i}",
                        restyle=one.restyle,
                        height=height or 600,
                    )
    with side:
        st.html(_side_html(shown, n=n, total=total, show_qr=show_qr))


def draw_slide(
    *,
    engine: Engine,
    slide: decks.SlideInfo,
    n: int,
    total: int,
    show_qr: bool,
    lang: str,
    base: str,
    key: str = "present",
    height: int | None = None,
) -> None:
    """Prepare (cached) and draw one deck slide in `lang`; `key` keeps two slides on one page
    apart, `height` gives the maps a fixed height instead of filling the screen."""
    slide_ui(
        screen(engine=engine, slide=slide, lang=lang, base=base),
        engine=engine,
        n=n,
        total=total,
        show_qr=show_qr,
        key=key,
        height=height,
    )
