"""Decks: viewers list and present them; editors create, rename, reorder, duplicate, delete."""

import streamlit as st

from dashboard.i18n import t
from dashboard.present import decks
from dashboard.ui.account import current_user
from dashboard.ui.cache import database_ui
from dashboard.ui.decks import (
    deck_downloads_ui,
    deck_editor_ui,
    deck_message_ui,
    new_deck_ui,
    no_decks_ui,
)
from dashboard.ui.widgets import language, seed_widgets_ui, url_reader

lang = language()
engine = database_ui()
user = current_user()
editor = user is not None and user.can("editor")

st.title(t("deck_heading", lang))
st.caption(t("deck_intro", lang))
deck_message_ui()
if editor:
    new_deck_ui(lang=lang)
found = decks.decks(engine=engine)
if found.empty:
    no_decks_ui(lang=lang)
    st.stop()
names = dict(zip(found["id"].astype(str), found["name"], strict=True))
counts = dict(zip(found["id"].astype(str), found["slides"], strict=True))
seed_widgets_ui({"deck_selected": url_reader().one("deck", list(names), next(iter(names)))})
if (kept := st.session_state.pop("deck_keep", None)) in names:
    st.session_state["deck_selected"] = kept
if st.session_state.get("deck_selected") not in names:
    st.session_state["deck_selected"] = next(iter(names))
chosen = st.selectbox(
    t("deck_choose", lang),
    list(names),
    key="deck_selected",
    format_func=lambda i: f"{names[i]} ({t('deck_slides', lang).format(n=counts[i])})",
)
st.query_params["deck"] = chosen
st.page_link(
    "pages/present.py",
    label=t("deck_present", lang),
    icon=":material/slideshow:",
    query_params={"deck": chosen, "slide": "1", **({"lang": lang} if lang != "vi" else {})},
)
deck_downloads_ui(deck_id=int(chosen), lang=lang)
if editor:
    deck_editor_ui(deck_id=int(chosen), lang=lang)
