"""Widgets pages share: language, vintage and scope switches, URL state, dependent selects.

Streamlit 1.67's `bind="query-params"` was evaluated for these widgets and not used: the URL
parameter is named after the widget key and holds the option *as formatted* — with our
format_func the vintage would read `?overview_vintage=Trước 1/7/2025: 12 huyện, thành phố`,
so a link copied in Vietnamese would not work in English, and `?lang=en` would become
`?lang_radio=English`. A bound parameter also cannot be set through st.query_params, which
`write_url_ui` uses for the state that is not a widget (map clicks, manual class edges). The
hand-written reader (dashboard.ui.state) keeps language-neutral codes and its fallback notices."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st
from sqlalchemy import Engine
from streamlit.errors import StreamlitAPIException

from dashboard.domain.units import MAP_VINTAGES, PROVINCE_CODE, Vintage
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from dashboard.ui import cache
from dashboard.ui.a11y import accessible_styles_ui
from dashboard.ui.language import reader_language
from dashboard.ui.state import StateReader, to_params
from dashboard.ui.tables import md_text


def _leave_pages_directory_mode() -> None:
    """Run through streamlit_app.py's navigation even when the first visit is a deep link.

    Streamlit starts a process in its old "pages/ directory" mode until the main script has
    called st.navigation; a shared link such as /indicators?... opened first would run the
    page alone (no language switch, no sign-in, file names as menu). Switch modes and rerun.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def language() -> str:
    """The reader's language: URL ?lang=, then the session, then Vietnamese.

    Every page calls this first, so it also makes sure the page runs inside the navigation
    and carries the accessibility styles (focus rings, caption contrast).
    """
    _leave_pages_directory_mode()
    accessible_styles_ui()
    return reader_language()


def language_ui() -> str:
    """Language switch in the sidebar; kept in the URL so a shared link keeps it.

    The page itself calls `language()`, which sends the accessibility styles: once a run.
    """
    _leave_pages_directory_mode()  # before any widget: the first run's ids would not last
    current = reader_language()
    lang = st.sidebar.radio(
        "Ngôn ngữ / Language",
        LANGUAGES,
        index=LANGUAGES.index(current),
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
        horizontal=True,
        key="lang_radio",
    )
    st.session_state["lang"] = lang
    _resend_choices_after_switch(lang)
    if lang != DEFAULT_LANGUAGE:
        st.query_params["lang"] = lang
    elif "lang" in st.query_params:
        del st.query_params["lang"]
    return lang


_DRAWN_LANGUAGE = "_drawn_language"  # the language the browser's widgets were last drawn in


def _resend_choices_after_switch(lang: str) -> None:
    """After a language switch, send every choice widget's value again, in the new labels.

    A keyed selectbox, radio, multiselect or segmented control keeps its identity when its
    labels change (Streamlit 1.67 identifies it by its key alone), and the browser holds the
    chosen option as its *label*: without this, the boxes keep showing "Xoá mù chữ" after
    the switch to English, and a radio whose labels all changed shows no option selected.
    Re-assigning the (unchanged) value through the Session State API makes Streamlit send it
    with `set_value`, formatted by the new labels. This runs before any page widget, so
    every labelled widget on every page is covered here, in one place.
    """
    drawn = st.session_state.get(_DRAWN_LANGUAGE, lang)
    st.session_state[_DRAWN_LANGUAGE] = lang
    if drawn == lang:
        return
    for key in list(st.session_state.keys()):
        if key in ("lang_radio", _DRAWN_LANGUAGE):
            continue
        value = st.session_state[key]
        is_choice = isinstance(value, str) or (
            isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
        )
        if not is_choice:  # buttons, uploads, maps, numbers: nothing formatted by language
            continue
        try:
            st.session_state[key] = value
        except StreamlitAPIException:  # a value Streamlit does not let a script set
            continue


def url_reader() -> StateReader:
    """A reader over this page's URL query parameters."""
    return StateReader({k: st.query_params.get(k, "") for k in st.query_params})


def seed_widgets_ui(values: Mapping[str, Any]) -> None:
    """Give widgets their starting values (from the URL) unless the session already has them."""
    for key, value in values.items():
        if key not in st.session_state:
            st.session_state[key] = value


def notices_ui(reader: StateReader, lang: str) -> None:
    """Tell the reader which link values were not used (shown as text)."""
    for notice in reader.notices:
        st.info(md_text(notice.text(lang)), icon=":material/link_off:")


def write_url_ui(params: Mapping[str, object]) -> None:
    """Put the view in the URL so a copied link reproduces it (language kept)."""
    wanted = to_params(params)
    if lang := st.query_params.get("lang"):
        wanted["lang"] = lang
    if wanted != {k: st.query_params.get(k) for k in st.query_params}:
        st.query_params.from_dict(wanted)


