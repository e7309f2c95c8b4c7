"""dashboard.ui.cache: a database that goes away and comes back, and an unexpected error.

Each case: no exception element, a message a reader can act on, memory bounded.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from dashboard.data import db
from dashboard.loading.seed import seed
from tests.app_support import PAGES, _try, all_text, app, assert_no_trace, figure_cards
from tests.conftest import PASSWORD, engine_for
from tests.hostile_support import peak_growth, reset_peak
from tests.postgres_support import Cluster, own_postgres

__all__ = ["own_postgres"]  # a fixture, used as an argument

OUTAGE_BOUND_MB = 100  # the whole stop/restart of PostgreSQL across six pages


BANNER = "Không kết nối được cơ sở dữ liệu"


def test_postgres_stopped_and_restarted_mid_session(own_postgres: Cluster) -> None:
    admin = create_engine(own_postgres.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE learning_city"))
    admin.dispose()
    url = own_postgres.url("learning_city")
    engine = engine_for(url)
    db.migrate(engine)
    seed(engine, include_sample=False)
    engine.dispose()

    at = app(url).run()
    assert_no_trace(at)
    assert figure_cards(at) and not any(BANNER in w.value for w in at.warning)
    start = reset_peak()

    own_postgres.stop()
    for page in PAGES:
        at.switch_page(page).run()
        assert_no_trace(at)
        assert any(BANNER in w.value for w in at.warning), (page, all_text(at)[:300])
        assert not at.error  # no other message competes with the banner
    at.run()  # the retry itself does not break anything
    assert_no_trace(at)
    # signing in while the server is down: a message in the sidebar, not an error page
    assert BANNER in _try(at, "Trần Thị B", PASSWORD)
    assert "user" not in at.session_state

    own_postgres.start()
    at.switch_page("pages/overview.py").run()
    assert_no_trace(at)
    assert not any(BANNER in w.value for w in at.warning)
    assert figure_cards(at)  # the figures are back, from the same cached engine
    growth = peak_growth(start)
    print(f"[memory] PostgreSQL stopped and restarted: peak RSS +{growth} MB")
    assert growth < OUTAGE_BOUND_MB


def test_an_unexpected_error_shows_an_error_id_and_logs_the_trace(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from dashboard.ui import derived

    def broken(*_: object, **__: object) -> object:
        raise RuntimeError("secret detail /srv/learning_city/app.py")

    monkeypatch.setattr(derived, "sources", broken)  # what the Sources page reads
    at = app(seeded_url, lang="en").run()
    at.switch_page("pages/sources.py").run()
    assert_no_trace(at)
    (message,) = [e.value for e in at.error]
    assert "Reload the page" in message and "secret" not in message
    error_id = message.split("error id ")[1].split()[0]
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and logged[0].exc_info and "secret detail" in str(logged[0].exc_info[1])
