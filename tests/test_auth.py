"""Sign-in limits and identities in dashboard.auth: back-off, lock window, OIDC identity."""

from __future__ import annotations

from dashboard import auth
from tests.conftest import PASSWORD, engine_for


def test_backoff_doubles_per_failure_and_failures_age_out_of_the_window(
    account_url: str,
) -> None:
    import datetime as dt

    limits = auth.SignInLimits(lock_after=100, window_seconds=600, backoff_seconds=2)
    engine = engine_for(account_url)
    t0 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)

    def attempt(seconds: float, password: str = "sai") -> auth.SignInResult:
        return auth.sign_in(
            engine=engine,
            name="Trần Thị B",
            password=password,
            client="10.0.0.7",
            limits=limits,
            now=t0 + dt.timedelta(seconds=seconds),
        )

    assert [attempt(s).wait_seconds for s in (0, 1, 2)] == [0, 0, 0]  # three free failures
    assert attempt(3).wait_seconds == 1  # 3 failures: 2 s after the last (at 2 s)
    assert attempt(4).wait_seconds == 0  # checked: the 4th failure, then 4 s to wait
    assert attempt(5).wait_seconds == 3
    assert attempt(8).wait_seconds == 0  # checked: the 5th failure, then 8 s
    assert attempt(9).wait_seconds == 7
    assert attempt(9, PASSWORD).user is None  # the right password waits too
    late = attempt(8 + 600 + 1, PASSWORD)  # the failures have left the window
    assert late.user == auth.User("Trần Thị B", "editor")
    engine.dispose()


def test_oidc_maps_email_or_subject_never_the_display_name() -> None:
    assert auth.oidc_identity({"name": "admin", "email": "b@sonla.gov.vn"}) == "b@sonla.gov.vn"
    assert auth.oidc_identity({"name": "admin", "sub": "1234"}) == "1234"
    assert auth.oidc_identity({"name": "admin"}) is None
