"""Followed presentations on SQLite and PostgreSQL: codes, moves, the end, idle expiry."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from dashboard import auth
from dashboard.data import db
from dashboard.present import decks, follow
from dashboard.present.follow import FollowState
from tests.conftest import engine_for

_DECKS = itertools.count(1)

PRESENTER = auth.User("trinh-bay", "viewer")
OTHER = auth.User("bien-tap", "editor")
T0 = dt.datetime(2026, 12, 4, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def two_replicas(empty_url: str) -> Iterator[tuple[Engine, Engine]]:
    """Two engines on one database, as two replicas of the dashboard hold."""
    first, second = engine_for(empty_url), engine_for(empty_url)
    db.migrate(first)
    yield first, second
    first.dispose()
    second.dispose()


def a_deck(engine: Engine, slides: int = 3) -> int:
    deck_id = decks.create_deck(
        engine=engine, name=f"Hội nghị {next(_DECKS)}", user="t"
    )  # names are unique
    for i in range(slides):
        decks.add_slide(
            engine=engine,
            deck_id=deck_id,
            page="indicators",
            params={"indicator": "learning_families_share"},
            title=f"Trang {i + 1}",
        )
    return deck_id


def test_only_a_signed_in_account_starts_and_each_code_is_unguessable(
    two_replicas: tuple[Engine, Engine],
) -> None:
    engine, _ = two_replicas
    deck_id = a_deck(engine)
    for nobody in (None, auth.ANONYMOUS):
        with pytest.raises(auth.PermissionDenied):
            follow.start(engine=engine, deck_id=deck_id, user=nobody)
    with pytest.raises(decks.DeckError):
        follow.start(engine=engine, deck_id=deck_id + 99, user=PRESENTER)
    codes = {follow.start(engine=engine, deck_id=deck_id, user=PRESENTER).code for _ in range(20)}
    assert len(codes) == 20
    assert all(len(c) >= 12 and follow.is_code(c) for c in codes)  # 72 random bits each


def test_a_move_on_one_replica_is_what_followers_on_the_other_read(
    two_replicas: tuple[Engine, Engine],
) -> None:
    presenter_side, follower_side = two_replicas
    deck_id = a_deck(presenter_side)
    started = follow.start(engine=presenter_side, deck_id=deck_id, user=PRESENTER, now=T0)
    seen = follow.following(engine=follower_side, code=started.code, now=T0)
    assert (seen.state, seen.deck_id, seen.slide, seen.deck_exists) == (
        FollowState.LIVE,
        deck_id,
        1,
        True,
    )
    follow.move(engine=presenter_side, code=started.code, user=PRESENTER, slide=3, now=T0)
    assert follow.following(engine=follower_side, code=started.code, now=T0).slide == 3
    resumed = follow.presenting(engine=follower_side, deck_id=deck_id, user=PRESENTER, now=T0)
    assert resumed is not None and resumed.code == started.code and resumed.slide == 3
    assert follow.presenting(engine=follower_side, deck_id=deck_id, user=OTHER, now=T0) is None


def test_nobody_but_the_presenter_moves_or_ends_it(two_replicas: tuple[Engine, Engine]) -> None:
    engine, other_replica = two_replicas
    started = follow.start(engine=engine, deck_id=a_deck(engine), user=PRESENTER)
    for intruder in (None, auth.ANONYMOUS, OTHER, auth.User("admin", "admin")):
        with pytest.raises(auth.PermissionDenied):
            follow.move(engine=other_replica, code=started.code, user=intruder, slide=2)
        with pytest.raises(auth.PermissionDenied):
            follow.end(engine=other_replica, code=started.code, user=intruder)
    with pytest.raises(auth.PermissionDenied):  # a guessed code leads nowhere
        follow.move(engine=engine, code="AAAAAAAAAAAA", user=PRESENTER, slide=2)
    seen = follow.following(engine=other_replica, code=started.code)
    assert (seen.state, seen.slide) == (FollowState.LIVE, 1)


def test_the_end_and_the_idle_time_expire_the_code(
    two_replicas: tuple[Engine, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, follower_side = two_replicas
    deck_id = a_deck(engine)
    idle = follow.start(engine=engine, deck_id=deck_id, user=PRESENTER, now=T0)
    four_hours = T0 + dt.timedelta(hours=4)
    assert follow.following(engine=follower_side, code=idle.code, now=four_hours).state is (
        FollowState.LIVE
    )
    later = four_hours + dt.timedelta(seconds=1)
    assert follow.following(engine=follower_side, code=idle.code, now=later).state is (
        FollowState.EXPIRED
    )
    with pytest.raises(decks.DeckError):  # an expired presentation cannot be moved back to life
        follow.move(engine=engine, code=idle.code, user=PRESENTER, slide=2, now=later)
    monkeypatch.setenv("LEARNING_CITY_FOLLOW_IDLE_HOURS", "0.5")
    moved = follow.start(engine=engine, deck_id=deck_id, user=PRESENTER, now=T0)
    follow.move(
        engine=engine, code=moved.code, user=PRESENTER, slide=2, now=T0 + dt.timedelta(minutes=20)
    )  # a move starts the idle time again
    at = T0 + dt.timedelta(minutes=45)
    assert follow.following(engine=follower_side, code=moved.code, now=at).state is (
        FollowState.LIVE
    )
    follow.end(engine=engine, code=moved.code, user=PRESENTER, now=at)
    assert follow.following(engine=follower_side, code=moved.code, now=at).state is (
        FollowState.ENDED
    )
    assert follow.presenting(engine=engine, deck_id=deck_id, user=PRESENTER, now=at) is None


@pytest.mark.parametrize("code", ["", "short", "x" * 40, "'; DROP TABLE deck; --", "AAAAAAAAAAAA"])
def test_unknown_or_malformed_codes_lead_nowhere(
    two_replicas: tuple[Engine, Engine], code: str
) -> None:
    engine, _ = two_replicas
    follow.start(engine=engine, deck_id=a_deck(engine), user=PRESENTER)
    assert follow.following(engine=engine, code=code) == follow.Following(FollowState.UNKNOWN)


def test_a_deck_deleted_while_presented_is_reported_to_followers(
    two_replicas: tuple[Engine, Engine],
) -> None:
    engine, follower_side = two_replicas
    deck_id = a_deck(engine)
    started = follow.start(engine=engine, deck_id=deck_id, user=PRESENTER)
    decks.delete_deck(engine=engine, deck_id=deck_id)
    seen = follow.following(engine=follower_side, code=started.code)
    assert seen.state is FollowState.LIVE and not seen.deck_exists
