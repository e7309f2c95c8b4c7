"""Notices above a map on one line (what they are about), their full text on demand, so the
map starts on the first screen (1366×768) however many notices a view has."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from dashboard.i18n import t
from dashboard.ui.state import StateReader
from dashboard.ui.tables import md_text

WARNING_ICON = ":material/warning:"
INFO_ICON = ":material/info:"
LINK_ICON = ":material/link_off:"


@dataclass(frozen=True)
class Note:
    """One notice: a short title for the one-line summary and its full text (markdown)."""

    title: str
    text: str
    warning: bool = False
    icon: str = INFO_ICON


def link_notes(reader: StateReader, lang: str) -> list[Note]:
    """The link values that were not used (shown as text)."""
    return [
        Note(t("mp_note_link", lang), md_text(n.text(lang)), icon=LINK_ICON) for n in reader.notices
    ]


def notes_ui(notes: Sequence[Note]) -> None:
    """One folded line naming the notices (a warning first); the full texts when opened."""
    if not notes:
        return
    ordered = sorted(notes, key=lambda n: not n.warning)
    summary = " · ".join(dict.fromkeys(n.title for n in ordered))
    icon = WARNING_ICON if ordered[0].warning else INFO_ICON
    with st.expander(summary, icon=icon):
        for note in ordered:
            if note.warning:
                st.warning(note.text, icon=note.icon)
            else:
                st.info(note.text, icon=note.icon)
