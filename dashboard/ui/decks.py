"""'Add to presentation': the current map view saved as a slide of a deck (editors only)."""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy import Engine

from dashboard import auth
from dashboard.domain.units import MAP_VINTAGES
from dashboard.i18n import t
from dashboard.present import decks
from dashboard.present.boards import BOARD_PAGES
from dashboard.ui import cache
from dashboard.ui.account import current_user
from dashboard.ui.cache import database_ui, engine_key
from dashboard.ui.tables import md_text

log = logging.getLogger(__name__)
SPLITS = ("none", "periods", "reform")


def _save(*, page: str, lang: str, params: dict[str, str], second: dict[str, str] | None) -> None:
    engine = database_ui()
    created: int | None = None
    try:
        user = auth.require(current_user(), "editor")  # checked again when the form is sent
        chosen = st.session_state.get("deck_add_deck")
        if chosen is None or chosen == "new":
            created = decks.create_deck(
                engine=engine, name=st.session_state.get("deck_add_name", ""), user=user.name
            )
        deck_id = created if created is not None else int(str(chosen))
        decks.add_slide(
            engine=engine,
            deck_id=deck_id,
            page=page,
            params=params,
            title=st.session_state.get("deck_add_title", ""),
            note=st.session_state.get("deck_add_note", ""),
            kind="split" if second is not None else "single",
            split_params=second,
        )
    except auth.PermissionDenied:
        st.session_state["deck_add_message"] = ("error", t("deck_editor_only", lang))
        return
    except decks.DeckError as exc:
        log.info("slide not added: %s", exc)
        if created is not None:  # no empty deck left behind by a refused slide
            decks.delete_deck(engine=engine, deck_id=created)
        st.session_state["deck_add_message"] = ("error", exc.text(lang))
        return
    found = decks.deck(engine=engine, deck_id=deck_id)
    count = len(decks.slides(engine=engine, deck_id=deck_id))
    text = t("deck_added", lang).format(deck=found.name if found else deck_id, n=count)
    st.session_state["deck_add_message"] = ("success", text)
    # The next view is proposed for the same deck, here and on every other map page.
    st.session_state["deck_last"] = st.session_state["deck_add_deck"] = str(deck_id)


MIME = {"png": "image/png", "pdf": "application/pdf", "svg": "image/svg+xml"}


@st.cache_data(ttl=600, show_spinner=False, max_entries=16, hash_funcs={Engine: engine_key})
def map_file(*, engine: Engine, page: str, params: dict[str, str], fmt: str, lang: str) -> bytes:
    """The view's map drawn for print (as `python -m dashboard export map`)."""
    import io

    from dashboard.present.views import map_figures, resolve_view
    from dashboard.render import maps

    view = resolve_view(engine=engine, page=page, params=params)
    figures = map_figures(engine=engine, view=view, lang=lang)
    fig = maps.map_figure(
        figures, maps.map_geometry(engine=engine, vintage=view.vintage), lang=lang
    )
    buffer = io.BytesIO()
    maps.save(fig, buffer, fmt=fmt, dpi=200)
    return buffer.getvalue()


@st.cache_data(ttl=600, show_spinner=False, max_entries=16, hash_funcs={Engine: engine_key})
def brief_file(*, engine: Engine, unit_code: str, vintage: str, lang: str) -> bytes | None:
    """One unit's A4 brief as PDF bytes (None when the vintage has no such unit)."""
    import io

    from dashboard.domain.units import Vintage
    from dashboard.render.briefs import BriefError, brief_data, brief_figure

    try:
        fig = brief_figure(
            engine=engine,
            data=brief_data(engine=engine, vintage=Vintage(vintage)),
            unit_code=unit_code,
            lang=lang,
        )
    except (BriefError, ValueError):
        return None
    buffer = io.BytesIO()
    fig.savefig(buffer, format="pdf")
    return buffer.getvalue()


