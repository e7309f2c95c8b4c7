"""The writes every import kind shares: the writer lock, the change log, sources, upserts.

Every write runs under one database-wide writer lock (BEGIN IMMEDIATE on SQLite, an advisory
transaction lock on PostgreSQL). Rows are written through `upsert` into a `Changes` log, so
`record` can store an ImportBatch with each row's before and after, exact enough to undo.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, Engine, LargeBinary, Table, insert, select, text
from sqlalchemy.orm import Session

from dashboard.data.models import (
    AdminUnit,
    AuditLog,
    Base,
    ChangeLog,
    Facility,
    ImportBatch,
    IndicatorValue,
    Recognition,
    Source,
    UnitDifficultyFlag,
)
from dashboard.loading.importer._read import key_text

SAMPLE_REMOVAL = "sample_removal"
APPLIED = "applied"
_PG_LOCK_KEY = 0x1C17  # one advisory lock for every importer write
_CHUNK = 500


@dataclass(frozen=True)
class _Tracked:
    model: type[Base]
    key: tuple[str, ...]
    columns: tuple[str, ...]  # what the change log keeps and an undo restores


def _all_columns(model: type[Base]) -> tuple[str, ...]:
    return tuple(c.name for c in model.__table__.columns)


TRACKED: dict[str, _Tracked] = {
    "indicator_value": _Tracked(
        IndicatorValue, ("indicator_code", "unit_id", "period"), _all_columns(IndicatorValue)
    ),
    "facility": _Tracked(Facility, ("kind", "name", "unit_id"), _all_columns(Facility)),
    "admin_unit": _Tracked(
        AdminUnit,
        ("gso_code", "vintage"),
        ("id", "gso_code", "vintage", "geometry_wkb", "geometry_source_id"),
    ),
    "source": _Tracked(Source, ("title", "url"), _all_columns(Source)),
}
# The plan area's tables (issue 14).
TRACKED |= {
    "unit_difficulty_flag": _Tracked(
        UnitDifficultyFlag, ("unit_id", "period"), _all_columns(UnitDifficultyFlag)
    ),
    "recognition": _Tracked(
        Recognition, ("recipient", "title", "decision_number"), _all_columns(Recognition)
    ),
}


def encode(table: str, row: Mapping[Any, Any] | Base) -> dict[str, Any]:
    """A row as JSON-ready values (dates ISO, bytes hex) of its tracked columns."""
    get = row.get if isinstance(row, Mapping) else lambda c: getattr(row, c)
    out: dict[str, Any] = {}
    for column in TRACKED[table].columns:
        value = get(column)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, bytes | memoryview):
            value = bytes(value).hex()
        out[column] = value
    return out


def table_of(name: str) -> Table:
    return Base.metadata.tables[name]


def decode(table: str, data: Mapping[str, Any]) -> dict[str, Any]:
    columns = table_of(table).columns
    out = dict(data)
    for name, value in data.items():
        if value is None:
            continue
        if isinstance(columns[name].type, Date):
            out[name] = dt.date.fromisoformat(value)
        elif isinstance(columns[name].type, LargeBinary):
            out[name] = bytes.fromhex(value)
    return out


def row_key(table: str, row: Mapping[Any, Any]) -> str:
    return json.dumps({k: row[k] for k in TRACKED[table].key}, sort_keys=True, ensure_ascii=False)


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session holding the importer's writer lock; the caller commits."""
    with Session(engine) as session:
        conn = session.connection()
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA busy_timeout = 60000")
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock before reading
        elif engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        try:
            yield session
        except BaseException:
            session.rollback()
            raise


class Changes:
    """Rows written in this transaction, logged once the batch has an id."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, dict[str, Any] | None, Base | dict[str, Any] | None]] = []
        self.counts = {"inserted": 0, "updated": 0, "unchanged": 0, "deleted": 0}

    def inserted(self, table: str, obj: Base) -> None:
        self.entries.append((table, None, obj))
        if table != "source":
            self.counts["inserted"] += 1

    def updated(self, table: str, before: dict[str, Any], obj: Base) -> None:
        self.entries.append((table, before, obj))
        self.counts["updated"] += 1

    def deleted(self, table: str, before: dict[str, Any]) -> None:
        self.entries.append((table, before, None))
        self.counts["deleted"] += 1

    def log_rows(self, import_id: int) -> list[dict[str, Any]]:
        rows = []
        for table, before, after in self.entries:
            after_json = None if after is None else encode(table, after)
            rows.append(
                {
                    "import_id": import_id,
                    "table_name": table,
                    "row_key": row_key(table, after_json or before or {}),
                    "before": None if before is None else json.dumps(before, ensure_ascii=False),
                    "after": None
                    if after_json is None
                    else json.dumps(after_json, ensure_ascii=False),
                }
            )
        return rows


class Sources:
    """Source ids by (title, url), matched after NFC and whitespace collapsing; new ones added."""

    def __init__(self, session: Session, changes: Changes) -> None:
        self.session, self.changes = session, changes
        self.ids = {
            (key_text(s.title), key_text(s.url or "")): s.id
            for s in session.execute(select(Source.id, Source.title, Source.url))
        }

    def id_for(self, title: str, url: str) -> int:
        key = (key_text(title), key_text(url))
        if key not in self.ids:
            source = Source(title=title, url=url, is_sample=False)
            self.session.add(source)
            self.session.flush()
            self.changes.inserted("source", source)
            self.ids[key] = source.id
        return self.ids[key]


def upsert(
    session: Session,
    changes: Changes,
    table: str,
    existing: dict[Any, Base],
    key: Any,
    values: dict[str, Any],
) -> None:
    obj = existing.get(key)
    if obj is None:
        obj = TRACKED[table].model(**values)
        session.add(obj)
        existing[key] = obj
        changes.inserted(table, obj)
        return
    before = encode(table, obj)
    diff = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if not diff:
        changes.counts["unchanged"] += 1
        return
    for name, value in diff.items():
        setattr(obj, name, value)
    changes.updated(table, before, obj)


def record(
    session: Session,
    changes: Changes,
    *,
    user: str,
    file_name: str,
    sha256: str,
    kind: str,
    source_id: int | None,
    extra: Mapping[str, Any],
) -> int:
    session.flush()
    now = dt.datetime.now(dt.UTC)
    summary = dict(changes.counts) | dict(extra)
    batch = ImportBatch(
        user_name=user,
        file_name=file_name,
        file_sha256=sha256,
        kind=kind,
        at=now,
        status=APPLIED,
        summary=json.dumps(summary, ensure_ascii=False),
        source_id=source_id,
    )
    session.add(batch)
    session.flush()
    for chunk in chunks(changes.log_rows(batch.id)):
        session.execute(insert(ChangeLog), chunk)
    session.add(
        AuditLog(
            at=now,
            user_name=user,
            action=kind if kind == SAMPLE_REMOVAL else "import",
            detail=json.dumps({"import_id": batch.id} | summary, ensure_ascii=False),
        )
    )
    return batch.id


def chunks(rows: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
