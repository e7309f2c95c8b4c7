"""The follow page and the presenter console through Streamlit's AppTest: bad codes, a deleted
deck, long and hostile titles and notes, and moves that only the presenter makes."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text, update
from streamlit.testing.v1 import AppTest

from dashboard import auth
from dashboard.data.models import Presentation
from dashboard.i18n import t
from dashboard.present import decks, follow
from tests.conftest import REPO, engine_for

_DECKS = itertools.count(1)

APP = str(REPO / "streamlit_app.py")
PRESENTER = auth.User("Cầm Thị D", "viewer")
HOSTILE = "<script>alert(1)</script><b>đậm</b>"


@pytest.fixture
def engine(own_url: str) -> Iterator[Engine]:
    e = engine_for(own_url)
    yield e
    e.dispose()


def two_slides(engine: Engine) -> int:
    deck_id = decks.create_deck(
        engine=engine, name=f"Hội nghị {next(_DECKS)}", user="t"
    )  # names are unique
    for title, indicator in (
        (f"Một {HOSTILE}", "learning_families_share"),
        ("Hai", "learning_citizens_share"),
    ):
        decks.add_slide(
            engine=engine,
            deck_id=deck_id,
            page="indicators",
            params={"indicator": indicator, "period": "2024"},
            title=title,
            note=f"Nhắc {HOSTILE}",
        )
    return deck_id


def page(url: str, path: str, *, user: auth.User | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["connections"] = {"learning_city": {"url": url}}
    if user is not None:
        at.session_state["user"] = user
    if "lang" in params:  # the language is chosen on the first run
        at.query_params["lang"] = params["lang"]
    at.run()
    at.switch_page(path)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def html_text(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def messages(at: AppTest) -> str:
    return " ".join(m.value for kind in ("info", "warning", "error") for m in at.get(kind))


def bar(at: AppTest) -> str:
    return next((h.proto.body for h in at.get("html") if "data-slide=" in h.proto.body), "")


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("", "follow_no_code"),
        ("'; DROP TABLE presentation; --", "follow_unknown"),
        ("<b>x</b>", "follow_unknown"),
        ("AAAAAAAAAAAAAAAA", "follow_unknown"),
        ("x" * 5000, "follow_unknown"),
    ],
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_bad_follow_code_gets_a_message_in_the_readers_language(
    own_url: str, code: str, key: str, lang: str
) -> None:
    at = page(own_url, "pages/follow.py", code=code, lang=lang)
    assert not at.exception
    assert t(key, lang) in messages(at)
    assert not bar(at)


def test_ended_expired_and_deleted_presentations_are_explained(
    own_url: str, engine: Engine
) -> None:
    ended = follow.start(engine=engine, deck_id=two_slides(engine), user=PRESENTER)
    follow.end(engine=engine, code=ended.code, user=PRESENTER)
    idle = follow.start(engine=engine, deck_id=two_slides(engine), user=PRESENTER)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=5)
    with engine.begin() as conn:
        conn.execute(
            update(Presentation)
            .where(Presentation.code == idle.code)
            .values(last_active_at=long_ago)
        )
    deleted_deck = two_slides(engine)
    deleted = follow.start(engine=engine, deck_id=deleted_deck, user=PRESENTER)
    decks.delete_deck(engine=engine, deck_id=deleted_deck)
    for code, expected in (
        (ended.code, t("follow_ended", "en")),
        (idle.code, t("follow_expired", "en").format(hours="4")),
        (deleted.code, t("follow_deck_gone", "en")),
    ):
        at = page(own_url, "pages/follow.py", code=code, lang="en")
        assert not at.exception
        assert expected in messages(at), code
        assert not bar(at)


def test_a_follower_moves_with_the_presenter_and_cannot_move_it(
    own_url: str, engine: Engine
) -> None:
    started = follow.start(engine=engine, deck_id=two_slides(engine), user=PRESENTER)
    at = page(own_url, "pages/follow.py", code=started.code, lang="en")
    assert not at.exception
    assert 'data-slide="1"' in bar(at) and "1/2" in bar(at)
    assert "&lt;script&gt;" in html_text(at) and "<script>alert" not in html_text(at)
    follow.move(engine=engine, code=started.code, user=PRESENTER, slide=2)
    time.sleep(0.5)  # the page reads through a 0.2 s cache
    at.run()
    assert "2/2" in bar(at)
    # paused, the reader looks back; the presenter's slide stays where it is
    at.toggle(key="follow_on").set_value(False).run()
    at.button(key="follow_first").click().run()
    assert not at.exception
    assert "1/2" in bar(at) and "slide 2" in bar(at)
    assert follow.following(engine=engine, code=started.code).slide == 2
    at.button(key="follow_rejoin").click().run()
    assert "Following" in bar(at) and "2/2" in bar(at)


def test_the_console_escapes_and_cuts_a_100_kb_note_and_starts_only_when_signed_in(
    own_url: str, engine: Engine, backend: str
) -> None:
    deck_id = two_slides(engine)
    first = decks.slides(engine=engine, deck_id=deck_id)[0]
    huge = HOSTILE + "ghi chú rất dài " * 6500  # > 100 kB, written past the editor's limit
    with engine.begin() as conn:
        conn.execute(text("UPDATE slide SET note = :n WHERE id = :i"), {"n": huge, "i": first.id})
        if backend == "sqlite":  # PostgreSQL's VARCHAR(300) refuses such a title outright
            conn.execute(
                text("UPDATE slide SET title = :t WHERE id = :i"),
                {"t": HOSTILE + "T" * 100_000, "i": first.id},
            )
    at = page(own_url, "pages/present.py", deck=str(deck_id), console="1", lang="en")
    assert not at.exception
    shown = html_text(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;đậm&lt;/b&gt;" in shown
    assert "<script>alert(1)" not in shown and "<b>đậm" not in shown
    assert t("console_note_cut", "en").format(n=5000) in shown
    assert len(shown) < 60_000  # the note is cut; the page is not 100 kB of one note
    at.button(key="console_start").click().run()  # nobody is signed in: refused on the server
    assert t("console_sign_in", "en") in messages(at)
    assert follow.presenting(engine=engine, deck_id=deck_id, user=auth.ANONYMOUS) is None

    at = page(
        own_url, "pages/present.py", user=PRESENTER, deck=str(deck_id), console="1", lang="en"
    )
    at.button(key="console_start").click().run()
    assert not at.exception
    live = follow.presenting(engine=engine, deck_id=deck_id, user=PRESENTER)
    assert live is not None and f"/follow?code={live.code}" in html_text(at)
    at.button(key="present_next").click().run()
    assert follow.following(engine=engine, code=live.code).slide == 2
    at.button(key="console_end").click().run()
    assert follow.following(engine=engine, code=live.code).state is follow.FollowState.ENDED
    assert t("console_ended", "en") in messages(at)
