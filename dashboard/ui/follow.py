"""The presenter console (/present?deck=ID&console=1) and the follow page (/follow?code=…).

Followers poll one tiny value, the presenter's slide number, from a fragment that draws
nothing; only when it changes does the page rerun and draw the new slide.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import time

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard import auth
from dashboard.i18n import t
from dashboard.present import decks, follow
from dashboard.present.qr import qr_png
from dashboard.ui import slides as live_slides
from dashboard.ui.account import current_user
from dashboard.ui.cache import engine_key
from dashboard.ui.present import base_url, full_screen_ui, step_buttons_ui
from dashboard.ui.tables import md_text

POLL_SECONDS = 1.0  # a follower's tick: the presenter's move shows within about this much
POLL_CACHE_SECONDS = 0.2  # one read per code and process serves the followers of a tick
CONSOLE_CURRENT_PX = 340  # the console's current slide, then the next one, smaller
CONSOLE_NEXT_PX = 200
NOTE_SHOWN = 5000  # characters of a speaker note on the console (the rest is cut)

FOLLOW_CSS = """
<style>
.lc-follow-bar { font-size: 18px; color: #253494; font-weight: 600; }
.lc-console-note { font-size: 22px; line-height: 1.35; white-space: pre-wrap;
  overflow-wrap: anywhere; max-height: 40vh; overflow-y: auto; background: #fffbe6;
  border-left: 6px solid #b36b00; padding: 8px 12px; }
.lc-timer { font-size: 40px; font-weight: 700; font-variant-numeric: tabular-nums; }
.lc-follow-link { font-size: 18px; overflow-wrap: anywhere; }
/* the console's slides are small: their headline wraps rather than losing its end */
.st-key-console_current .lc-headline, .st-key-console_next .lc-headline {
  font-size: 22px; white-space: normal; }
.st-key-console_current *, .st-key-console_next *, .st-key-follow_slide * {
  overflow-wrap: anywhere; }
@media (max-width: 640px) {
  .st-key-follow_slide .lc-title { font-size: 26px; }
  .st-key-follow_slide .lc-headline { font-size: 24px; white-space: normal; }
  .st-key-follow_slide .lc-headline small { font-size: 16px; display: block; margin: 0; }
  .st-key-follow_slide .lc-source, .st-key-follow_slide .lc-note { font-size: 15px; }
  .st-key-follow_slide .lc-count { text-align: left; font-size: 16px; }
  .st-key-follow_slide .lc-qr { display: none; }
  .st-key-follow_slide [data-testid="stHorizontalBlock"] { flex-direction: column; }
}
</style>
"""

# A clock ticking in the browser: the server is not asked every second.
TIMER_JS = """
<script>
(function () {
  if (window.__lcTimer) { clearInterval(window.__lcTimer); }
  function tick() {
    const box = document.querySelector(".lc-timer");
    if (!box) { return; }
    const start = Number(box.dataset.start);
    const s = Math.max(0, Math.floor((Date.now() - start) / 1000));
    const pad = (x) => String(x).padStart(2, "0");
    box.textContent = pad(Math.floor(s / 3600)) + ":" + pad(Math.floor(s / 60) % 60) + ":" +
      pad(s % 60);
  }
  tick();
  window.__lcTimer = setInterval(tick, 1000);
})();
</script>
"""


# --- the one place a slide is drawn ---------------------------------------------------------


def draw_slide(
    engine: Engine,
    slide: decks.SlideInfo,
    *,
    n: int,
    total: int,
    show_qr: bool,
    lang: str,
    key: str = "follow",
    height: int | None = None,
) -> None:
    """Draw a slide as the present page does: its live map, headline, legend and side column
    (`key` keeps two slides on the console apart; `height` fixes the maps' height)."""
    live_slides.draw_slide(
        engine=engine,
        slide=_fit(slide),
        n=n,
        total=total,
        show_qr=show_qr,
        lang=lang,
        base=base_url(),
        key=key,
        height=height,
    )


def warm_slide(engine: Engine, slide: decks.SlideInfo, *, lang: str) -> None:
    """Prepare a slide that shows next (cached), so the move draws at once."""
    live_slides.prepare(engine=engine, slide=_fit(slide), lang=lang, base=base_url())


def _fit(slide: decks.SlideInfo) -> decks.SlideInfo:
    # A title longer than the editor accepts (written to the database by other means) is cut.
    if len(slide.title) <= decks.MAX_TITLE:
        return slide
    return dataclasses.replace(slide, title=slide.title[: decks.MAX_TITLE - 1] + "…")


# --- shared ---------------------------------------------------------------------------------


def _slide_lang(slide: decks.SlideInfo, lang: str, fixed_lang: bool) -> str:
    return lang if fixed_lang else slide.params.get("lang", lang)


def _deck_and_slides(
    engine: Engine, deck_id: int, lang: str
) -> tuple[decks.DeckInfo, list[decks.SlideInfo]] | None:
    found = decks.deck(engine=engine, deck_id=deck_id) if deck_id else None
    shown = decks.slides(engine=engine, deck_id=deck_id) if found else []
    if found is None or not shown:
        st.warning(t("follow_deck_gone", lang), icon=":material/link_off:")
        st.page_link("pages/decks.py", label=t("deck_page", lang), icon=":material/slideshow:")
        return None
    return found, shown


def _bar(text: str, n: int) -> None:
    st.html(f'<div class="lc-follow-bar" data-slide="{n}">{html.escape(text)}</div>')


# --- the follow page ------------------------------------------------------------------------


@st.cache_data(ttl=POLL_CACHE_SECONDS, show_spinner=False, hash_funcs={Engine: engine_key})
def _following(*, engine: Engine, code: str) -> follow.Following:
    return follow.following(engine=engine, code=code)


def _state_message(state: follow.FollowState, lang: str) -> None:
    if state is follow.FollowState.ENDED:
        st.info(t("follow_ended", lang), icon=":material/check_circle:")
    elif state is follow.FollowState.EXPIRED:
        hours = follow.idle_limit().total_seconds() / 3600
        st.warning(
            t("follow_expired", lang).format(hours=f"{hours:g}"), icon=":material/timer_off:"
        )
    else:
        st.warning(t("follow_unknown", lang), icon=":material/link_off:")


def _step_local(step: str, total: int) -> None:
    n = int(st.session_state.get("follow_n", 1))
    to = {"first": 1, "previous": n - 1, "next": n + 1, "last": total}[step]
    st.session_state["follow_n"] = max(1, min(total, to))


def _rejoin() -> None:
    st.session_state["follow_on"] = True


def follow_ui(*, engine: Engine, code: str, lang: str, fixed_lang: bool) -> None:
    """A follower's screen: the presenter's slide, moving on its own; a phone may pause."""
    full_screen_ui()
    st.html(FOLLOW_CSS)
    code = code.strip()[:64]
    if not code:
        st.info(t("follow_no_code", lang), icon=":material/qr_code_scanner:")
        return
    now = _following(engine=engine, code=code)  # the same cached read as the ticks
    if now.state is not follow.FollowState.LIVE:
        _state_message(now.state, lang)
        return
    found = _deck_and_slides(engine, now.deck_id, lang)
    if found is None:
        return
    _deck, shown = found
    total = len(shown)
    at = max(1, min(total, now.slide))
    following = st.toggle(t("follow_toggle", lang), value=True, key="follow_on")
    if following:
        st.session_state["follow_n"] = at
        n = at
        _bar(t("follow_bar", lang).format(n=n, total=total), n)
    else:
        n = max(1, min(total, int(st.session_state.get("follow_n", at))))
        _bar(t("follow_paused_bar", lang).format(n=n, total=total, at=at), n)
        cols = st.columns(5)
        # these move this reader's own view only: nothing here writes to the database
        step_buttons_ui(cols, key_prefix="follow", on_click=_step_local, total=total, lang=lang)
        cols[4].button(
            t("follow_rejoin", lang), key="follow_rejoin", type="primary", on_click=_rejoin
        )
    slide = shown[n - 1]
    with st.container(key="follow_slide"):
        draw_slide(
            engine,
            slide,
            n=n,
            total=total,
            show_qr=False,
            lang=_slide_lang(slide, lang, fixed_lang),
        )
    upcoming = shown[n % total]
    warm_slide(engine, upcoming, lang=_slide_lang(upcoming, lang, fixed_lang))

    @st.fragment(run_every=POLL_SECONDS)
    def watch() -> None:
        # The tick: one cached read of the presenter's slide; the page reruns only on a change.
        latest = _following(engine=engine, code=code)
        if latest != now:  # a move, the end, or the deck deleted while it is presented
            st.rerun(scope="app")

    watch()


# --- the presenter console ------------------------------------------------------------------


def _step(step: str, total: int) -> None:
    n = int(st.session_state.get("present_slide", 1))
    to = {"first": 1, "previous": n - 1, "next": n + 1, "last": total}[step]
    st.session_state["present_slide"] = max(1, min(total, to))


def _start(engine: Engine, deck_id: int, lang: str) -> None:
    try:  # checked on the server: only a signed-in account starts a followed presentation
        follow.start(
            engine=engine,
            deck_id=deck_id,
            user=current_user(),
            slide=int(st.session_state.get("present_slide", 1)),
        )
    except auth.PermissionDenied:
        st.session_state["console_error"] = t("console_sign_in", lang)
    except decks.DeckError as exc:
        st.session_state["console_error"] = exc.text(lang)


def _end(engine: Engine, code: str, lang: str) -> None:
    try:
        follow.end(engine=engine, code=code, user=current_user())
        st.session_state["console_error"] = t("console_ended", lang)
    except auth.PermissionDenied:
        st.session_state["console_error"] = t("follow_denied", lang)
    except decks.DeckError as exc:
        st.session_state["console_error"] = exc.text(lang)


def _leave_console() -> None:
    st.query_params.pop("console", None)


def _controls_ui(*, engine: Engine, deck_id: int, total: int, code: str | None, lang: str) -> None:
    cols = st.columns([1, 1, 1, 1, 2, 2])
    # the keys bridge of the present page presses these (← → PageUp/PageDown Home/End)
    step_buttons_ui(cols, key_prefix="present", on_click=_step, total=total, lang=lang)
    cols[4].button(
        t("console_full_screen", lang),
        key="present_exit",  # Esc (the keys bridge) leaves the console for the slide
        icon=":material/fullscreen:",
        on_click=_leave_console,
        width="stretch",
    )
    if code:
        cols[5].button(
            t("console_end", lang),
            key="console_end",
            icon=":material/stop_circle:",
            on_click=_end,
            args=(engine, code, lang),
            width="stretch",
        )
    else:
        cols[5].button(
            t("console_start", lang),
            key="console_start",
            icon=":material/cast:",
            on_click=_start,
            args=(engine, deck_id, lang),
            type="primary",
            width="stretch",
        )
    st.caption(t("present_keys_help", lang))


def _note_ui(note: str, lang: str) -> None:
    st.markdown(f"**{t('console_note', lang)}**")
    if not note.strip():
        st.caption(t("console_no_note", lang))
        return
    cut = len(note) > NOTE_SHOWN
    text = note[:NOTE_SHOWN] + (t("console_note_cut", lang).format(n=NOTE_SHOWN) if cut else "")
    st.html(f'<div class="lc-console-note">{html.escape(text)}</div>')


def _link_ui(code: str, lang: str) -> None:
    url = f"{base_url()}/follow?code={code}"
    text, picture = st.columns([3, 2], vertical_alignment="center")
    text.markdown(f"**{t('console_follow_link', lang)}**")
    text.html(
        f'<a class="lc-follow-link" href="{html.escape(url)}" target="_blank" '
        f'rel="noopener">{html.escape(url)}</a>'
    )
    picture.image(qr_png(url, scale=4), caption=t("console_followers_qr", lang), width=140)


def _timer_ui(started: dt.datetime, lang: str) -> None:
    start_ms = int(started.timestamp() * 1000)
    st.html(
        f'<div style="font-size:14px;color:#555">{html.escape(t("console_timer", lang))}</div>'
        f'<div class="lc-timer" data-start="{start_ms}">00:00:00</div>'
    )
    st.html(TIMER_JS, unsafe_allow_javascript=True)


def console_ui(*, engine: Engine, deck_id: int, lang: str, fixed_lang: bool) -> None:
    """The presenter's console: current and next slide, speaker note, timer, controls, link."""
    full_screen_ui()
    st.html(FOLLOW_CSS)
    found = _deck_and_slides(engine, deck_id, lang)
    if found is None:
        return
    deck, shown = found
    total = len(shown)
    n = max(1, min(total, int(st.session_state.get("present_slide", 1))))
    st.session_state["present_slide"] = n
    if st.query_params.get("slide") != str(n):
        st.query_params["slide"] = str(n)
    user = current_user()
    live = follow.presenting(engine=engine, deck_id=deck_id, user=user)
    if live is not None and live.slide != n:
        try:  # the move followers see; the presenter is checked on the server again
            follow.move(engine=engine, code=live.code, user=user, slide=n)
        except (auth.PermissionDenied, decks.DeckError, SQLAlchemyError):
            live = None
    started = live.started_at if live else _console_opened()

    head, timer = st.columns([4, 1])
    head.markdown(f"### {t('console_heading', lang)} · {md_text(deck.name[:200])}")
    with timer:
        _timer_ui(started, lang)
    if message := st.session_state.pop("console_error", None):
        st.info(message, icon=":material/info:")
    _controls_ui(
        engine=engine, deck_id=deck_id, total=total, code=live.code if live else None, lang=lang
    )
    current, side = st.columns([3, 2], gap="medium")
    slide = shown[n - 1]
    with current:
        st.markdown(f"**{t('console_current', lang)}**")
        with st.container(key="console_current", border=True):
            draw_slide(
                engine,
                slide,
                n=n,
                total=total,
                show_qr=False,
                lang=_slide_lang(slide, lang, fixed_lang),
                key="console_current",
                height=CONSOLE_CURRENT_PX,
            )
    with side:
        st.markdown(f"**{t('console_next', lang)}**")
        if n < total:
            upcoming = shown[n]
            with st.container(key="console_next", border=True):
                draw_slide(
                    engine,
                    upcoming,
                    n=n + 1,
                    total=total,
                    show_qr=False,
                    lang=_slide_lang(upcoming, lang, fixed_lang),
                    key="console_next",
                    height=CONSOLE_NEXT_PX,
                )
        else:
            st.caption(t("console_last_slide", lang))
        _note_ui(slide.note, lang)
        if live is not None:
            _link_ui(live.code, lang)
        elif user is None:
            st.caption(t("console_sign_in", lang))
            st.page_link("pages/overview.py", label=t("overview", lang), icon=":material/login:")
    if n + 1 < total:  # the slide after the next one: ready before → is pressed
        after = shown[n + 1]
        warm_slide(engine, after, lang=_slide_lang(after, lang, fixed_lang))


def _console_opened() -> dt.datetime:
    opened = st.session_state.setdefault("console_opened", time.time())
    return dt.datetime.fromtimestamp(float(opened), dt.UTC)