A4_CONTENT_MM = 186  # 210 mm less two 12 mm margins
PRINT_CSS = f"""
<style>
.lc-print-only {{ display: none; }}
@media print {{
  @page {{ size: A4 portrait; margin: 12mm 12mm 18mm 12mm; }}
  html, body {{ width: {A4_CONTENT_MM}mm !important; }}
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stDownloadButton"], [data-testid="stBaseButton-secondary"],
  [data-testid="stDataFrame"], [data-testid="stElementToolbar"], .leaflet-control-zoom,
  .leaflet-control-layers {{
    display: none !important;
  }}
  [data-testid="stAppViewContainer"], [data-testid="stMain"], section.main {{
    margin: 0 !important; padding: 0 !important; width: 100% !important;
  }}
  [data-testid="stMainBlockContainer"], .main .block-container {{
    padding: 0 0 10mm 0 !important; max-width: 100% !important; width: 100% !important;
  }}
  [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap !important; }}
  /* columns stack on paper: a map beside a title or table would overlap or be cut */
  [data-testid="stColumn"] {{
    flex: 1 1 100% !important; width: 100% !important; min-width: 100% !important;
  }}
  iframe, img, svg, canvas, [data-testid="stVegaLiteChart"], .stElementContainer {{
    max-width: 100% !important;
  }}
  iframe {{ width: 100% !important; break-inside: avoid; }}
  h1 {{ font-size: 20pt !important; padding-top: 0 !important; break-after: avoid; }}
  .lc-print-only {{ display: block; }}
  .lc-print-only table {{
    width: 100%; table-layout: fixed; border-collapse: collapse; font-size: 8.5pt;
  }}
  .lc-print-only th, .lc-print-only td {{
    border: 1px solid #999; padding: 2px 4px; text-align: left; vertical-align: top;
    overflow-wrap: anywhere;
  }}
  .lc-print-only tr {{ break-inside: avoid; }}
  /* repeated at the foot of every printed page */
  .lc-print-source {{
    display: block; position: fixed; left: 0; right: 0; bottom: 0; font-size: 8pt;
    color: #333; border-top: 1px solid #999; padding-top: 1mm; background: #fff;
  }}
}}
</style>
"""


def print_styles_ui(source_line: str = "") -> None:
    """Print to A4: no sidebar or buttons, the map and tables within the page width, and
    `source_line` (plain text, escaped here) at the foot of every printed page."""
    from html import escape

    footer = (
        f'<div class="lc-print-only lc-print-source">{escape(source_line)}</div>'
        if source_line
        else ""
    )
    st.html(PRINT_CSS + footer)


SCOPES = ("province", "national")


def scope_ui(engine: Engine, reader: StateReader, lang: str, *, key: str) -> str | None:
    """Sơn La or the whole country (offered once the national layer is loaded).

    Returns the province code to filter on, or None for the whole country.
    """
    if not cache.has_national_layer(engine=engine):
        return PROVINCE_CODE
    seed_widgets_ui({key: reader.one("scope", SCOPES, "province")})
    scope = st.sidebar.radio(
        t("scope", lang), SCOPES, key=key, format_func=lambda s: t(f"scope_{s}", lang)
    )
    return None if scope == "national" else PROVINCE_CODE


def selectable_ui(
    container: Any,
    label: str,
    options: list[str],
    *,
    key: str,
    lang: str,
    labels: Mapping[str, str] | None = None,
) -> str | None:
    """A selectbox whose options depend on other widgets: an out-of-date choice falls back.

    None when there is nothing to choose (the box is shown empty and disabled).
    """
    if not options:
        container.selectbox(
            label,
            [],
            key=f"{key}_empty",
            disabled=True,
            placeholder=t("state_nothing_to_choose", lang),
        )
        return None
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    return str(
        container.selectbox(
            label, options, key=key, format_func=(labels or {}).get if labels else str
        )
    )


def district_click_callback(
    map_key: str, selection_key: str, codes: Mapping[str, str], *, replace: bool = False
) -> Callable[[], None]:
    """A st_folium on_change callback: the clicked district joins (or becomes) the selection."""

    def callback() -> None:
        clicked = (st.session_state.get(map_key) or {}).get("last_active_drawing") or {}
        code = (clicked.get("properties") or {}).get("code")
        if code not in codes:
            return
        if replace:
            st.session_state[selection_key] = code
        elif code not in st.session_state.get(selection_key, []):
            st.session_state[selection_key] = [*st.session_state.get(selection_key, []), code]

    return callback


SHARED_VINTAGE = "shared_vintage"  # the reader's last vintage, carried from page to page


def vintage_ui(reader: StateReader, lang: str, *, key: str) -> Vintage:
    """Before or from 1 Jul 2025: which administrative units the page shows.

    A link's ?vintage= wins; otherwise the vintage last chosen on any page is kept, so moving
    from the Overview to the Indicators page does not fall back to the 12 districts.
    """
    if key not in st.session_state:  # first run of this page (Streamlit drops unseen widgets)
        carried = st.session_state.get(SHARED_VINTAGE, Vintage.PRE_2025)
        st.session_state[key] = reader.one("vintage", list(MAP_VINTAGES), carried)
    chosen = st.sidebar.radio(
        t("vintage", lang), MAP_VINTAGES, key=key, format_func=lambda v: t(f"vintage_{v}", lang)
    )
    st.session_state[SHARED_VINTAGE] = chosen
    return Vintage(chosen)
