"""Sign-in sessions (dashboard.sessions) on SQLite and PostgreSQL: issue, claim, verify, expire,
and what ends them (sign-out, a lock, a role change, a password change); the sidebar follows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from dashboard import auth, sessions
from dashboard.cli import run
from dashboard.data import db
from dashboard.ui import account
from tests.app_support import app
from tests.conftest import engine_for

NAME, PASSWORD = "Trần Thị B", "mật-khẩu-dài-1"
T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def engine(migrated_engine: Engine) -> Engine:
    auth.add_user(engine=migrated_engine, name=NAME, role="editor", password=PASSWORD)
    return migrated_engine


def signed_in(engine: Engine, now: dt.datetime = T0) -> tuple[int, str]:
    """A session opened and claimed as a browser does it: (session id, cookie token)."""
    opened = sessions.open_session(engine=engine, name=NAME, now=now)
    claimed = sessions.claim(engine=engine, code=opened.claim_code, now=now)
    assert claimed is not None
    return opened.session_id, claimed.token


def user_of(engine: Engine, token: str, now: dt.datetime = T0) -> auth.User | None:
    current = sessions.by_token(engine=engine, token=token, now=now)
    return current.user if current else None


def test_a_claimed_token_signs_in_with_the_accounts_role(engine: Engine) -> None:
    _, token = signed_in(engine)
    assert user_of(engine, token, T0 + dt.timedelta(hours=7)) == auth.User(NAME, "editor")
    assert user_of(engine, token + "x") is None


def test_only_hashes_are_stored(engine: Engine) -> None:
    opened = sessions.open_session(engine=engine, name=NAME, now=T0)
    claimed = sessions.claim(engine=engine, code=opened.claim_code, now=T0)
    assert claimed is not None
    with engine.connect() as conn:
        stored = " ".join(str(v) for v in conn.execute(text("SELECT * FROM sessions")).one())
    assert claimed.token not in stored and opened.claim_code not in stored
    assert sessions.digest(claimed.token) in stored


def test_a_claim_code_works_once_within_a_minute_and_is_no_token(engine: Engine) -> None:
    opened = sessions.open_session(engine=engine, name=NAME, now=T0)
    assert user_of(engine, opened.claim_code) is None  # unclaimed: not a cookie token
    late = sessions.claim(engine=engine, code=opened.claim_code, now=T0 + dt.timedelta(minutes=2))
    assert late is None
    again = sessions.open_session(engine=engine, name=NAME, now=T0)
    assert sessions.claim(engine=engine, code=again.claim_code, now=T0) is not None
    assert sessions.claim(engine=engine, code=again.claim_code, now=T0) is None  # replayed


def test_a_session_expires_after_the_setting(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, token = signed_in(engine)  # default: 8 hours
    assert user_of(engine, token, T0 + dt.timedelta(hours=7, minutes=59)) is not None
    assert user_of(engine, token, T0 + dt.timedelta(hours=8)) is None
    monkeypatch.setenv("LEARNING_CITY_SESSION_HOURS", "1")
    session_id, short = signed_in(engine)
    assert user_of(engine, short, T0 + dt.timedelta(minutes=59)) is not None
    assert user_of(engine, short, T0 + dt.timedelta(minutes=61)) is None
    assert (
        sessions.by_id(engine=engine, session_id=session_id, now=T0 + dt.timedelta(hours=2)) is None
    )


def test_a_sign_in_deletes_sessions_ended_over_a_month_ago_and_keeps_the_rest(
    engine: Engine,
) -> None:
    def stored() -> int:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM sessions")).scalar_one())

    def ids() -> set[int]:
        with engine.connect() as conn:
            return set(conn.execute(text("SELECT id FROM sessions")).scalars())

    old_id, _ = signed_in(engine, T0)  # expires 8 hours later
    ended_id, _ = signed_in(engine, T0 + dt.timedelta(days=20))
    sessions.end(engine=engine, session_id=ended_id, now=T0 + dt.timedelta(days=20))
    signed_in(engine, T0 + dt.timedelta(days=30))  # 30 days after: both still kept
    assert {old_id, ended_id} <= ids() and stored() == 3
    signed_in(engine, T0 + dt.timedelta(days=31))
    assert old_id not in ids() and ended_id in ids()  # expired over 30 days ago: gone
    later = T0 + dt.timedelta(days=51)
    _, newest = signed_in(engine, later)
    assert ended_id not in ids() and len(ids()) == 3  # ended on day 20: gone on day 51
    assert user_of(engine, newest, later) is not None


def test_sign_out_ends_this_browsers_session_only(engine: Engine) -> None:
    laptop_id, laptop = signed_in(engine)
    _, phone = signed_in(engine)
    assert sessions.end(engine=engine, token=laptop)
    assert user_of(engine, laptop) is None
    assert sessions.by_id(engine=engine, session_id=laptop_id, now=T0) is None
    assert user_of(engine, phone) is not None
    assert not sessions.end(engine=engine, token=laptop)  # already ended


def test_a_lock_ends_every_session_of_the_account(engine: Engine) -> None:
    _, token = signed_in(engine)
    limits = auth.SignInLimits(lock_after=2, window_seconds=600, backoff_seconds=0)
    for _ in range(2):
        result = auth.sign_in(
            engine=engine, name=NAME, password="sai", client="10.0.0.7", limits=limits
        )
    assert result.locked
    assert user_of(engine, token, dt.datetime.now(dt.UTC)) is None


def test_a_role_change_ends_the_sessions_and_the_next_sign_in_has_the_new_role(
    engine: Engine,
) -> None:
    _, token = signed_in(engine)
    auth.set_role(engine=engine, name=NAME, role="viewer", by="admin")
    assert user_of(engine, token) is None
    _, again = signed_in(engine)
    assert user_of(engine, again) == auth.User(NAME, "viewer")
    with pytest.raises(auth.AccountError):
        auth.set_role(engine=engine, name=NAME, role="owner", by="admin")


def test_a_password_change_ends_the_sessions(engine: Engine) -> None:
    _, token = signed_in(engine)
    auth.set_password(engine=engine, name=NAME, password="mật-khẩu-mới-2", by="admin")
    assert user_of(engine, token) is None
    assert auth.authenticate(engine=engine, name=NAME, password=PASSWORD) is None
    assert auth.authenticate(engine=engine, name=NAME, password="mật-khẩu-mới-2")


def test_the_command_line_changes_a_role_or_password_and_ends_the_sessions(
    empty_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = engine_for(empty_url)
    db.migrate(engine)
    auth.add_user(engine=engine, name=NAME, role="editor", password=PASSWORD)
    _, token = signed_in(engine)
    assert run(["user", "role", NAME, "--db", empty_url]) == 1  # no silent demotion
    assert user_of(engine, token) is not None
    assert run(["user", "role", NAME, "--role", "admin", "--db", empty_url]) == 0
    assert user_of(engine, token) is None
    _, token = signed_in(engine)
    assert user_of(engine, token) == auth.User(NAME, "admin")
    monkeypatch.setenv("LEARNING_CITY_PASSWORD", "mật-khẩu-mới-2")
    assert run(["user", "password", NAME, "--db", empty_url]) == 0
    assert user_of(engine, token) is None
    assert "sign-ins are ended" in capsys.readouterr().out
    assert run(["user", "password", "không-có-ai", "--db", empty_url]) == 1
    engine.dispose()


def test_a_deactivated_account_is_refused(engine: Engine) -> None:
    _, token = signed_in(engine)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE app_user SET active = :no WHERE name = :name"), {"no": False, "name": NAME}
        )
    assert user_of(engine, token) is None


# --- the sidebar, page run by page run ---------------------------------------------------------


@pytest.fixture
def account_url(seeded_then) -> Iterator[str]:  # type: ignore[no-untyped-def]
    url = seeded_then()
    engine = engine_for(url)
    auth.add_user(engine=engine, name=NAME, role="editor", password=PASSWORD)
    engine.dispose()
    yield url


def test_a_form_sign_in_hands_the_browser_a_claim_and_ends_on_a_role_change(
    account_url: str,
) -> None:
    at = app(account_url).run()
    at.sidebar.text_input(key="sign_in_name").input(NAME)
    at.sidebar.text_input(key="sign_in_pw").input(PASSWORD)
    at.sidebar.button[0].click().run()
    assert at.session_state["user"] == auth.User(NAME, "editor")
    assert "session_claim" not in at.session_state  # handed to the browser in that run
    at.run()
    assert at.session_state["user"] == auth.User(NAME, "editor")
    engine = engine_for(account_url)
    auth.set_role(engine=engine, name=NAME, role="viewer", by="admin")
    engine.dispose()
    at.run()  # the next click: signed out, and told why
    assert "user" not in at.session_state
    assert any("Phiên đăng nhập đã kết thúc" in i.value for i in at.sidebar.info)


def test_a_new_tab_with_the_cookie_is_signed_in_a_revoked_one_is_not(
    account_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = engine_for(account_url)
    _, token = signed_in(engine, dt.datetime.now(dt.UTC))
    monkeypatch.setattr(account, "_cookie_token", lambda: token)
    tab = app(account_url).run()
    assert tab.session_state["user"] == auth.User(NAME, "editor")
    assert any("Trần Thị B" in c.value for c in tab.sidebar.caption)
    sessions.end(engine=engine, token=token)
    engine.dispose()
    replayed = app(account_url).run()
    assert "user" not in replayed.session_state
    assert any("Phiên đăng nhập đã kết thúc" in i.value for i in replayed.sidebar.info)
    tab.run()  # the first tab, at its next click
    assert "user" not in tab.session_state
