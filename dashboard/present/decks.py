"""Decks and slides: typed, keyword-only reads and writes (each write in one transaction).

A slide stores a view as the page's name plus its URL query parameters, so presenting a slide
and opening its public link show the same thing.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session

from dashboard.data.models import SLIDE_KINDS, Deck, Slide

# The pages a slide can come from (their file names under pages/): the map pages, then the
# Plan tracker's status board and the Focus page's ranking (dashboard.present.boards).
SLIDE_PAGES = ("overview", "indicators", "facilities", "profile", "learning_city", "plan", "focus")
MAX_NAME = 200
MAX_TITLE = 300
MAX_NOTE = 5000
MAX_PARAMS = 40
MAX_PARAM_VALUE = 400


class DeckError(ValueError):
    """A deck or slide change that cannot be made; `text(lang)` says why in vi or en."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


@dataclass(frozen=True)
class DeckInfo:
    """A deck's name and settings."""

    id: int
    name: str
    show_qr: bool
    created_by: str


@dataclass(frozen=True)
class SlideInfo:
    """One saved view: page, query parameters, title, note; a split's second view."""

    id: int
    deck_id: int
    position: int
    page: str
    params: dict[str, str]
    title: str
    note: str
    kind: str = "single"
    split_params: dict[str, str] = field(default_factory=dict)


def _clean_text(value: str, *, limit: int, what_vi: str, what_en: str, required: bool) -> str:
    text = " ".join(value.split()) if what_en != "note" else value.strip()
    if required and not text:
        raise DeckError(f"Cần nhập {what_vi}.", f"The {what_en} is required.")
    if len(text) > limit:
        raise DeckError(
            f"{what_vi.capitalize()} dài quá {limit} ký tự.",
            f"The {what_en} is longer than {limit} characters.",
        )
    return text


def _clean_name(name: str) -> str:
    text = _clean_text(name, limit=MAX_NAME, what_vi="tên", what_en="name", required=True)
    return unicodedata.normalize("NFC", text)


