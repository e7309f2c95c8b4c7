"""Accounts and roles. Every write path calls `require` on the server before it writes.

viewer: read only (anonymous, unless switched off); editor: import and edit;
admin: also manage users and undo any import. Passwords are stored as argon2 hashes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session

from dashboard import settings
from dashboard.data.models import (
    ROLES,
    AppUser,
    AuditLog,
    SignInFailure,
    SignInLock,
    SignInSession,
)

_HASHER = PasswordHasher()
RANK = {role: i for i, role in enumerate(ROLES)}
MIN_PASSWORD_LENGTH = 10


class PermissionDenied(PermissionError):
    """The user's role does not allow this action."""


class AccountError(ValueError):
    """An account that cannot be created or used as asked."""


@dataclass(frozen=True)
class User:
    """Who is acting: a name and a role (anonymous readers are viewers)."""

    name: str
    role: str

    def can(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]


ANONYMOUS = User("anonymous", "viewer")


def require(user: User | None, role: str) -> User:
    """The user, if their role is at least `role`; PermissionDenied otherwise."""
    if user is None or not user.can(role):
        who = "nobody signed in" if user is None else f"{user.name} is {user.role}"
        raise PermissionDenied(f"this needs the {role} role ({who})")
    return user


def add_user(*, engine: Engine, name: str, role: str, password: str | None) -> None:
    """Create an account; a password is required unless sign-in is by OIDC (None)."""
    name = " ".join(name.split())
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if not name:
        raise AccountError("the user name is empty")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    with Session(engine) as session, session.begin():
        if session.scalars(select(AppUser).where(AppUser.name == name)).first():
            raise AccountError(f"user {name} already exists")
        session.add(
            AppUser(
                name=name,
                role=role,
                active=True,
                created_at=dt.datetime.now(dt.UTC),
                password_hash=_HASHER.hash(password) if password is not None else None,
            )
        )


def authenticate(*, engine: Engine, name: str, password: str) -> User | None:
    """The user when the name and password match an active account; None otherwise."""
    with Session(engine) as session:
        account = session.scalars(
            select(AppUser).where(AppUser.name == " ".join(name.split()), AppUser.active)
        ).first()
        if account is None or account.password_hash is None:
            _HASHER.hash(password)  # same work either way: no timing hint that a name exists
            return None
        try:
            _HASHER.verify(account.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return User(account.name, account.role)


def role_of(*, engine: Engine, name: str) -> User:
    """An OIDC-signed-in user's role from the accounts table (viewer when unknown).

    `name` must be the identity provider's e-mail or subject, never its display name.
    """
    with Session(engine) as session:
        account = session.scalars(
            select(AppUser).where(AppUser.name == name, AppUser.active)
        ).first()
    return User(name, account.role if account else "viewer")


def oidc_identity(claims: Mapping[str, object]) -> str | None:
    """The local account name for OIDC claims: the e-mail, else the subject; never the name.

    A display name is chosen by its owner at the provider, so mapping it would let anyone
    call themselves "admin". None when the provider sent neither e-mail nor subject.
    """
    for claim in ("email", "sub"):
        value = claims.get(claim)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


# --- sign-in limits ---------------------------------------------------------------------------

FREE_FAILURES = 3  # failures within the window before the waiting starts
MAX_WAIT_SECONDS = 900


@dataclass(frozen=True)
class SignInLimits:
    """How failed sign-ins are limited (from the LEARNING_CITY_SIGN_IN_* settings)."""

    lock_after: int
    window_seconds: float
    backoff_seconds: float

    @classmethod
    def from_settings(cls) -> SignInLimits:
        return cls(
            lock_after=max(1, int(settings.read_number(settings.SIGN_IN_LOCK_AFTER))),
            window_seconds=settings.read_number(settings.SIGN_IN_WINDOW),
            backoff_seconds=settings.read_number(settings.SIGN_IN_BACKOFF),
        )

    def wait_after(self, failures: int) -> float:
        """Seconds to wait after the last of `failures` recent failures."""
        if failures < FREE_FAILURES or self.backoff_seconds <= 0:
            return 0.0
        return min(MAX_WAIT_SECONDS, self.backoff_seconds * 2 ** (failures - FREE_FAILURES))


@dataclass(frozen=True)
class SignInResult:
    """The outcome of a sign-in: the user, or why not (wait, locked, wrong name or password)."""

    user: User | None
    wait_seconds: int = 0
    locked: bool = False


def _account_key(name: str) -> str:
    return " ".join(name.split())[:100]


def _audit(session: Session, *, at: dt.datetime, user: str, action: str, detail: str) -> None:
    session.add(AuditLog(at=at, user_name=user[:100], action=action, detail=detail))


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)  # SQLite returns naive datetimes


