"""The sign-in box: a reader told to wait reads the wait with the right plural."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from dashboard import auth
from dashboard.cli import run
from tests.app_support import _try, app
from tests.conftest import PASSWORD, engine_for


def _told_to_wait(url: str, lang: str, seconds: int, monkeypatch: pytest.MonkeyPatch) -> str:
    def waiting(**_: object) -> auth.SignInResult:
        return auth.SignInResult(None, wait_seconds=seconds)

    monkeypatch.setattr(auth, "sign_in", waiting)
    at: AppTest = app(url, lang=lang).run()
    at.sidebar.text_input(key="sign_in_name").input("Trần Thị B")
    at.sidebar.text_input(key="sign_in_pw").input("sai")
    at.sidebar.button[0].click().run()
    assert not at.exception
    return "\n".join(e.value for e in at.sidebar.error)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # wording: one backend is enough
@pytest.mark.parametrize(
    ("lang", "seconds", "shown"),
    [
        ("en", 1, "Too many failed sign-ins. Try again in 1 second."),
        ("en", 2, "Too many failed sign-ins. Try again in 2 seconds."),
        ("vi", 1, "Quá nhiều lần đăng nhập sai. Hãy thử lại sau 1 giây."),
        ("vi", 2, "Quá nhiều lần đăng nhập sai. Hãy thử lại sau 2 giây."),
    ],
)
def test_the_sign_in_wait_reads_one_second_or_two_seconds(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch, lang: str, seconds: int, shown: str
) -> None:
    assert _told_to_wait(seeded_url, lang, seconds, monkeypatch) == shown


def _failures(url: str) -> int:
    engine = engine_for(url)
    with engine.connect() as conn:
        n = conn.execute(
            text("SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed'")
        ).scalar_one()
    engine.dispose()
    return int(n)


def test_thirty_wrong_passwords_make_the_reader_wait(
    account_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNING_CITY_SIGN_IN_BACKOFF", "30")
    at = app(account_url).run()
    messages = [_try(at, "Trần Thị B", f"sai-{i}") for i in range(30)]
    assert all("Sai tên" in m for m in messages[:3])
    assert all("giây" in m for m in messages[3:])  # "thử lại sau N giây"
    assert _failures(account_url) == 3  # while waiting, passwords are not even checked
    fresh = app(account_url).run()  # a fresh session, the right password: still waiting
    assert "giây" in _try(fresh, "Trần Thị B", PASSWORD)
    assert "user" not in fresh.session_state
    other = app(account_url).run()  # the same client trying another account waits too
    assert "giây" in _try(other, "admin", "sai-mật-khẩu")


def test_repeated_failures_lock_the_account_until_an_admin_unlocks(
    account_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEARNING_CITY_SIGN_IN_BACKOFF", "0")
    monkeypatch.setenv("LEARNING_CITY_SIGN_IN_LOCK_AFTER", "5")
    at = app(account_url).run()
    messages = [_try(at, "Trần Thị B", f"sai-{i}") for i in range(30)]
    assert all("Sai tên" in m for m in messages[:4])
    assert all("khóa" in m for m in messages[4:])
    assert _failures(account_url) == 5
    for _ in range(2):  # fresh sessions with the right password stay out
        fresh = app(account_url).run()
        assert "khóa" in _try(fresh, "Trần Thị B", PASSWORD)
        assert "user" not in fresh.session_state
    assert run(["user", "list", "--db", account_url]) == 0
    assert "locked" in capsys.readouterr().out
    assert run(["user", "unlock", "Trần Thị B", "--db", account_url]) == 0
    fresh = app(account_url).run()
    assert _try(fresh, "Trần Thị B", PASSWORD) == ""
    assert fresh.session_state["user"] == auth.User("Trần Thị B", "editor")
    engine = engine_for(account_url)
    with engine.connect() as conn:
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_log ORDER BY id"))]
    engine.dispose()
    assert actions.count("sign_in_locked") == 1 and actions[-1] == "account_unlocked"
