"""The sign-in box: a reader told to wait reads the wait with the right plural."""

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth
from tests.test_pages import app


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
