"""What the Present and Decks pages draw from: slides rendered once (cached), the keyboard
bridge, and the full-screen styles."""

from __future__ import annotations

import base64
import dataclasses
import html
import time

import streamlit as st
from sqlalchemy import Engine

from dashboard import settings
from dashboard.i18n import t
from dashboard.present import decks
from dashboard.present.qr import qr_png
from dashboard.render import maps, slides
from dashboard.ui.cache import engine_key

SCREEN = (19.2, 6.6)  # inches at 100 dpi: under the headline, above the source line at 1080


@dataclasses.dataclass(frozen=True)
class Screen:
    """One slide ready to show: the map image, headline, source line, notes, filters, QR."""

    png: bytes
    title: str
    headline: str
    headline_label: str
    source_line: str
    notes: tuple[str, ...]
    filters: str
    url: str
    qr: str  # a data: URL of the PNG (st.html keeps <img>, not inline SVG)
    is_sample: bool


def base_url() -> str:
    """Where readers open the dashboard: the setting, else Streamlit's server address."""
    if configured := settings.read(settings.PUBLIC_URL):
        return configured
    host = st.get_option("browser.serverAddress") or "localhost"
    port = st.get_option("browser.serverPort") or 8501
    return f"http://{host}:{port}"


def _filters(rendered: slides.RenderedSlide, lang: str) -> str:
    figures = rendered.figures
    view = figures.view
    parts = [
        figures.indicator_label,
        f"{t('period', lang)}: {view.period or '–'}",
        t(f"vintage_{view.vintage}", lang),
        f"{t(f'scheme_{view.scheme}', lang)} ({view.k})",
    ]
    if view.units:
        parts.append(", ".join(figures.names.get(c, c) for c in view.units))
    if rendered.second is not None:
        second = rendered.second.view
        parts.append(
            f"{t('present_split_vs', lang)} "
            f"{t(f'vintage_{second.vintage}', lang)} · {second.period}"
        )
    return " · ".join(parts)


@st.cache_data(ttl=600, show_spinner=False, max_entries=64, hash_funcs={Engine: engine_key})
def screen(*, engine: Engine, slide: decks.SlideInfo, lang: str, base: str) -> Screen:
    """Render a slide for the screen (cached: the next slide is warmed while one shows)."""
    rendered = slides.slide_figures(engine=engine, slide=slide, lang=lang, base_url=base)
    figure = slides.slide_figure(
        engine=engine, rendered=rendered, lang=lang, size=SCREEN, heading=False
    )
    return Screen(
        png=maps.png_bytes(figure, dpi=100),
        title=slide.title,
        headline=rendered.figures.headline,
        headline_label=rendered.figures.headline_label,
        source_line=rendered.figures.source_line,
        notes=tuple(n.text(lang) for n in rendered.notes),
        filters=_filters(rendered, lang),
        url=rendered.url,
        qr="data:image/png;base64," + base64.b64encode(qr_png(rendered.url, scale=5)).decode(),
        is_sample=rendered.figures.is_sample,
    )


