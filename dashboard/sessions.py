"""Sign-in sessions that outlast a page: a reload, a link, a new tab, another replica.

A password sign-in opens a session row and hands the page a one-time claim code; the browser
trades it at once (POST /account/session, dashboard.web) for an HttpOnly cookie holding a random
token. Only SHA-256 hashes of the code and the token are stored. Each page run checks the
session again: not expired (LEARNING_CITY_SESSION_HOURS), not revoked, the account still
active, and takes the account's role as it is now. Sign-out ends the browser's session; a lock,
a role change or a password change end all of the account's sessions (dashboard.auth).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, delete, or_, select, update
from sqlalchemy.orm import Session

from dashboard import settings
from dashboard.auth import User
from dashboard.data.models import AppUser, SignInSession

COOKIE_NAME = "lc_session"
CLAIM_SECONDS = 60  # the page trades its claim code for the cookie right after the sign-in
SEEN_EVERY_SECONDS = 60  # last_seen_at is written at most this often per session
KEEP_ENDED_DAYS = 30  # an expired or ended session stays this long (who signed in when), then goes


def digest(secret: str) -> str:
    """The stored form of a token or claim code (SHA-256, hex): a leaked table signs no one in."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def lifetime() -> dt.timedelta:
    """How long a sign-in lasts (LEARNING_CITY_SESSION_HOURS; at least 15 minutes)."""
    return dt.timedelta(hours=max(0.25, settings.read_number(settings.SESSION_HOURS)))


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)  # SQLite returns naive datetimes


@dataclass(frozen=True)
class Opened:
    """A new session: its id (the page keeps it) and the one-time code the browser claims."""

    session_id: int
    claim_code: str


@dataclass(frozen=True)
class Claimed:
    """The cookie a claim earns: the token and when it expires."""

    token: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class Current:
    """A valid session: which one, and who with the account's role as it is now."""

    session_id: int
    user: User


def open_session(*, engine: Engine, name: str, now: dt.datetime | None = None) -> Opened:
    """Open a session for the active account `name` (just signed in with its password).

    Each sign-in also deletes sessions that expired or ended over KEEP_ENDED_DAYS ago, so the
    table holds about a month of sign-ins however long the dashboard runs.
    """
    now = _now(now)
    code = secrets.token_urlsafe(32)
    with Session(engine) as session, session.begin():
        cutoff = now - dt.timedelta(days=KEEP_ENDED_DAYS)
        session.execute(
            delete(SignInSession).where(
                or_(SignInSession.expires_at < cutoff, SignInSession.revoked_at < cutoff)
            )
        )
        account_id = session.scalars(
            select(AppUser.id).where(AppUser.name == name, AppUser.active)
        ).one()
        row = SignInSession(
            account_id=account_id,
            token_hash=digest(code),
            created_at=now,
            expires_at=now + lifetime(),
            last_seen_at=now,
        )
        session.add(row)
        session.flush()
        return Opened(row.id, code)


def claim(*, engine: Engine, code: str, now: dt.datetime | None = None) -> Claimed | None:
    """Trade a fresh, unused claim code for the cookie's token; None when it cannot be."""
    now = _now(now)
    token = secrets.token_urlsafe(32)
    with Session(engine) as session, session.begin():
        row = session.scalars(
            select(SignInSession).where(SignInSession.token_hash == digest(code))
        ).first()
        if (
            row is None
            or row.claimed_at is not None
            or row.revoked_at is not None
            or _aware(row.created_at) + dt.timedelta(seconds=CLAIM_SECONDS) < now
            or _aware(row.expires_at) <= now
        ):
            return None
        changed = session.execute(  # one claim only, even when two requests race
            update(SignInSession)
            .where(SignInSession.id == row.id, SignInSession.claimed_at.is_(None))
            .values(token_hash=digest(token), claimed_at=now)
        )
        if not changed.rowcount:  # type: ignore[attr-defined]
            return None
        return Claimed(token, _aware(row.expires_at))


def _current(session: Session, where: object, now: dt.datetime) -> Current | None:
    found = session.execute(
        select(SignInSession, AppUser)
        .join(AppUser, AppUser.id == SignInSession.account_id)
        .where(where)  # type: ignore[arg-type]
    ).first()
    if found is None:
        return None
    row, account = found
    if row.revoked_at is not None or _aware(row.expires_at) <= now or not account.active:
        return None
    if _aware(row.last_seen_at) + dt.timedelta(seconds=SEEN_EVERY_SECONDS) < now:
        row.last_seen_at = now
    return Current(row.id, User(account.name, account.role))


def by_token(*, engine: Engine, token: str, now: dt.datetime | None = None) -> Current | None:
    """The session a browser's cookie token names, if it is still valid."""
    now = _now(now)
    with Session(engine) as session, session.begin():
        return _current(
            session,
            (SignInSession.token_hash == digest(token)) & SignInSession.claimed_at.is_not(None),
            now,
        )


def by_id(*, engine: Engine, session_id: int, now: dt.datetime | None = None) -> Current | None:
    """The session a page signed in to (it keeps the id in its server-side state), if valid."""
    now = _now(now)
    with Session(engine) as session, session.begin():
        return _current(session, SignInSession.id == session_id, now)


def end(
    *,
    engine: Engine,
    session_id: int | None = None,
    token: str | None = None,
    reason: str = "signed_out",
    now: dt.datetime | None = None,
) -> bool:
    """End one session, named by id or by its cookie token; False when none was open."""
    now = _now(now)
    if session_id is not None:
        where = SignInSession.id == session_id
    elif token:
        where = SignInSession.token_hash == digest(token)
    else:
        return False
    with Session(engine) as session, session.begin():
        result = session.execute(
            update(SignInSession)
            .where(where, SignInSession.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason=reason[:40])
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
