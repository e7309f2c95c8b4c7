"""Two replicas over one PostgreSQL database behind nginx (deploy/): sessions stick, one may die.

Sessions are opened the way a browser opens them, through the proxy: the page load (which hands
out the sticky-session cookie), then Streamlit's websocket with a rerun of the Indicators page
(`bench.load.Viewer`). Skips with the reason where nginx or PostgreSQL is missing; fails instead
when LEARNING_CITY_REQUIRE_POSTGRES=1 or LEARNING_CITY_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import os
import re
import urllib.request
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import brotli
import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load import OURS, Viewer
from dashboard import auth, sessions
from dashboard.data import db
from deploy import bundle, replicas
from tests.browser_support import Traffic, chromium, offline_page, wait_for_map
from tests.conftest import REPO

T = TypeVar("T")

__all__ = ["chromium", "offline_page"]  # fixtures

pytestmark = pytest.mark.postgres


def _require(reason: str) -> None:
    required = [
        name
        for name in ("LEARNING_CITY_REQUIRE_POSTGRES", "LEARNING_CITY_REQUIRE_BROWSER")
        if os.environ.get(name) == "1"
    ]
    if required:
        pytest.fail(f"{reason} ({'=1, '.join(required)}=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[replicas.Deployment]:
    if reason := replicas.missing():
        _require(reason)
    with replicas.running(tmp_path_factory.mktemp("replicas")) as running:
        yield running


async def _session(base: str, cookie: str = "") -> Viewer:
    """A viewer that loaded the page, opened its websocket and saw one run finish, then left."""
    viewer = Viewer(base, OURS, cookie=cookie)
    try:
        await viewer.open()
        await viewer.change(0)  # a filter change reruns on the same replica's session
    finally:
        await viewer.close()
    return viewer


def run_async(work: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: a browser test's sync Playwright, still open in this
    worker, keeps an event loop running in the main thread."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, work).result()


def session(base: str, cookie: str = "") -> Viewer:
    return run_async(_session(base, cookie))


def _get(url: str, **headers: str) -> tuple[int, dict[str, list[str]], bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310 (loopback)
        all_headers: dict[str, list[str]] = {}
        for key, value in resp.headers.items():
            all_headers.setdefault(key.lower(), []).append(value)
        return resp.status, all_headers, resp.read()


def test_proxy_health_and_static_bundle(deployment: replicas.Deployment) -> None:
    status, _, body = _get(f"{deployment.url}/healthz")
    assert (status, body.strip()) == (200, b"ok")

    _, _, page = _get(f"{deployment.url}/indicators")
    bundle = re.search(rb'src="\./(static/js/[^"]+\.js)"', page)
    assert bundle, "no script of Streamlit's bundle in the page"
    status, headers, body = _get(f"{deployment.url}/{bundle[1].decode()}", **{
        "Accept-Encoding": "gzip"
    })  # fmt: skip
    assert status == 200
    assert headers.get("content-encoding") == ["gzip"], headers
    assert len(gzip.decompress(body)) > 2 * len(body)  # compressed, and well
    cache = ", ".join(headers.get("cache-control", []))
    assert "max-age=31536000" in cache and "immutable" in cache, cache
    assert headers.get("expires"), headers


def test_first_visit_files_come_from_disk_compressed_with_the_lighter_fonts(
    deployment: replicas.Deployment,
) -> None:
    """What a first visit downloads most of: the bundle in Brotli where the browser takes it
    (else gzip), the icon and text fonts reduced, Leaflet compressed, none of it from a replica."""
    _, _, page = _get(f"{deployment.url}/indicators")
    script = re.search(rb'src="\./(static/js/[^"]+\.js)"', page)
    assert script
    url = f"{deployment.url}/{script[1].decode()}"
    _, gzipped_headers, gzipped = _get(url, **{"Accept-Encoding": "gzip"})
    _, headers, body = _get(url, **{"Accept-Encoding": "gzip, deflate, br, zstd"})
    if replicas.BROTLI_MODULE.exists():
        assert headers.get("content-encoding") == ["br"], headers
        assert brotli.decompress(body) == gzip.decompress(gzipped)
        assert len(body) < 0.9 * len(gzipped)
    else:
        assert headers.get("content-encoding") == ["gzip"], headers

    media = bundle.streamlit_static() / "media"
    for family, at_most in ((bundle.ICON_FONT, 0.1), ("SourceSansVF-Upright", 0.7)):
        name = bundle.font_file(media, family).name
        status, headers, font = _get(f"{deployment.url}/static/media/{name}")
        assert status == 200 and "x-served-by" not in headers, headers
        assert len(font) < at_most * (media / name).stat().st_size

    _, headers, leaflet = _get(
        f"{deployment.url}/app/static/vendor/leaflet/leaflet.js", **{"Accept-Encoding": "gzip"}
    )
    assert headers.get("content-encoding") == ["gzip"] and "x-served-by" not in headers, headers
    assert gzip.decompress(leaflet) == (REPO / "static/vendor/leaflet/leaflet.js").read_bytes()

    # The map frame: its page revalidated on each visit, its content-hashed script kept a year.
    component = f"{deployment.url}/component/{bundle.MAP_COMPONENT}"
    _, headers, frame = _get(f"{component}/index.html")
    assert "no-cache" in headers.get("cache-control", []) and "x-served-by" not in headers
    script = re.search(rb'src="\./(static/js/main\.[0-9a-f]+\.js)"', frame)
    assert script, frame
    _, headers, _ = _get(f"{component}/{script[1].decode()}", **{"Accept-Encoding": "gzip"})
    assert headers.get("content-encoding") == ["gzip"] and "x-served-by" not in headers, headers
    assert "immutable" in ", ".join(headers.get("cache-control", [])), headers


# The words the page sets in the icon font (each an icon's name, which the font draws as the
# icon when it has it, and as the word when it does not), and whether the fonts have loaded.
ICON_WORDS_JS = """() => [...new Set([...document.querySelectorAll('body *')]
    .filter((e) => !e.children.length && getComputedStyle(e).fontFamily.includes('Material'))
    .map((e) => e.textContent.trim()))]"""
FONTS_JS = """() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family)"""


def test_through_the_proxy_every_icon_is_drawn_as_an_icon(
    deployment: replicas.Deployment, offline_page: tuple[Any, Traffic]
) -> None:
    """With the icon font reduced, an icon it lost would show as its name in words."""
    page, traffic = offline_page
    page.goto(f"{deployment.url}/indicators?indicator=learning_families_share")
    wait_for_map(page)
    page.wait_for_function("document.fonts.status === 'loaded'")
    words = page.evaluate(ICON_WORDS_JS)
    media = bundle.cached() / "static" / "media"
    drawn = bundle.ligatures(bundle.font_file(media, bundle.ICON_FONT))
    assert len(words) > 3 and [w for w in words if w not in drawn] == []
    assert {"Material Symbols Rounded", "Source Sans"} <= set(page.evaluate(FONTS_JS))
    assert (traffic.external, traffic.failed, traffic.errors) == ([], [], [])


@dataclass
class Reader(Viewer):
    """A viewer that also keeps the text it was shown (markdown and captions)."""

    texts: list[str] = field(default_factory=list)

    def _read(self, data: bytes) -> bool:
        fwd = ForwardMsg()
        fwd.ParseFromString(data)
        if fwd.WhichOneof("type") == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            if element.WhichOneof("type") == "markdown":
                self.texts.append(element.markdown.body)
        return super()._read(data)


async def _read_page(base: str, cookie: str) -> Reader:
    reader = Reader(base, OURS, cookie=cookie)
    try:
        await reader.open()
    finally:
        await reader.close()
    return reader


def test_a_sign_in_holds_on_every_replica(deployment: replicas.Deployment) -> None:
    """The cookie is set through nginx by one replica; any replica then knows the editor."""
    engine = db.make_engine(db.DatabaseChoice(deployment.db_url, "--db"))
    auth.add_user(engine=engine, name="bien-tap", role="editor", password="mật-khẩu-dài-1")
    opened = sessions.open_session(engine=engine, name="bien-tap")
    request = urllib.request.Request(
        f"{deployment.url}/account/session",
        data=opened.claim_code.encode(),
        headers={"Origin": deployment.url},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310 (loopback)
        assert resp.status == 204
        cookie = resp.headers["Set-Cookie"].split(";")[0]
    assert cookie.startswith("lc_session=")
    signed_in: set[str] = set()
    for _ in range(20):  # new browsers with that cookie, spread over the replicas by nginx
        reader = run_async(_read_page(deployment.url, cookie))
        assert any("bien-tap" in text for text in reader.texts), reader.texts[:5]
        signed_in.add(reader.replica)
        if len(signed_in) == len(deployment.replicas):
            break
    assert signed_in == {r.address for r in deployment.replicas}
    sessions.end(engine=engine, session_id=opened.session_id)
    reader = run_async(_read_page(deployment.url, cookie))
    assert not any("bien-tap" in text for text in reader.texts)
    engine.dispose()


def test_a_session_sticks_to_one_replica_and_survives_losing_it(
    deployment: replicas.Deployment,
) -> None:
    first = session(deployment.url)
    assert len(first.latencies) == 2 and not first.exceptions
    assert "lc_replica=" in first.cookie, first.cookie
    served = first.replica
    assert served in {r.address for r in deployment.replicas}, served
    # The websocket went where the page load went, and so does the same browser's next tab.
    assert first.page_served_by == first.served_by == served  # one try each, same replica
    again = session(deployment.url, cookie=first.cookie)
    assert (again.page_served_by, again.served_by) == (served, served)
    # Different browsers spread over both replicas (20 random keys all on one: p = 2e-6).
    others = {session(deployment.url).replica for _ in range(20)}
    assert others == {r.address for r in deployment.replicas}, others

    deployment.replica(served).stop()
    survivor = next(r.address for r in deployment.replicas if r.address != served)
    # A new browser, and the browser whose replica died, are both served by the other one
    # (nginx may first try the dead one: X-Served-By then reads "dead, survivor").
    fresh = session(deployment.url)
    assert fresh.replica == survivor and len(fresh.latencies) == 2, fresh.served_by
    moved = session(deployment.url, cookie=first.cookie)
    assert moved.replica == survivor and len(moved.latencies) == 2, moved.served_by
    assert moved.page_served_by.endswith(survivor), moved.page_served_by
    assert not fresh.exceptions and not moved.exceptions
    status, _, body = _get(f"{deployment.url}/healthz")
    assert (status, body.strip()) == (200, b"ok")


def test_nginx_config_renders_every_placeholder(tmp_path: Path) -> None:
    conf = replicas.render_config(tmp_path, "127.0.0.1:8600", [8601, 8602], tmp_path / "b")
    assert "${" not in conf
    assert conf.count("server 127.0.0.1:86") == 2
    assert "hash $lc_replica_key consistent;" in conf