def sign_in(
    *,
    engine: Engine,
    name: str,
    password: str,
    client: str,
    limits: SignInLimits | None = None,
    now: dt.datetime | None = None,
) -> SignInResult:
    """Check a password with limits: per account and per client, with backoff and a lock.

    While an account or client must wait, or the account is locked, the password is not
    checked at all. Every failure is recorded (sign_in_failure and audit_log).
    """
    limits = limits or SignInLimits.from_settings()
    now = now or dt.datetime.now(dt.UTC)
    account, client = _account_key(name), (client or "unknown")[:100]
    since = now - dt.timedelta(seconds=limits.window_seconds)
    with Session(engine) as session:
        if session.get(SignInLock, account) is not None:
            return SignInResult(None, locked=True)
        for column, value in ((SignInFailure.account, account), (SignInFailure.client, client)):
            count, last = session.execute(
                select(func.count(), func.max(SignInFailure.at)).where(
                    column == value, SignInFailure.at >= since
                )
            ).one()
            if last is not None:
                ready = _aware(last) + dt.timedelta(seconds=limits.wait_after(count))
                if ready > now:
                    return SignInResult(
                        None, wait_seconds=max(1, math.ceil((ready - now).total_seconds()))
                    )
    user = authenticate(engine=engine, name=name, password=password)
    if user is not None:
        return SignInResult(user)
    with Session(engine) as session, session.begin():
        session.add(SignInFailure(at=now, account=account, client=client))
        _audit(
            session,
            at=now,
            user=account,
            action="sign_in_failed",
            detail=f"failed sign-in for '{account}' from client {client}",
        )
        session.flush()
        recent = session.scalar(
            select(func.count()).where(SignInFailure.account == account, SignInFailure.at >= since)
        )
        if (recent or 0) >= limits.lock_after and session.get(SignInLock, account) is None:
            session.add(SignInLock(account=account, locked_at=now, failures=int(recent or 0)))
            revoke_sessions(session, name=account, reason="locked", now=now)
            _audit(
                session,
                at=now,
                user=account,
                action="sign_in_locked",
                detail=f"'{account}' locked after {recent} failed sign-ins",
            )
            return SignInResult(None, locked=True)
    return SignInResult(None)


def revoke_sessions(session: Session, *, name: str, reason: str, now: dt.datetime) -> int:
    """End every open sign-in session of the account called `name`; how many were open."""
    account_ids = select(AppUser.id).where(AppUser.name == name).scalar_subquery()
    result = session.execute(
        update(SignInSession)
        .where(SignInSession.account_id.in_(account_ids), SignInSession.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason[:40])
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _existing(session: Session, name: str) -> AppUser:
    account = session.scalars(select(AppUser).where(AppUser.name == _account_key(name))).first()
    if account is None:
        raise AccountError(f"no account named {_account_key(name)}")
    return account


def set_role(*, engine: Engine, name: str, role: str, by: str) -> None:
    """Give an account another role; its open sessions end (the next sign-in has the new role)."""
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    now = dt.datetime.now(dt.UTC)
    with Session(engine) as session, session.begin():
        account = _existing(session, name)
        old, account.role = account.role, role
        revoke_sessions(session, name=account.name, reason="role_changed", now=now)
        _audit(
            session,
            at=now,
            user=by,
            action="role_changed",
            detail=f"'{account.name}': {old} -> {role}",
        )


def set_password(*, engine: Engine, name: str, password: str, by: str) -> None:
    """Give an account a new password; its open sessions end."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    now = dt.datetime.now(dt.UTC)
    with Session(engine) as session, session.begin():
        account = _existing(session, name)
        account.password_hash = _HASHER.hash(password)
        revoke_sessions(session, name=account.name, reason="password_changed", now=now)
        _audit(
            session,
            at=now,
            user=by,
            action="password_changed",
            detail=f"password of '{account.name}' changed",
        )


def locked_accounts(*, engine: Engine) -> list[str]:
    """Names of locked accounts."""
    with Session(engine) as session:
        return list(session.scalars(select(SignInLock.account).order_by(SignInLock.account)))


def unlock(*, engine: Engine, name: str, by: str) -> bool:
    """Lift an account's lock and forget its failures; False when it was not locked."""
    account = _account_key(name)
    now = dt.datetime.now(dt.UTC)
    with Session(engine) as session, session.begin():
        lock = session.get(SignInLock, account)
        session.execute(delete(SignInFailure).where(SignInFailure.account == account))
        if lock is None:
            return False
        session.delete(lock)
        _audit(session, at=now, user=by, action="account_unlocked", detail=f"'{account}' unlocked")
    return True


def account_exists(*, engine: Engine, name: str) -> bool:
    """True when an active account has exactly this name (whitespace collapsed)."""
    with Session(engine) as session:
        return (
            session.scalars(
                select(AppUser.id).where(AppUser.name == " ".join(name.split()), AppUser.active)
            ).first()
            is not None
        )


def users(*, engine: Engine) -> list[tuple[str, str, bool]]:
    """Accounts as (name, role, active)."""
    with Session(engine) as session:
        return [
            (u.name, u.role, u.active)
            for u in session.scalars(select(AppUser).order_by(AppUser.name))
        ]


def audit(*, engine: Engine, user: str, action: str, detail: str) -> None:
    """One audit-log entry (sign-in events, command-line identity)."""
    with Session(engine) as session, session.begin():
        _audit(session, at=dt.datetime.now(dt.UTC), user=user, action=action, detail=detail)
