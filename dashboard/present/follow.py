"""Followed presentations: a presenter's current slide in the database, read by followers.

A presentation is started by a signed-in account (any role: presenting writes nothing but
its own row), moved and ended only by that presenter, and expires after
LEARNING_CITY_FOLLOW_IDLE_HOURS without a move. Followers hold only its code: every read
here is by code, and nothing a follower can call changes a row. The current slide lives in
the database, so followers on any replica see the presenter's move.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from dashboard import auth, settings
from dashboard.data.models import Deck, Presentation
from dashboard.present.decks import DeckError

CODE_BYTES = 9  # 72 bits, 12 URL-safe characters
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,32}")


class FollowState(Enum):
    """What a follow code leads to."""

    LIVE = "live"
    ENDED = "ended"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Following:
    """What a follower needs on each tick: the state, the deck and the presenter's slide."""

    state: FollowState
    deck_id: int = 0
    slide: int = 0
    deck_exists: bool = False


@dataclass(frozen=True)
class PresentationInfo:
    """A presentation as its presenter's console shows it."""

    code: str
    deck_id: int
    slide: int
    presenter: str
    started_at: dt.datetime
    last_active_at: dt.datetime
    ended_at: dt.datetime | None


def idle_limit() -> dt.timedelta:
    """How long a presentation lives without a move (LEARNING_CITY_FOLLOW_IDLE_HOURS)."""
    return dt.timedelta(hours=settings.read_number(settings.FOLLOW_IDLE_HOURS))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)  # SQLite returns naive datetimes


def is_code(code: str) -> bool:
    """True when `code` has the shape of a follow code (checked before any query)."""
    return bool(CODE_PATTERN.fullmatch(code))


def _presenter(user: auth.User | None) -> auth.User:
    if user is None or user.name == auth.ANONYMOUS.name:
        raise auth.PermissionDenied("only a signed-in account starts a followed presentation")
    return auth.require(user, "viewer")


def _info(row: Presentation) -> PresentationInfo:
    return PresentationInfo(
        code=row.code,
        deck_id=row.deck_id,
        slide=row.slide,
        presenter=row.presenter,
        started_at=_aware(row.started_at),
        last_active_at=_aware(row.last_active_at),
        ended_at=_aware(row.ended_at) if row.ended_at else None,
    )


def start(
    *,
    engine: Engine,
    deck_id: int,
    user: auth.User | None,
    slide: int = 1,
    now: dt.datetime | None = None,
) -> PresentationInfo:
    """Start a followed presentation of a deck at `slide`; PermissionDenied without sign-in."""
    presenter = _presenter(user)
    now = now or _now()
    with Session(engine) as session, session.begin():
        if session.get(Deck, deck_id) is None:
            raise DeckError("Không có bài trình chiếu này.", "There is no such deck.")
        row = Presentation(
            code=secrets.token_urlsafe(CODE_BYTES),
            deck_id=deck_id,
            slide=max(1, slide),
            presenter=presenter.name[:100],
            started_at=now,
            last_active_at=now,
            ended_at=None,
        )
        session.add(row)
        session.flush()
        return _info(row)


def _live(row: Presentation | None, now: dt.datetime) -> FollowState:
    if row is None:
        return FollowState.UNKNOWN
    if row.ended_at is not None:
        return FollowState.ENDED
    if now - _aware(row.last_active_at) > idle_limit():
        return FollowState.EXPIRED
    return FollowState.LIVE


def presenting(
    *, engine: Engine, deck_id: int, user: auth.User | None, now: dt.datetime | None = None
) -> PresentationInfo | None:
    """The user's live presentation of this deck (the newest), to resume after a reload."""
    if user is None or user.name == auth.ANONYMOUS.name:
        return None
    now = now or _now()
    with Session(engine) as session:
        rows = session.scalars(
            select(Presentation)
            .where(
                Presentation.deck_id == deck_id,
                Presentation.presenter == user.name[:100],
                Presentation.ended_at.is_(None),
            )
            .order_by(Presentation.id.desc())
        )
        for row in rows:
            if _live(row, now) is FollowState.LIVE:
                return _info(row)
    return None


def following(*, engine: Engine, code: str, now: dt.datetime | None = None) -> Following:
    """The follower's tick: one indexed read of the presentation by its code."""
    if not is_code(code):
        return Following(FollowState.UNKNOWN)
    stmt = (
        select(
            Presentation.deck_id,
            Presentation.slide,
            Presentation.last_active_at,
            Presentation.ended_at,
            Deck.id,
        )
        .outerjoin(Deck, Deck.id == Presentation.deck_id)
        .where(Presentation.code == code)
    )
    with engine.connect() as conn:
        found = conn.execute(stmt).first()
    if found is None:
        return Following(FollowState.UNKNOWN)
    deck_id, slide, last_active_at, ended_at, deck_found = found
    now = now or _now()
    if ended_at is not None:
        state = FollowState.ENDED
    elif now - _aware(last_active_at) > idle_limit():
        state = FollowState.EXPIRED
    else:
        state = FollowState.LIVE
    return Following(state, int(deck_id), int(slide), deck_found is not None)


def _own_live(
    session: Session, code: str, user: auth.User | None, now: dt.datetime
) -> Presentation:
    presenter = _presenter(user)
    row = session.scalars(select(Presentation).where(Presentation.code == code)).first()
    if row is None or row.presenter != presenter.name[:100]:
        # a follower holds the code too: only the account that started it may move it
        raise auth.PermissionDenied("only the presenter moves or ends this presentation")
    if _live(row, now) is not FollowState.LIVE:
        raise DeckError("Buổi trình chiếu này đã kết thúc.", "This presentation has ended.")
    return row


def move(
    *,
    engine: Engine,
    code: str,
    user: auth.User | None,
    slide: int,
    now: dt.datetime | None = None,
) -> None:
    """The presenter shows `slide`: followers move there on their next tick."""
    now = now or _now()
    with Session(engine) as session, session.begin():
        row = _own_live(session, code, user, now)
        session.execute(
            update(Presentation)
            .where(Presentation.id == row.id)
            .values(slide=max(1, slide), last_active_at=now)
        )


def end(
    *, engine: Engine, code: str, user: auth.User | None, now: dt.datetime | None = None
) -> None:
    """The presenter ends the presentation: its follow link stops working at once."""
    now = now or _now()
    with Session(engine) as session, session.begin():
        row = _own_live(session, code, user, now)
        row.ended_at = now