def export_view_ui(*, page: str, params: dict[str, str], lang: str) -> None:
    """Download the view's map (PNG/PDF/SVG) and, on a unit's profile, its one-page brief
    (the database is reached only once asked: the page has checked it already)."""
    c1, c2 = st.columns([1, 3])
    fmt = c1.selectbox(t("export_map_button", lang), list(MIME), key="export_map_format")
    if c2.toggle(t("export_prepare", lang), key="export_map_prepare"):
        c2.download_button(
            t("export_map_button", lang),
            data=map_file(engine=database_ui(), page=page, params=params, fmt=fmt, lang=lang),
            file_name=f"{params.get('indicator', 'map')}_{params.get('period', '')}.{fmt}",
            mime=MIME[fmt],
            key="export_map_file",
            icon=":material/download:",
        )
    if page == "profile" and (unit := params.get("unit")):
        vintage = params.get("vintage") or MAP_VINTAGES[0].value
        if st.toggle(t("export_brief_prepare", lang), key="export_brief_prepare"):
            data = brief_file(engine=database_ui(), unit_code=unit, vintage=vintage, lang=lang)
            if data is not None:
                st.download_button(
                    t("export_brief_download", lang),
                    data=data,
                    file_name=f"brief_{unit}.pdf",
                    mime=MIME["pdf"],
                    key="export_brief_file",
                    icon=":material/download:",
                )


def add_to_deck_ui(*, page: str, lang: str) -> None:
    """'Add to presentation' under a map page: the view in the URL becomes a slide; anyone can
    download the view's map (and a unit's brief) drawn for print."""
    board = page in BOARD_PAGES  # a status board or ranking: no map to download or split
    label = t("deck_add_board" if board else "deck_add", lang)
    with st.expander(label, icon=":material/slideshow:"):
        if not board:
            export_view_ui(
                page=page,
                params={k: str(st.query_params.get(k, "")) for k in st.query_params},
                lang=lang,
            )
        if message := st.session_state.pop("deck_add_message", None):
            kind, text = message
            (st.success if kind == "success" else st.error)(md_text(text))
        user = current_user()
        if user is None or not user.can("editor"):
            st.caption(t("deck_add_sign_in", lang))
            return
        engine = database_ui()
        params = {k: str(st.query_params.get(k, "")) for k in st.query_params}
        params["lang"] = lang
        existing = decks.decks(engine=engine)
        options = ["new", *[str(i) for i in existing["id"]]]
        names = dict(zip(existing["id"].astype(str), existing["name"], strict=True))
        # The deck chosen before (on any map page), else the last one a slide went to. Set on
        # every run: a widget on another page is another widget, which would start at "new".
        proposed = st.session_state.get("deck_add_deck")
        if proposed not in options:
            last = st.session_state.get("deck_last")
            proposed = last if last in options else "new"
        st.session_state["deck_add_deck"] = proposed
        deck = st.selectbox(
            t("deck_choose", lang),
            options,
            key="deck_add_deck",
            format_func=lambda o: t("deck_new_option", lang) if o == "new" else names[o],
        )
        if deck == "new":
            st.text_input(t("deck_name", lang), key="deck_add_name", max_chars=decks.MAX_NAME)
        st.text_input(t("deck_slide_title", lang), key="deck_add_title", max_chars=decks.MAX_TITLE)
        st.text_area(t("deck_slide_note", lang), key="deck_add_note", max_chars=decks.MAX_NOTE)
        split = (
            "none"
            if board
            else st.radio(
                t("deck_split", lang),
                SPLITS,
                key="deck_add_split",
                horizontal=True,
                format_func=lambda s: t(f"deck_split_{s}", lang),
            )
        )
        second: dict[str, str] | None = None
        vintage = params.get("vintage") or MAP_VINTAGES[0]
        if split == "periods" and params.get("indicator"):
            periods = cache.vintage_periods(
                engine=engine, indicator_code=params["indicator"], vintage=vintage
            )
            other = st.selectbox(t("deck_split_period", lang), periods, key="deck_add_period")
            second = {**params, "period": str(other)}
        elif split == "reform":
            other_vintage = next(v for v in MAP_VINTAGES if v != vintage)
            second = {**params, "vintage": other_vintage.value}
            second.pop("units", None)  # units of one vintage do not exist in the other
        st.button(
            t("deck_add_button", lang),
            key="deck_add_submit",
            icon=":material/add:",
            on_click=_save,
            kwargs={"page": page, "lang": lang, "params": params, "second": second},
        )