FULL_SCREEN_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer { display: none !important; }
.main .block-container, [data-testid="stMainBlockContainer"] {
  padding: 0.6rem 1.2rem 0 1.2rem !important; max-width: 100% !important;
}
.lc-title { font-size: 56px; font-weight: 700; line-height: 1.1; margin: 0; }
.lc-headline { font-size: 64px; font-weight: 700; line-height: 1.1; color: #253494; }
.lc-headline small { font-size: 28px; font-weight: 400; color: #333; margin-left: 0.4em; }
.lc-source { font-size: 20px; color: #333; }
.lc-bar { font-size: 16px; color: #555; border-top: 1px solid #ddd; padding-top: 4px; }
.lc-count { font-size: 22px; color: #333; text-align: right; }
.lc-qr img { width: 150px; height: 150px; image-rendering: pixelated; }
.lc-note { font-size: 22px; background: #fff3cd; border-left: 6px solid #b36b00;
  padding: 6px 12px; }
.lc-sample { font-size: 22px; color: #b30000; font-weight: 700; }
</style>
"""

# Keys call the page's own buttons, so every move goes through the server like a click.
KEYS_JS = """
<script>
(function () {
  if (window.__lcPresentKeys) { document.removeEventListener("keydown", window.__lcPresentKeys); }
  const keys = {ArrowRight: "next", PageDown: "next", ArrowLeft: "previous",
                PageUp: "previous", Home: "first", End: "last", Escape: "exit"};
  window.__lcPresentKeys = function (event) {
    const target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) { return; }
    const name = keys[event.key];
    if (!name) { return; }
    const button = document.querySelector(".st-key-present_" + name + " button");
    if (!button) { return; }
    event.preventDefault();
    button.click();
  };
  document.addEventListener("keydown", window.__lcPresentKeys);
})();
</script>
"""


def full_screen_ui() -> None:
    """Hide the sidebar and Streamlit's chrome; arrow keys, PageUp/Down, Home/End, Esc."""
    st.html(FULL_SCREEN_CSS)
    st.html(KEYS_JS, unsafe_allow_javascript=True)


def slide_ui(shown: Screen, *, n: int, total: int, show_qr: bool, lang: str) -> None:
    """One slide: headline ≥ 48 px, the map filling the width, source line, n/N, filters."""
    e = html.escape
    left, right = st.columns([5, 1] if show_qr else [6, 1])
    left.html(
        f'<p class="lc-title">{e(shown.title)}</p>'
        f'<div class="lc-headline">{e(shown.headline)}'
        f"<small>{e(shown.headline_label)}</small></div>"
    )
    right.html(
        f'<div class="lc-count">{e(t("present_slide_of", lang).format(n=n, total=total))}</div>'
    )
    if show_qr:
        right.html(
            f'<div class="lc-qr"><img src="{shown.qr}" alt="{e(shown.url)}"></div>'
            f'<div style="font-size:13px">{e(t("present_qr_caption", lang))}</div>'
        )
    for note in shown.notes:
        st.html(f'<div class="lc-note">⚠ {e(t("present_stale", lang))}: {e(note)}</div>')
    if shown.is_sample:
        st.html(f'<div class="lc-sample">{e(t("export_sample_mark", lang))}</div>')
    alt = t("a11y_slide_map", lang).format(
        title=shown.title, headline=f"{shown.headline} {shown.headline_label}".strip()
    )
    st.image(shown.png, width="stretch", alt=f"{alt} {shown.filters}".strip())
    st.html(
        f'<div class="lc-source">{e(shown.source_line)}</div>'
        f'<div class="lc-bar">{e(t("present_filters", lang))}: {e(shown.filters)}</div>'
    )


def due(*, every: float, key: str = "present_shown_at") -> bool:
    """True when autoplay has shown the current slide for `every` seconds."""
    return time.monotonic() - float(st.session_state.get(key, time.monotonic())) >= every


def mark_shown(key: str = "present_shown_at") -> None:
    st.session_state[key] = time.monotonic()


def _go(step: str, total: int) -> None:
    # Relative to the slide shown now: autoplay may have moved on since the buttons were drawn.
    n = int(st.session_state.get("present_slide", 1))
    to = {"first": 1, "previous": n - 1, "next": n + 1, "last": total}[step]
    st.session_state["present_slide"] = max(1, min(total, to))
    mark_shown()


def _open_console() -> None:
    st.query_params["console"] = "1"
    st.session_state["present_autoplay"] = False


def controls_ui(*, total: int, lang: str) -> None:
    """Previous/next/first/last/exit buttons (the keyboard bridge presses them) and autoplay."""
    cols = st.columns([1, 1, 1, 1, 1, 1, 2, 2])
    buttons = (
        ("first", ":material/first_page:"),
        ("previous", ":material/chevron_left:"),
        ("next", ":material/chevron_right:"),
        ("last", ":material/last_page:"),
    )
    for col, (name, icon) in zip(cols, buttons, strict=False):
        col.button(
            t(f"present_{name}", lang),
            key=f"present_{name}",
            icon=icon,
            on_click=_go,
            args=(name, total),
            width="stretch",
        )
    if cols[4].button(t("present_exit", lang), key="present_exit", icon=":material/close:"):
        st.switch_page("pages/decks.py", query_params={"deck": st.query_params.get("deck", "")})
    cols[5].button(  # the presenter console: next slide, note, timer, follow link
        t("console_open", lang),
        key="present_console",
        icon=":material/co_present:",
        on_click=_open_console,
    )
    cols[6].toggle(t("present_autoplay", lang), key="present_autoplay", on_change=mark_shown)
    cols[7].number_input(
        t("present_interval", lang), min_value=1, max_value=600, step=1, key="present_every"
    )
    st.caption(t("present_keys_help", lang))


def present_ui(*, engine: Engine, deck_id: int, lang: str, fixed_lang: bool) -> None:
    """The show: the current slide, advancing on its own while autoplay is on.

    Each slide speaks the language it was saved in, unless the URL fixes one (`fixed_lang`).
    """
    found = decks.deck(engine=engine, deck_id=deck_id) if deck_id else None
    if not deck_id:
        st.info(t("present_choose_deck", lang), icon=":material/slideshow:")
        st.page_link("pages/decks.py", label=t("deck_page", lang), icon=":material/slideshow:")
        return
    if found is None:
        st.warning(t("present_no_deck", lang).format(deck=deck_id), icon=":material/link_off:")
        st.page_link("pages/decks.py", label=t("deck_page", lang), icon=":material/slideshow:")
        return
    shown_slides = decks.slides(engine=engine, deck_id=deck_id)
    if not shown_slides:
        st.info(t("present_empty_deck", lang), icon=":material/info:")
        st.page_link("pages/decks.py", label=t("deck_page", lang), icon=":material/slideshow:")
        return
    total = len(shown_slides)
    base = base_url()
    every = float(st.session_state.get("present_every", 10))
    autoplay = bool(st.session_state.get("present_autoplay"))

    @st.fragment(run_every=every if autoplay else None)
    def show() -> None:
        n = max(1, min(total, int(st.session_state.get("present_slide", 1))))
        if autoplay and due(every=every):
            n = n % total + 1  # after the last slide, the first again (a kiosk loop)
            st.session_state["present_slide"] = n
            mark_shown()
        if "present_shown_at" not in st.session_state:
            mark_shown()
        if st.query_params.get("slide") != str(n):
            st.query_params["slide"] = str(n)
        slide = shown_slides[n - 1]
        slide_lang = lang if fixed_lang else slide.params.get("lang", lang)
        slide_ui(
            screen(engine=engine, slide=slide, lang=slide_lang, base=base),
            n=n,
            total=total,
            show_qr=found.show_qr,
            lang=slide_lang,
        )
        # Warm the next slide while this one shows (its figures, map image and QR code).
        upcoming = shown_slides[n % total]
        upcoming_lang = lang if fixed_lang else upcoming.params.get("lang", lang)
        screen(engine=engine, slide=upcoming, lang=upcoming_lang, base=base)

    body, bar = st.container(), st.container()
    with bar:  # drawn first, under the slide: the keys work before the next slide is warmed
        controls_ui(total=total, lang=lang)
    with body:
        show()
