"""Accounts and roles. Every write path calls `require` on the server before it writes.

viewer: read only (anonymous, unless switched off); editor: import and edit;
admin: also manage users and undo any import. Passwords are stored as argon2 hashes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.data.models import ROLES, AppUser

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
    """An OIDC-signed-in user's role from the accounts table (viewer when unknown)."""
    with Session(engine) as session:
        account = session.scalars(
            select(AppUser).where(AppUser.name == name, AppUser.active)
        ).first()
    return User(name, account.role if account else "viewer")


def users(*, engine: Engine) -> list[tuple[str, str, bool]]:
    """Accounts as (name, role, active)."""
    with Session(engine) as session:
        return [
            (u.name, u.role, u.active)
            for u in session.scalars(select(AppUser).order_by(AppUser.name))
        ]