def _run(action: str, lang: str, **kwargs: object) -> None:
    """A deck edit from a button: the role is checked on the server, refusals shown as text."""
    engine = database_ui()
    try:
        user = auth.require(current_user(), "editor")
        if action == "create":
            name = str(st.session_state.get("deck_new_name", ""))
            st.session_state["deck_keep"] = str(
                decks.create_deck(engine=engine, name=name, user=user.name)
            )
            st.session_state["deck_last"] = st.session_state["deck_keep"]
        elif action == "rename":
            # The list shows names: a new name is a new option, so keep the choice explicitly.
            st.session_state["deck_keep"] = str(kwargs["deck_id"])
            decks.rename_deck(
                engine=engine,
                deck_id=int(str(kwargs["deck_id"])),
                name=str(st.session_state.get(f"deck_rename_name_{kwargs['deck_id']}", "")),
            )
        elif action == "qr":
            decks.set_show_qr(
                engine=engine,
                deck_id=int(str(kwargs["deck_id"])),
                show_qr=bool(st.session_state.get("deck_show_qr")),
            )
        elif action == "duplicate_deck":
            st.session_state["deck_keep"] = str(
                decks.duplicate_deck(
                    engine=engine, deck_id=int(str(kwargs["deck_id"])), user=user.name
                )
            )
        elif action == "delete_deck":
            decks.delete_deck(engine=engine, deck_id=int(str(kwargs["deck_id"])))
            st.session_state.pop("deck_selected", None)
        elif action in ("up", "down", "duplicate", "delete", "edit"):
            st.session_state["deck_keep"] = st.session_state.get("deck_selected")
        if action == "up":
            decks.move_slide(engine=engine, slide_id=int(str(kwargs["slide_id"])), offset=-1)
        elif action == "down":
            decks.move_slide(engine=engine, slide_id=int(str(kwargs["slide_id"])), offset=1)
        elif action == "duplicate":
            decks.duplicate_slide(engine=engine, slide_id=int(str(kwargs["slide_id"])))
        elif action == "delete":
            decks.delete_slide(engine=engine, slide_id=int(str(kwargs["slide_id"])))
        elif action == "edit":
            slide_id = int(str(kwargs["slide_id"]))
            decks.edit_slide(
                engine=engine,
                slide_id=slide_id,
                title=str(st.session_state.get(f"deck_title_{slide_id}", "")),
                note=str(st.session_state.get(f"deck_note_{slide_id}", "")),
            )
    except auth.PermissionDenied:
        st.session_state["deck_message"] = t("deck_editor_only", lang)
    except decks.DeckError as exc:
        log.info("deck edit refused: %s", exc)
        st.session_state["deck_message"] = exc.text(lang)


def deck_editor_ui(*, deck_id: int, lang: str) -> None:
    """Rename, QR on/off, duplicate, delete a deck; reorder, edit, duplicate, delete slides."""
    engine = database_ui()
    found = decks.deck(engine=engine, deck_id=deck_id)
    if found is None:
        return
    st.session_state.setdefault(f"deck_rename_name_{deck_id}", found.name)
    c1, c2 = st.columns([3, 1])
    c1.text_input(t("deck_name", lang), key=f"deck_rename_name_{deck_id}", max_chars=decks.MAX_NAME)
    c2.button(
        t("deck_rename", lang),
        key="deck_rename",
        on_click=_run,
        args=("rename", lang),
        kwargs={"deck_id": deck_id},
    )
    st.session_state["deck_show_qr"] = found.show_qr
    st.toggle(
        t("deck_show_qr", lang),
        key="deck_show_qr",
        on_change=_run,
        args=("qr", lang),
        kwargs={"deck_id": deck_id},
    )
    c1, c2, c3 = st.columns([1, 1, 3])
    c3.checkbox(t("deck_confirm_delete", lang), key=f"deck_confirm_delete_{deck_id}")
    c1.button(
        t("deck_duplicate", lang),
        key="deck_duplicate_deck",
        icon=":material/content_copy:",
        on_click=_run,
        args=("duplicate_deck", lang),
        kwargs={"deck_id": deck_id},
    )
    c2.button(
        t("deck_delete", lang),
        key="deck_delete_deck",
        icon=":material/delete:",
        type="primary",
        disabled=not st.session_state.get(f"deck_confirm_delete_{deck_id}"),
        on_click=_run,
        args=("delete_deck", lang),
        kwargs={"deck_id": deck_id},
    )
    for slide in decks.slides(engine=engine, deck_id=deck_id):
        with st.container(border=True, key=f"deck_slide_{slide.position}"):
            head, *buttons = st.columns([6, 1, 1, 1, 1])
            kind = " ⇆" if slide.kind == "split" else ""
            head.markdown(f"**{slide.position}. {md_text(slide.title)}**{kind} · `{slide.page}`")
            for col, (action, icon) in zip(
                buttons,
                (
                    ("up", ":material/arrow_upward:"),
                    ("down", ":material/arrow_downward:"),
                    ("duplicate", ":material/content_copy:"),
                    ("delete", ":material/delete:"),
                ),
                strict=True,
            ):
                col.button(
                    "",
                    key=f"deck_{action}_{slide.id}",
                    icon=icon,
                    help=t(f"deck_{action}", lang),
                    on_click=_run,
                    args=(action, lang),
                    kwargs={"slide_id": slide.id},
                )
            with st.expander(t("deck_slide_note", lang)):
                st.session_state.setdefault(f"deck_title_{slide.id}", slide.title)
                st.session_state.setdefault(f"deck_note_{slide.id}", slide.note)
                st.text_input(
                    t("deck_slide_title", lang),
                    key=f"deck_title_{slide.id}",
                    max_chars=decks.MAX_TITLE,
                )
                st.text_area(
                    t("deck_slide_note", lang),
                    key=f"deck_note_{slide.id}",
                    max_chars=decks.MAX_NOTE,
                )
                st.button(
                    t("deck_save", lang),
                    key=f"deck_edit_{slide.id}",
                    on_click=_run,
                    args=("edit", lang),
                    kwargs={"slide_id": slide.id},
                )


