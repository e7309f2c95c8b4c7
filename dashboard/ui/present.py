"""What the Present and Decks pages draw from: the full-screen styles, the keyboard bridge,
the controls that show when the pointer moves, and the show itself (slides: dashboard.ui.slides).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st
from sqlalchemy import Engine

from dashboard import settings
from dashboard.i18n import t
from dashboard.present import decks
from dashboard.ui.slides import Screen, draw_slide, prepare, screen, slide_ui

__all__ = ["Screen", "draw_slide", "prepare", "screen", "slide_ui"]


def base_url() -> str:
    """Where readers open the dashboard: the setting, else Streamlit's server address."""
    if configured := settings.read(settings.PUBLIC_URL):
        return configured
    host = st.get_option("browser.serverAddress") or "localhost"
    port = st.get_option("browser.serverPort") or 8501
    return f"http://{host}:{port}"


FULL_SCREEN_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer { display: none !important; }
.main .block-container, [data-testid="stMainBlockContainer"] {
  padding: 4px 8px 0 8px !important; max-width: 100% !important;
}
[data-testid="stMain"] { overflow: hidden !important; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 4px; }
[data-testid="stMainBlockContainer"] [data-testid="stHorizontalBlock"] { gap: 10px; }
.lc-headline { font-size: clamp(24px, min(5.6vh, 3vw), 60px); font-weight: 700;
  line-height: 1.2; color: #253494; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.lc-headline-wrap { white-space: normal; font-size: clamp(22px, min(4.6vh, 2.5vw), 52px); }
.lc-headline small { font-size: 0.6em; font-weight: 400; color: #333; }
[data-testid="stColumn"]:has(.lc-side) { flex: 0 0 clamp(170px, 14vw, 320px) !important;
  width: auto !important; min-width: 0 !important; }
/* A profile's card is what its slide is about: its column takes a third of the width. */
[data-testid="stColumn"]:has(.lc-side .lc-card) { flex: 0 0 clamp(320px, 33vw, 640px) !important; }
[data-testid="stColumn"]:has([class*="st-key-lc_slide_map"]),
[data-testid="stColumn"]:has([class*="st-key-lc_slide_board"]) { flex: 1 1 0 !important;
  width: auto !important; min-width: 0 !important; }
.lc-board { height: var(--lc-map-h, calc(100vh - 90px)); overflow: hidden; }
.lc-board table { width: 100%; height: 100%; border-collapse: collapse; margin: 0;
  font-size: clamp(12px, calc(var(--lc-map-h, 80vh) / var(--lc-board-rows) * 0.42), 34px); }
.lc-board th, .lc-board td { padding: 0 0.45em; text-align: left; white-space: nowrap;
  border: none; border-bottom: 1px solid #ddd; line-height: 1.15; }
/* Without a wide column (a ranking), long column names wrap and the cells share the width. */
.lc-board table:not(:has(.lc-wide)) th { white-space: normal; }
.lc-board th { background: #253494; color: #fff; font-weight: 700; font-size: 0.8em; }
.lc-board .lc-num { text-align: right; font-variant-numeric: tabular-nums; }
.lc-board .lc-wide { width: 100%; max-width: 0; overflow: hidden; text-overflow: ellipsis; }
.lc-board tr > td:last-child { font-weight: 700; }
.lc-board-met > td:last-child { color: #1a7f37; }
.lc-board-on_track > td:last-child { color: #2b6cb0; }
.lc-board-behind > td:last-child { color: #b30000; }
.lc-board-no_target > td:last-child, .lc-board-no_figures > td:last-child { color: #666; }
div[class*="st-key-lc_slide_map_fill"] iframe {
  height: var(--lc-map-h, calc(100vh - 90px)) !important; display: block; }
.lc-side { display: flex; flex-direction: column; gap: 0.9vh; overflow: hidden;
  max-height: var(--lc-map-h, calc(100vh - 90px)); font-size: clamp(12px, 1.7vh, 19px);
  color: #222; }
.lc-side > * { flex: none; }
.lc-side > .lc-card, .lc-side > .lc-rank { flex: 0 1 auto; min-height: 0; overflow: hidden; }
.lc-count { font-size: clamp(14px, 2.1vh, 24px); color: #333; }
.lc-title { font-size: clamp(16px, 2.6vh, 30px); font-weight: 700; line-height: 1.15; margin: 0; }
.lc-legend-box > div { font-size: clamp(12px, 1.7vh, 19px) !important; box-shadow: none !important;
  padding: 0 !important; background: none !important; line-height: 1.45 !important; }
.lc-legend-box > div > div { max-width: none !important; }
.lc-rank-head { font-weight: 700; }
.lc-rank table { border-collapse: collapse; width: 100%; font-size: inherit; margin: 0; }
.lc-rank td { padding: 0 3px; border: none; border-bottom: 1px solid #e4e4e4; }
.lc-rank-value { text-align: right; white-space: nowrap; }
.lc-rank-gap td { color: #666; font-style: italic; text-align: center; }
.lc-card-row { border-bottom: 1px solid #e4e4e4; padding: 2px 0; line-height: 1.25; }
.lc-card-row > div:first-child { color: #444; font-size: 0.85em; }
.lc-source { font-size: clamp(11px, 1.5vh, 16px); color: #333; }
.lc-bar { font-size: clamp(10px, 1.3vh, 14px); color: #555; }
.lc-qr img { width: clamp(72px, 12vh, 140px); height: auto; image-rendering: pixelated;
  display: block; }
.lc-qr span { font-size: clamp(10px, 1.3vh, 14px); }
.lc-note { font-size: clamp(14px, 2vh, 22px); background: #fff3cd; border-left: 6px solid #b36b00;
  padding: 2px 12px; }
.lc-unavailable { font-size: clamp(20px, 3.2vh, 34px); background: #fff3cd;
  border-left: 10px solid #b36b00; padding: 4vh 3vw; margin-top: 12vh; }
.lc-map-caption { font-size: clamp(14px, 2.1vh, 24px); font-weight: 600; }
.lc-sample { font-size: clamp(14px, 2vh, 22px); color: #b30000; font-weight: 700; }
.st-key-present_controls { position: fixed !important; left: 0; right: 0; bottom: 0;
  z-index: 999990; background: rgba(255, 255, 255, 0.97); padding: 8px 16px 4px 16px;
  box-shadow: 0 -2px 10px rgba(0, 0, 0, 0.25); opacity: 0; pointer-events: none;
  transition: opacity 0.2s; }
body.lc-controls-on .st-key-present_controls, .st-key-present_controls:focus-within {
  opacity: 1; pointer-events: auto; }
</style>
"""

# The maps fill the screen below the headline: their frames' height follows the viewport.
# The controls show while the pointer moves (over the page or a map) and hide 3 s after.
SCREEN_JS = """
<script>
(function () {
  if (window.__lcSlideScreen) { return; }
  window.__lcSlideScreen = true;
  var root = document.documentElement, hide = null;
  function size() {
    var box = document.querySelector(
      'div[class*="st-key-lc_slide_map_fill"], div[class*="st-key-lc_slide_board_fill"]');
    if (!box) { return; }
    var top = box.getBoundingClientRect().top;
    var height = Math.max(200, Math.floor(window.innerHeight - top - 4));
    if (root.style.getPropertyValue("--lc-map-h") !== height + "px") {
      root.style.setProperty("--lc-map-h", height + "px");
    }
  }
  window.lcPointer = function () {
    document.body.classList.add("lc-controls-on");
    clearTimeout(hide);
    hide = setTimeout(function () { document.body.classList.remove("lc-controls-on"); }, 3000);
  };
  document.addEventListener("pointermove", window.lcPointer, true);
  window.addEventListener("resize", size);
  setInterval(size, 150);
})();
</script>
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
    """Hide the sidebar and Streamlit's chrome; arrow keys, PageUp/Down, Home/End, Esc; maps
    sized to the viewport; controls shown while the pointer moves."""
    st.html(FULL_SCREEN_CSS)
    st.html(KEYS_JS + SCREEN_JS, unsafe_allow_javascript=True)


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


STEPS = (
    ("first", ":material/first_page:"),
    ("previous", ":material/chevron_left:"),
    ("next", ":material/chevron_right:"),
    ("last", ":material/last_page:"),
)


def step_buttons_ui(
    cols: Sequence[Any],
    *,
    key_prefix: str,
    on_click: Callable[[str, int], None],
    total: int,
    lang: str,
) -> None:
    """First/previous/next/last in the first four of `cols`, keyed `<key_prefix>_<step>` (the
    keys bridge presses the `present_*` ones); `on_click(step, total)` moves."""
    for col, (step, icon) in zip(cols, STEPS, strict=False):
        col.button(
            t(f"present_{step}", lang),
            key=f"{key_prefix}_{step}",
            icon=icon,
            on_click=on_click,
            args=(step, total),
            width="stretch",
        )


def controls_ui(*, total: int, lang: str) -> None:
    """Previous/next/first/last/exit buttons (the keyboard bridge presses them) and autoplay."""
    cols = st.columns([1, 1, 1, 1, 1, 1, 2, 2])
    step_buttons_ui(cols, key_prefix="present", on_click=_go, total=total, lang=lang)
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
        draw_slide(
            engine=engine,
            slide=slide,
            n=n,
            total=total,
            show_qr=found.show_qr,
            lang=lang if fixed_lang else slide.params.get("lang", lang),
            base=base,
        )
        # Prepare the next slide while this one shows (its figures, restyles and map bases).
        upcoming = shown_slides[n % total]
        prepare(
            engine=engine,
            slide=upcoming,
            lang=lang if fixed_lang else upcoming.params.get("lang", lang),
            base=base,
        )

    body, bar = st.container(), st.container(key="present_controls")
    with bar:  # drawn first, under the slide: the keys work before the next slide is warmed
        controls_ui(total=total, lang=lang)
    with body:
        show()
