"""dashboard.web: the reader's address behind a trusted proxy, and the session cookie's routes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import Engine
from starlette.applications import Starlette

from dashboard import auth, sessions, web

PROXY = web.trusted_networks("10.0.0.5, 192.168.1.0/24")


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "trusted", "reader"),
    [
        # no proxy configured: the socket's address, whatever the header says
        ("203.0.113.7", "6.6.6.6", [], "203.0.113.7"),
        # a connection that is not the proxy: its own address, the header is ignored
        ("198.51.100.9", "6.6.6.6", PROXY, "198.51.100.9"),
        # the proxy: the address it appended (the last one), not what the browser wrote
        ("10.0.0.5", "6.6.6.6, 203.0.113.7", PROXY, "203.0.113.7"),
        ("10.0.0.5", "203.0.113.7", PROXY, "203.0.113.7"),
        # two trusted proxies in a row: the first untrusted address from the right
        ("10.0.0.5", "6.6.6.6, 203.0.113.7, 192.168.1.20", PROXY, "203.0.113.7"),
        # the proxy without a header: the proxy itself
        ("10.0.0.5", "", PROXY, "10.0.0.5"),
        # garbage in the header is not an address of a proxy: it is taken as written
        ("10.0.0.5", "not-an-address", PROXY, "not-an-address"),
        ("2001:db8::1", "6.6.6.6", web.trusted_networks("2001:db8::/64"), "6.6.6.6"),
        (None, "6.6.6.6", PROXY, None),
    ],
)
def test_forwarded_for_counts_only_from_the_trusted_proxy(
    peer: str | None, forwarded_for: str, trusted: list[Any], reader: str | None
) -> None:
    assert web.client_address(peer, forwarded_for, trusted) == reader


def test_a_wrong_proxy_setting_is_ignored_not_fatal() -> None:
    assert web.trusted_networks("proxy.example, 10.0.0.5,,") == web.trusted_networks("10.0.0.5")


def _seen_by_the_app(middleware: web.ForwardedClient, scope: dict[str, Any]) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    async def inner(scope: dict[str, Any], receive: Any, send: Any) -> None:
        seen.update(scope)

    middleware.app = inner
    asyncio.run(middleware(scope, None, None))  # type: ignore[arg-type]
    return seen


@pytest.mark.parametrize("kind", ["http", "websocket"])
def test_the_middleware_gives_streamlit_the_readers_address(kind: str) -> None:
    headers = [(b"x-forwarded-for", b"6.6.6.6, 203.0.113.7"), (b"x-forwarded-proto", b"https")]
    middleware = web.ForwardedClient(None, trusted="10.0.0.5")  # type: ignore[arg-type]
    behind = _seen_by_the_app(
        middleware, {"type": kind, "client": ("10.0.0.5", 4000), "headers": headers}
    )
    assert behind["client"][0] == "203.0.113.7"
    assert behind["scheme"] == ("https" if kind == "http" else "wss")
    direct = _seen_by_the_app(
        middleware, {"type": kind, "client": ("198.51.100.9", 4000), "headers": headers}
    )
    assert direct["client"][0] == "198.51.100.9" and "scheme" not in direct


# --- the cookie's routes ------------------------------------------------------------------------


def _post(
    engine: Engine,
    path: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    scheme: str = "http",
) -> tuple[int, list[str]]:
    """POST to the routes as a browser at http://dash.example would: (status, Set-Cookie)."""
    app = Starlette(routes=web.routes(open_engine=lambda: engine))
    sent: list[dict[str, Any]] = []
    raw = {"host": "dash.example", **(headers or {})}
    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "scheme": scheme,
        "server": ("dash.example", 80),
        "client": ("203.0.113.7", 5000),
        "headers": [(k.lower().encode(), v.encode()) for k, v in raw.items()],
        "http_version": "1.1",
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = sent[0]
    cookies = [v.decode() for k, v in start["headers"] if k == b"set-cookie"]
    return start["status"], cookies


SAME_SITE = {"origin": "http://dash.example"}


@pytest.fixture
def engine(migrated_engine: Engine) -> Engine:
    auth.add_user(engine=migrated_engine, name="bien-tap", role="editor", password="x" * 12)
    return migrated_engine


def test_the_claim_sets_an_httponly_lax_cookie_once(engine: Engine) -> None:
    opened = sessions.open_session(engine=engine, name="bien-tap")
    code = opened.claim_code.encode()
    assert _post(engine, "/account/session", code, {"origin": "https://evil.example"})[0] == 403
    assert _post(engine, "/account/session", code)[0] == 403  # no Origin at all
    status, (cookie,) = _post(engine, "/account/session", code, SAME_SITE)
    assert status == 204
    assert cookie.startswith(f"{sessions.COOKIE_NAME}=") and "HttpOnly" in cookie
    assert "SameSite=lax" in cookie and "Path=/" in cookie and "Secure" not in cookie
    max_age = int(cookie.split("Max-Age=")[1].split(";")[0])
    assert 8 * 3600 - 60 < max_age <= 8 * 3600
    token = cookie.split(";")[0].split("=", 1)[1]
    current = sessions.by_token(engine=engine, token=token)
    assert current is not None and current.user == auth.User("bien-tap", "editor")
    assert _post(engine, "/account/session", code, SAME_SITE) == (400, [])  # used
    over_https = sessions.open_session(engine=engine, name="bien-tap").claim_code.encode()
    https = {"origin": "https://dash.example"}
    assert "Secure" in _post(engine, "/account/session", over_https, https, "https")[1][0]


def test_sign_out_ends_the_cookies_session_and_clears_it(engine: Engine) -> None:
    opened = sessions.open_session(engine=engine, name="bien-tap")
    claimed = sessions.claim(engine=engine, code=opened.claim_code)
    assert claimed is not None
    cookie = {"cookie": f"{sessions.COOKIE_NAME}={claimed.token}"}
    assert _post(engine, "/account/sign-out", headers=cookie)[0] == 403  # not from our page
    assert sessions.by_token(engine=engine, token=claimed.token) is not None
    status, (cleared,) = _post(engine, "/account/sign-out", headers={**cookie, **SAME_SITE})
    assert status == 204 and "Max-Age=0" in cleared
    assert sessions.by_token(engine=engine, token=claimed.token) is None


def test_routes_follow_the_base_url_path() -> None:
    paths = [r.path for r in web.routes(open_engine=lambda: None, base="/dash/")]  # type: ignore[arg-type,return-value]
    assert paths == ["/dash/account/session", "/dash/account/sign-out"]
