"""HTTP routes and middleware served beside the dashboard (st.App in streamlit_app.py).

* POST /account/session: the page trades its one-time claim code for the HttpOnly session
  cookie (a Streamlit script cannot set one itself);
* POST /account/sign-out: ends the cookie's session and clears the cookie;
* ForwardedClient: the reader's address behind a trusted proxy (LEARNING_CITY_TRUSTED_PROXY),
  for the per-client sign-in limit; anyone else's X-Forwarded-For is ignored.

Both routes answer only same-origin requests (the Origin header must name the Host), and the
cookie is SameSite=Lax, so another site can neither sign a reader in nor out.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from dashboard import sessions, settings
from dashboard.data import db

log = logging.getLogger("dashboard")

SESSION_PATH = "account/session"
SIGN_OUT_PATH = "account/sign-out"
MAX_CLAIM_BYTES = 200

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def url_path(base: str, path: str) -> str:
    """`path` under Streamlit's server.baseUrlPath (`base`, with or without slashes)."""
    base = base.strip("/")
    return f"/{base}/{path}" if base else f"/{path}"


# --- the reader's address -----------------------------------------------------------------------


def trusted_networks(value: str) -> list[Network]:
    """The proxies named by LEARNING_CITY_TRUSTED_PROXY (addresses or networks, commas)."""
    networks = []
    for item in value.split(","):
        if item := item.strip():
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                log.warning("LEARNING_CITY_TRUSTED_PROXY: %r is not an address; ignored", item)
    return networks


def _is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(peer: str | None, forwarded_for: str, trusted: Sequence[Network]) -> str | None:
    """Who is connecting: `peer` (the socket's address), unless `peer` is a trusted proxy.

    From a trusted proxy, X-Forwarded-For is read from the right (each proxy appends the
    address it saw): the first address that is not itself a trusted proxy is the reader's.
    Entries to its left were written by the reader's browser and prove nothing.
    """
    if peer is None or not _is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer


class ForwardedClient:
    """ASGI middleware: the connection's client (and scheme) as the trusted proxy saw them.

    st.context.ip_address then reads the reader's address on the websocket.
    """

    def __init__(self, app: ASGIApp, trusted: str = "") -> None:
        self.app = app
        self.trusted = trusted_networks(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.trusted:
            client = scope.get("client")
            peer = client[0] if client else None
            if peer is not None and _is_trusted(peer, self.trusted):
                headers = {k.lower(): v for k, v in scope.get("headers", [])}
                forwarded = b", ".join(
                    v for k, v in scope.get("headers", []) if k.lower() == b"x-forwarded-for"
                ).decode("latin-1")
                address = client_address(peer, forwarded, self.trusted)
                scope = dict(scope, client=(address, 0))
                proto = headers.get(b"x-forwarded-proto", b"").decode("latin-1").strip()
                if proto in ("http", "https"):
                    ws = scope["type"] == "websocket"
                    scope["scheme"] = proto.replace("http", "ws") if ws else proto
        await self.app(scope, receive, send)


def middleware() -> list[Middleware]:
    """Middleware for st.App: the reader's address behind the configured proxy."""
    return [Middleware(ForwardedClient, trusted=settings.read(settings.TRUSTED_PROXY))]


# --- the session cookie -------------------------------------------------------------------------


def same_origin(request: Request) -> bool:
    """True when the request comes from a page of this site (Origin names the Host)."""
    origin, host = request.headers.get("origin", ""), request.headers.get("host", "")
    return bool(origin and host) and urlsplit(origin).netloc.lower() == host.lower()


def _cookie_response(status: int) -> Response:
    return Response(status_code=status, headers={"Cache-Control": "no-store"})


def _claim(open_engine: Callable[[], Engine], code: str) -> sessions.Claimed | None:
    return sessions.claim(engine=open_engine(), code=code)


def _end(open_engine: Callable[[], Engine], token: str) -> None:
    sessions.end(engine=open_engine(), token=token)


def routes(*, open_engine: Callable[[], Engine], base: str = "") -> list[Route]:
    """The session routes under `base` (server.baseUrlPath); `open_engine` gives the database."""
    cookie_path = url_path(base, "").rstrip("/") or "/"

    def set_cookie(response: Response, request: Request, token: str, seconds: int) -> None:
        response.set_cookie(
            sessions.COOKIE_NAME,
            token,
            max_age=seconds,
            path=cookie_path,
            secure=request.url.scheme == "https",
            httponly=True,
            samesite="lax",
        )

    async def session(request: Request) -> Response:
        if not same_origin(request):
            return _cookie_response(403)
        code = (await request.body())[:MAX_CLAIM_BYTES].decode("ascii", "replace").strip()
        try:
            claimed = await run_in_threadpool(_claim, open_engine, code) if code else None
        except (db.DatabaseError, SQLAlchemyError) as exc:
            log.warning("session claim without a database: %s", type(exc).__name__)
            return _cookie_response(503)
        if claimed is None:
            return _cookie_response(400)
        response = _cookie_response(204)
        left = claimed.expires_at - dt.datetime.now(dt.UTC)
        set_cookie(response, request, claimed.token, max(1, int(left.total_seconds())))
        return response

    async def sign_out(request: Request) -> Response:
        if not same_origin(request):
            return _cookie_response(403)
        if token := request.cookies.get(sessions.COOKIE_NAME):
            try:
                await run_in_threadpool(_end, open_engine, token)
            except (db.DatabaseError, SQLAlchemyError) as exc:
                log.warning("sign-out without a database: %s", type(exc).__name__)
        response = _cookie_response(204)
        set_cookie(response, request, "", 0)
        return response

    return [
        Route(url_path(base, SESSION_PATH), session, methods=["POST"]),
        Route(url_path(base, SIGN_OUT_PATH), sign_out, methods=["POST"]),
    ]