def new_deck_ui(*, lang: str) -> None:
    """A form for a new, empty deck (editors)."""
    with st.expander(t("deck_new", lang), icon=":material/add:"):
        st.text_input(t("deck_name", lang), key="deck_new_name", max_chars=decks.MAX_NAME)
        st.button(t("deck_create", lang), key="deck_create", on_click=_run, args=("create", lang))


def no_decks_ui(*, lang: str) -> None:
    """No deck yet: how to make one, in one sentence, with links to the map pages."""
    st.info(t("deck_none", lang), icon=":material/info:")
    query = {"lang": lang} if lang != "vi" else {}
    c1, c2, _ = st.columns([1, 1, 3])
    c1.page_link(
        "pages/overview.py", label=t("overview", lang), icon=":material/map:", query_params=query
    )
    c2.page_link(
        "pages/indicators.py",
        label=t("indicators_page", lang),
        icon=":material/insights:",
        query_params=query,
    )


def deck_message_ui() -> None:
    """The last refusal of a deck edit, shown once."""
    if message := st.session_state.pop("deck_message", None):
        st.error(md_text(str(message)), icon=":material/error:")


@st.cache_data(ttl=60, show_spinner=False, max_entries=8, hash_funcs={Engine: engine_key})
def deck_file(
    *, engine: Engine, deck_id: int, fmt: str, lang: str | None, base: str, version: str
) -> bytes:
    """A deck as PPTX or PDF bytes (`version` changes when the deck's slides change)."""
    import io

    from dashboard.render import slides

    buffer = io.BytesIO()
    export = slides.deck_pptx if fmt == "pptx" else slides.deck_pdf
    export(engine=engine, deck_id=deck_id, lang=lang, base_url=base, out=buffer)
    return buffer.getvalue()


def deck_downloads_ui(*, deck_id: int, lang: str) -> None:
    """Make and download the deck as PPTX or PDF."""
    from dashboard.ui.present import base_url

    engine = database_ui()
    found = decks.deck(engine=engine, deck_id=deck_id)
    shown = decks.slides(engine=engine, deck_id=deck_id)
    if found is None or not shown:
        return
    version = repr((found, shown))
    c1, c2 = st.columns(2)
    for col, fmt, mime in (
        (c1, "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        (c2, "pdf", "application/pdf"),
    ):
        if col.toggle(t(f"deck_download_{fmt}", lang), key=f"deck_prepare_{fmt}"):
            data = deck_file(
                engine=engine, deck_id=deck_id, fmt=fmt, lang=lang, base=base_url(), version=version
            )
            col.download_button(
                t(f"deck_download_{fmt}", lang),
                data=data,
                file_name=f"deck_{deck_id}.{fmt}",
                mime=mime,
                key=f"deck_download_{fmt}_file",
                icon=":material/download:",
            )