def name_key(name: str) -> str:
    """How two deck names are compared: NFC, trimmed, spaces collapsed, case folded."""
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def _plain(name: str) -> str:
    """A name without case or accents ('Hội nghị' -> 'hoi nghi'), for a lenient match."""
    decomposed = unicodedata.normalize("NFKD", name_key(name).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _refuse_taken(session: Session, name: str, *, other_than: int | None = None) -> None:
    wanted = name_key(name)
    for deck_id, existing in session.execute(select(Deck.id, Deck.name)):
        if deck_id != other_than and name_key(existing) == wanted:
            raise DeckError(
                f'Đã có bài trình chiếu tên "{existing}". Hãy chọn một tên khác.',
                f'There is already a deck named "{existing}". Choose another name.',
            )


def clean_params(params: dict[str, str]) -> dict[str, str]:
    """Query parameters fit to store: strings, a bounded number and length; slide keys dropped."""
    kept = {
        str(k): str(v)
        for k, v in params.items()
        if k not in ("deck", "slide", "autoplay", "every") and str(v) != ""
    }
    if len(kept) > MAX_PARAMS or any(
        len(k) > 40 or len(v) > MAX_PARAM_VALUE for k, v in kept.items()
    ):
        raise DeckError(
            "Liên kết của trang quá dài để lưu.", "The page's link is too long to save."
        )
    return kept


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_deck(*, engine: Engine, name: str, user: str, show_qr: bool = True) -> int:
    """A new empty deck; returns its id. A name another deck has (any case) is refused."""
    clean = _clean_name(name)
    with Session(engine) as session, session.begin():
        _refuse_taken(session, clean)
        deck = Deck(name=clean, show_qr=show_qr, created_by=user, created_at=_now())
        session.add(deck)
        session.flush()
        return int(deck.id)


def rename_deck(*, engine: Engine, deck_id: int, name: str) -> None:
    """Give a deck a new name (refused when another deck has it, in any case)."""
    clean = _clean_name(name)
    with Session(engine) as session, session.begin():
        _refuse_taken(session, clean, other_than=deck_id)
        session.execute(update(Deck).where(Deck.id == deck_id).values(name=clean))


def set_show_qr(*, engine: Engine, deck_id: int, show_qr: bool) -> None:
    """Show or hide the QR code on the deck's slides."""
    with engine.begin() as conn:
        conn.execute(update(Deck).where(Deck.id == deck_id).values(show_qr=show_qr))


def delete_deck(*, engine: Engine, deck_id: int) -> None:
    """Delete a deck and its slides."""
    with engine.begin() as conn:
        conn.execute(delete(Slide).where(Slide.deck_id == deck_id))
        conn.execute(delete(Deck).where(Deck.id == deck_id))


def duplicate_deck(*, engine: Engine, deck_id: int, user: str) -> int:
    """A copy of a deck and all its slides, named "name (2)" (or the next free number);
    returns the copy's id."""
    with Session(engine) as session, session.begin():
        original = session.get(Deck, deck_id)
        if original is None:
            raise DeckError("Không có bài trình chiếu này.", "There is no such deck.")
        taken = {name_key(n) for n in session.scalars(select(Deck.name))}
        number = 2
        while name_key(_numbered(original.name, number)) in taken:
            number += 1
        copy = Deck(
            name=_numbered(original.name, number),
            show_qr=original.show_qr,
            created_by=user,
            created_at=_now(),
        )
        session.add(copy)
        session.flush()
        for s in session.scalars(select(Slide).where(Slide.deck_id == deck_id)):
            session.add(
                Slide(
                    deck_id=copy.id,
                    position=s.position,
                    page=s.page,
                    params=s.params,
                    title=s.title,
                    note=s.note,
                    kind=s.kind,
                    split_params=s.split_params,
                )
            )
        return int(copy.id)


def _numbered(name: str, number: int) -> str:
    suffix = f" ({number})"
    return name[: MAX_NAME - len(suffix)] + suffix


def decks(*, engine: Engine) -> pd.DataFrame:
    """Every deck: id, name, show_qr, created_by, slides (count); newest first."""
    count = select(Slide.deck_id, func.count().label("slides")).group_by(Slide.deck_id).subquery()
    stmt = (
        select(
            Deck.id,
            Deck.name,
            Deck.show_qr,
            Deck.created_by,
            func.coalesce(count.c.slides, 0).label("slides"),
        )
        .outerjoin(count, count.c.deck_id == Deck.id)
        .order_by(Deck.id.desc())
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    out = pd.DataFrame(rows, columns=["id", "name", "show_qr", "created_by", "slides"])
    return out.astype({"id": "int64", "slides": "int64", "show_qr": "bool"})


def deck(*, engine: Engine, deck_id: int) -> DeckInfo | None:
    """One deck, or None when there is no such deck."""
    with Session(engine) as session:
        found = session.get(Deck, deck_id)
        if found is None:
            return None
        return DeckInfo(found.id, found.name, bool(found.show_qr), found.created_by)


def find_deck(*, engine: Engine, value: str) -> DeckInfo:
    """The deck a name or an id means: the exact name first, then the id, then the name
    without regard to case or accents. DeckError (vi, en) when none or several match."""
    wanted = unicodedata.normalize("NFC", " ".join(value.split()))
    table = decks(engine=engine)
    named = list(zip(table["id"].astype(int), table["name"].astype(str), strict=True))
    for matches in (
        [i for i, n in named if n == wanted],
        [i for i, _ in named if str(i) == wanted],
        [i for i, n in named if name_key(n) == name_key(wanted)],
        [i for i, n in named if _plain(n) == _plain(wanted)],
    ):
        if len(matches) > 1:
            listed = ", ".join(str(i) for i in sorted(matches))
            raise DeckError(
                f'Có nhiều bài trình chiếu tên "{value}" (số {listed}); hãy dùng số.',
                f'Several decks are named "{value}" (ids {listed}); give the id.',
            )
        if matches and (found := deck(engine=engine, deck_id=matches[0])) is not None:
            return found
    raise DeckError(
        f'Không có bài trình chiếu nào tên hoặc số "{value}" (xem: deck list).',
        f'There is no deck named or numbered "{value}" (see: deck list).',
    )


def _info(s: Slide) -> SlideInfo:
    return SlideInfo(
        id=s.id,
        deck_id=s.deck_id,
        position=s.position,
        page=s.page,
        params=json.loads(s.params),
        title=s.title,
        note=s.note,
        kind=s.kind,
        split_params=json.loads(s.split_params) if s.split_params else {},
    )


def slides(*, engine: Engine, deck_id: int) -> list[SlideInfo]:
    """A deck's slides in order (empty for an empty or unknown deck)."""
    with Session(engine) as session:
        found = session.scalars(
            select(Slide).where(Slide.deck_id == deck_id).order_by(Slide.position)
        )
        return [_info(s) for s in found]


def add_slide(
    *,
    engine: Engine,
    deck_id: int,
    page: str,
    params: dict[str, str],
    title: str,
    note: str = "",
    kind: str = "single",
    split_params: dict[str, str] | None = None,
) -> int:
    """Append a view to a deck; returns the slide's id."""
    if page not in SLIDE_PAGES:
        raise DeckError(f"Trang '{page}' không có bản đồ.", f"Page '{page}' has no map.")
    if kind not in SLIDE_KINDS:
        raise DeckError("Kiểu trang chiếu không hợp lệ.", "Unknown slide kind.")
    clean_title = _clean_text(
        title, limit=MAX_TITLE, what_vi="tiêu đề", what_en="title", required=True
    )
    clean_note = _clean_text(
        note, limit=MAX_NOTE, what_vi="ghi chú", what_en="note", required=False
    )
    second = json.dumps(clean_params(split_params or {})) if kind == "split" else None
    with Session(engine) as session, session.begin():
        if session.get(Deck, deck_id) is None:
            raise DeckError("Không có bài trình chiếu này.", "There is no such deck.")
        last = session.scalar(select(func.max(Slide.position)).where(Slide.deck_id == deck_id))
        slide = Slide(
            deck_id=deck_id,
            position=(last or 0) + 1,
            page=page,
            params=json.dumps(clean_params(params)),
            title=clean_title,
            note=clean_note,
            kind=kind,
            split_params=second,
        )
        session.add(slide)
        session.flush()
        return int(slide.id)


def edit_slide(*, engine: Engine, slide_id: int, title: str, note: str) -> None:
    """Change a slide's title and speaker note."""
    clean_title = _clean_text(
        title, limit=MAX_TITLE, what_vi="tiêu đề", what_en="title", required=True
    )
    clean_note = _clean_text(
        note, limit=MAX_NOTE, what_vi="ghi chú", what_en="note", required=False
    )
    with engine.begin() as conn:
        conn.execute(
            update(Slide).where(Slide.id == slide_id).values(title=clean_title, note=clean_note)
        )


def move_slide(*, engine: Engine, slide_id: int, offset: int) -> None:
    """Swap a slide with its neighbour (offset -1: earlier, +1: later); no-op at the ends."""
    with Session(engine) as session, session.begin():
        slide = session.get(Slide, slide_id)
        if slide is None:
            return
        neighbour = session.scalar(
            select(Slide).where(
                Slide.deck_id == slide.deck_id, Slide.position == slide.position + offset
            )
        )
        if neighbour is None:
            return
        mine, theirs = slide.position, neighbour.position
        slide.position = -1  # the unique (deck, position) must hold after each statement
        session.flush()
        neighbour.position = mine
        session.flush()
        slide.position = theirs


def duplicate_slide(*, engine: Engine, slide_id: int) -> int | None:
    """A copy of a slide right after it; returns the copy's id."""
    with Session(engine) as session, session.begin():
        slide = session.get(Slide, slide_id)
        if slide is None:
            return None
        later = session.scalars(
            select(Slide)
            .where(Slide.deck_id == slide.deck_id, Slide.position > slide.position)
            .order_by(Slide.position.desc())
        ).all()
        for s in later:  # from the end, so positions stay unique at each step
            s.position += 1
            session.flush()
        copy = Slide(
            deck_id=slide.deck_id,
            position=slide.position + 1,
            page=slide.page,
            params=slide.params,
            title=slide.title,
            note=slide.note,
            kind=slide.kind,
            split_params=slide.split_params,
        )
        session.add(copy)
        session.flush()
        return int(copy.id)


def delete_slide(*, engine: Engine, slide_id: int) -> None:
    """Remove a slide; the later ones move up."""
    with Session(engine) as session, session.begin():
        slide = session.get(Slide, slide_id)
        if slide is None:
            return
        deck_id, position = slide.deck_id, slide.position
        session.delete(slide)
        session.flush()
        later = session.scalars(
            select(Slide)
            .where(Slide.deck_id == deck_id, Slide.position > position)
            .order_by(Slide.position)
        ).all()
        for s in later:
            s.position -= 1
            session.flush()
