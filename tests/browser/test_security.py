"""Issue 11 in Chromium: PostgreSQL stopped and restarted in the middle of a browser session.

The test starts its own PostgreSQL cluster on a free port (never the shared server), serves
the dashboard on it with `streamlit run`, stops the cluster while the page is open, and
restarts it: the page shows the bilingual banner instead of a traceback, then comes back by
itself (the banner's fragment retries every few seconds), with no reload by the reader.
Server memory: resident size of the streamlit process may grow by at most SERVER_BOUND_MB.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from dashboard.data import db
from dashboard.loading.seed import seed
from dashboard.ui.cache import RETRY_SECONDS
from tests.browser_support import (
    chromium,
    http_get,
    offline_page,
    screenshot_on_failure,
    streamlit_server,
    wait_for_run,
)
from tests.conftest import engine_for
from tests.postgres_support import Cluster, own_postgres

__all__ = ["chromium", "offline_page", "own_postgres"]

SERVER_BOUND_MB = 100
BANNER_VI = "Không kết nối được cơ sở dữ liệu"
BANNER_EN = "The database cannot be reached"


def _rss_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmRSS")


@pytest.fixture
def served_on_own_postgres(
    own_postgres: Cluster, tmp_path: Path
) -> Iterator[tuple[str, int, Path]]:
    admin = create_engine(own_postgres.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE learning_city"))
    admin.dispose()
    url = own_postgres.url("learning_city")
    engine = engine_for(url)
    db.migrate(engine)
    seed(engine, include_sample=False)
    engine.dispose()
    with streamlit_server(url, tmp_path) as (base, proc):
        yield base, proc.pid, tmp_path / "streamlit.log"


def test_postgres_stopped_and_restarted_in_a_browser_session(
    served_on_own_postgres: tuple[str, int, Path], own_postgres: Cluster, offline_page: Any
) -> None:
    base, pid, log_path = served_on_own_postgres
    page, traffic = offline_page
    with screenshot_on_failure(page, "security-postgres-outage"):
        page.goto(f"{base}/?lang=en")
        wait_for_run(page)
        page.locator(".lc-figure").first.wait_for(timeout=30_000)
        rss_before = _rss_mb(pid)

        own_postgres.stop()
        # mid-session: the reader moves to another page without reloading
        page.get_by_role("link", name="Indicators").first.click()
        banner = page.get_by_text(BANNER_EN)
        banner.wait_for(timeout=30_000)
        assert page.locator("[data-testid='stException']").count() == 0
        body = page.locator("[data-testid='stMain']").inner_text()
        assert "OperationalError" not in body and "Traceback" not in body
        # the retrying fragment keeps the page alive: still the banner after a retry or two
        page.wait_for_timeout(RETRY_SECONDS * 1000 + 1500)
        assert banner.is_visible()
        assert page.locator("[data-testid='stException']").count() == 0

        own_postgres.start()
        # no reload, no click: the fragment's retry reruns the page once the server answers
        banner.wait_for(state="detached", timeout=(RETRY_SECONDS * 3) * 1000)
        page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=30_000)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.get_by_text(BANNER_EN).count() == 0
        growth = _rss_mb(pid) - rss_before
        assert growth < SERVER_BOUND_MB, f"server grew {growth} MB"
        assert http_get(f"{base}/_stcore/health")[2].strip() == b"ok"
    assert not traffic.external and not traffic.errors
    log_text = log_path.read_text(errors="replace")
    assert "database unreachable" in log_text  # the server log has the reason


EDITOR, EDITOR_PASSWORD = "bien-tap", "mật-khẩu-dài-1"


@pytest.fixture(scope="module")
def app_with_editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on SQLite with one editor account."""
    from tests.browser_support import serve_app

    with pytest.MonkeyPatch.context() as patch:  # the CLI reads the new account's password
        patch.setenv("LEARNING_CITY_PASSWORD", EDITOR_PASSWORD)
        with serve_app(
            tmp_path_factory,
            name="browser_security",
            seed=("seed", "--no-sample"),
            setup=[("user", "add", EDITOR, "--role", "editor")],
        ) as base:
            yield base


def test_the_server_refuses_an_upload_over_50_mb(app_with_editor: str, offline_page: Any) -> None:
    """The browser's own 50 MB check is bypassed: the same request, replayed with 60 MB."""
    page, traffic = offline_page
    uploads: list[tuple[str, dict[str, str]]] = []
    page.on(
        "request",
        lambda r: (
            uploads.append((r.url, r.headers))
            if "/_stcore/upload_file/" in r.url and r.method == "PUT"
            else None
        ),
    )
    with screenshot_on_failure(page, "security-upload-limit"):
        page.goto(f"{app_with_editor}/?lang=en")
        wait_for_run(page)
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.get_by_text("Sign in").first.click()
        sidebar.get_by_role("textbox", name="User name").fill(EDITOR)
        sidebar.get_by_role("textbox", name="Password").fill(EDITOR_PASSWORD)
        sidebar.get_by_role("button", name="Sign in").click()
        sidebar.get_by_text("Signed in").first.wait_for(timeout=30_000)
        wait_for_run(page)
        more = sidebar.get_by_text(re.compile(r"View \d+ more"))
        if more.count():  # long navigation lists are folded
            more.first.click()
        page.get_by_role("link", name="Data (import, history)").first.click()
        dropzone = page.locator("[data-testid='stFileUploaderDropzoneInput']")
        dropzone.wait_for(state="attached", timeout=30_000)
        dropzone.set_input_files(
            files=[{"name": "so_lieu.csv", "mimeType": "text/csv", "buffer": b"a,b\n1,2\n"}]
        )
        page.wait_for_timeout(1500)
        assert uploads, "the small upload was not sent"
        url, headers = uploads[0]
        big = page.request.put(
            url,
            multipart={
                "file": {"name": "so_lieu.csv", "mimeType": "text/csv", "buffer": b"a" * (60 << 20)}
            },
            headers={k: v for k, v in headers.items() if k.lower() == "x-xsrftoken"},
        )
        assert big.status == 413, big.status
        again = page.request.put(  # the same request under the limit is taken
            url,
            multipart={"file": {"name": "so_lieu.csv", "mimeType": "text/csv", "buffer": b"a,b\n"}},
            headers={k: v for k, v in headers.items() if k.lower() == "x-xsrftoken"},
        )
        assert again.status in (200, 204), again.status
    assert not traffic.external
