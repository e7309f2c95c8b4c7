"""Write a checked plan in one transaction, with an audit trail exact enough to undo it.

Every write (import, sample removal, undo) runs under one database-wide writer lock
(BEGIN IMMEDIATE on SQLite, an advisory transaction lock on PostgreSQL), so imports started
at the same time run one after the other and each sees the other's rows.

Decisions:
- An import that would change nothing is not recorded (no ImportBatch); it returns
  `import_id=None` with every row counted as unchanged.
- An import is undone only if every row it wrote is still as it left it. A later applied
  import that changed the same rows must be undone first (newest first); a change made
  outside imports (a seed, a national load) makes the undo refuse as well.
- Sources an import added are removed by its undo when nothing else cites them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import (
    Date,
    Engine,
    LargeBinary,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from dashboard.data.models import (
    AdminUnit,
    AuditLog,
    Base,
    ChangeLog,
    Facility,
    ImportBatch,
    IndicatorValue,
    LiteracyStandard,
    Recognition,
    Source,
    Target,
    UnitCrosswalk,
    UnitDifficultyFlag,
)
from dashboard.loading.importer._checks import (
    BOUNDARIES,
    DIFFICULTY_FLAGS,
    FACILITIES,
    INDICATOR_VALUES,
    RECOGNITIONS,
    ImportPlan,
)
from dashboard.loading.importer._read import ImporterError, key_text

SAMPLE_REMOVAL = "sample_removal"
APPLIED, UNDONE = "applied", "undone"
_PG_LOCK_KEY = 0x1C17  # one advisory lock for every importer write
_CHUNK = 500


class PlanNotValid(ImporterError):
    """apply_plan was given a plan with problems."""


class UndoRefused(ImporterError):
    """An import that cannot be undone exactly; the message says why and what to do."""


@dataclass(frozen=True)
class ImportResult:
    """What an import (or a dry run, or a sample removal) did; import_id None: nothing recorded."""

    import_id: int | None
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


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


def _encode(table: str, row: Mapping[Any, Any] | Base) -> dict[str, Any]:
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


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _decode(table: str, data: Mapping[str, Any]) -> dict[str, Any]:
    columns = _table(table).columns
    out = dict(data)
    for name, value in data.items():
        if value is None:
            continue
        if isinstance(columns[name].type, Date):
            out[name] = dt.date.fromisoformat(value)
        elif isinstance(columns[name].type, LargeBinary):
            out[name] = bytes.fromhex(value)
    return out


def _key(table: str, row: Mapping[Any, Any]) -> str:
    return json.dumps({k: row[k] for k in TRACKED[table].key}, sort_keys=True, ensure_ascii=False)


@contextmanager
def _write_session(engine: Engine) -> Iterator[Session]:
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


class _Changes:
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
            after_json = None if after is None else _encode(table, after)
            rows.append(
                {
                    "import_id": import_id,
                    "table_name": table,
                    "row_key": _key(table, after_json or before or {}),
                    "before": None if before is None else json.dumps(before, ensure_ascii=False),
                    "after": None
                    if after_json is None
                    else json.dumps(after_json, ensure_ascii=False),
                }
            )
        return rows


class _Sources:
    """Source ids by (title, url), matched after NFC and whitespace collapsing; new ones added."""

    def __init__(self, session: Session, changes: _Changes) -> None:
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


def _upsert(
    session: Session,
    changes: _Changes,
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
    before = _encode(table, obj)
    diff = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if not diff:
        changes.counts["unchanged"] += 1
        return
    for name, value in diff.items():
        setattr(obj, name, value)
    changes.updated(table, before, obj)


def _apply_values(session: Session, plan: ImportPlan, changes: _Changes) -> None:
    sources = _Sources(session, changes)
    codes = sorted({r["indicator"] for r in plan.rows})
    periods = sorted({r["_period"] for r in plan.rows})
    existing: dict[Any, Base] = {
        (v.indicator_code, v.unit_id, v.period): v
        for v in session.scalars(
            select(IndicatorValue).where(
                IndicatorValue.indicator_code.in_(codes), IndicatorValue.period.in_(periods)
            )
        )
    }
    for r in plan.rows:
        values = {
            "indicator_code": r["indicator"],
            "unit_id": r["_unit_id"],
            "period": r["_period"],
            "period_end": r["_period_end"],
            "period_label": r["period"],
            "value": r["value"],
            "numerator": r["numerator"],
            "denominator": r["denominator"],
            "source_id": sources.id_for(r["source_title"], r["source_url"]),
            "is_sample": r["is_sample"],
            "note": r["note"],
        }
        key = (values["indicator_code"], values["unit_id"], values["period"])
        _upsert(session, changes, "indicator_value", existing, key, values)


def _apply_facilities(session: Session, plan: ImportPlan, changes: _Changes) -> None:
    sources = _Sources(session, changes)
    existing: dict[Any, Any] = {
        (f.kind, key_text(f.name), f.unit_id): f for f in session.scalars(select(Facility))
    }
    for r in plan.rows:
        key = (r["kind"], key_text(r["name"]), r["_unit_id"])
        current = existing.get(key)
        values = {
            "kind": r["kind"],
            "name": current.name if current else r["name"],
            "unit_id": r["_unit_id"],
            "lon": r["lon"],
            "lat": r["lat"],
            "location_precision": r["location_precision"],
            "source_id": sources.id_for(r["source_title"], r["source_url"]),
            "is_sample": r["is_sample"],
            "note": r["note"],
        }
        _upsert(session, changes, "facility", existing, key, values)


def _apply_boundaries(session: Session, plan: ImportPlan, changes: _Changes) -> None:
    sources = _Sources(session, changes)
    ids = [r["_unit_id"] for r in plan.rows]
    existing: dict[Any, Base] = {
        u.id: u for u in session.scalars(select(AdminUnit).where(AdminUnit.id.in_(ids)))
    }
    for r in plan.rows:
        values = {
            "geometry_wkb": r["_geometry_wkb"],
            "geometry_source_id": sources.id_for(r["source_title"], r["source_url"]),
        }
        _upsert(session, changes, "admin_unit", existing, r["_unit_id"], values)


def _record(
    session: Session,
    changes: _Changes,
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
    for chunk in _chunks(changes.log_rows(batch.id)):
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


def _chunks(rows: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def apply_plan(
    *, engine: Engine, plan: ImportPlan, user: str, dry_run: bool = False
) -> ImportResult:
    """Write a checked plan in one transaction (or, with dry_run, count what it would do)."""
    if not plan.ok:
        raise PlanNotValid(
            f"{plan.path}: the file has {len(plan.problems)} problem(s); nothing was written"
        )
    apply = {
        INDICATOR_VALUES: _apply_values,
        FACILITIES: _apply_facilities,
        BOUNDARIES: _apply_boundaries,
        DIFFICULTY_FLAGS: _apply_difficulty_flags,
        RECOGNITIONS: _apply_recognitions,
    }[plan.kind]
    with _write_session(engine) as session:
        changes = _Changes()
        apply(session, plan, changes)
        counts = changes.counts
        result = ImportResult(None, counts["inserted"], counts["updated"], counts["unchanged"])
        if dry_run or not changes.entries:
            session.rollback()
            return result
        source_id = None
        if plan.source_title:
            source_id = _Sources(session, _Changes()).ids.get(
                (key_text(plan.source_title), key_text(plan.source_url or ""))
            )
        extra = {
            "rows": len(plan.rows),
            "source_title": plan.source_title,
            "source_url": plan.source_url,
        }
        import_id = _record(
            session,
            changes,
            user=user,
            file_name=plan.path.name,
            sha256=plan.file_sha256,
            kind=plan.kind,
            source_id=source_id,
            extra=extra,
        )
        session.commit()
    return ImportResult(import_id, result.inserted, result.updated, result.unchanged)


def remove_sample_data(*, engine: Engine, user: str) -> ImportResult:
    """Delete every sample figure, facility, flag and recognition, as a batch that can be undone."""
    with _write_session(engine) as session:
        changes = _Changes()
        per_table: dict[str, int] = {}
        for table in ("indicator_value", "facility", "unit_difficulty_flag", "recognition"):
            t = _table(table)
            rows = session.execute(select(t).where(t.c.is_sample.is_(True))).mappings().all()
            for row in rows:
                changes.deleted(table, _encode(table, row))
            per_table[table] = len(rows)
            session.execute(delete(t).where(t.c.is_sample.is_(True)))
        if not changes.entries:
            session.rollback()
            return ImportResult(None)
        import_id = _record(
            session,
            changes,
            user=user,
            file_name="(sample data)",
            sha256="",
            kind=SAMPLE_REMOVAL,
            source_id=None,
            extra=per_table,
        )
        session.commit()
    return ImportResult(import_id, deleted=changes.counts["deleted"])


def _current_rows(session: Session, table: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    t = _table(table)
    out: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        for row in session.execute(select(t).where(t.c.id.in_(chunk))).mappings():
            out[row["id"]] = _encode(table, row)
    return out


def _existing_keys(session: Session, table: str) -> set[str]:
    t = _table(table)
    key = TRACKED[table].key
    return {_key(table, row) for row in session.execute(select(*(t.c[k] for k in key))).mappings()}


def _cited(session: Session, source_id: int, import_id: int) -> bool:
    for model, column in (
        (IndicatorValue, "source_id"),
        (Facility, "source_id"),
        (Target, "source_id"),
        (UnitCrosswalk, "source_id"),
        (LiteracyStandard, "source_id"),
        (AdminUnit, "geometry_source_id"),
        (UnitDifficultyFlag, "source_id"),
        (Recognition, "source_id"),
    ):
        c = model.__table__.c[column]
        if session.execute(select(func.count()).where(c == source_id)).scalar_one():
            return True
    return bool(
        session.execute(
            select(func.count())
            .select_from(ImportBatch)
            .where(ImportBatch.source_id == source_id, ImportBatch.id != import_id)
        ).scalar_one()
    )


def undo_import(*, engine: Engine, import_id: int, user: str) -> None:
    """Restore every row an import wrote to its previous version; UndoRefused when unsafe."""
    with _write_session(engine) as session:
        batch = session.get(ImportBatch, import_id)
        if batch is None:
            raise UndoRefused(f"there is no import {import_id}")
        if batch.status != APPLIED:
            raise UndoRefused(f"import {import_id} is already {batch.status}")
        logs = session.scalars(
            select(ChangeLog).where(ChangeLog.import_id == import_id).order_by(ChangeLog.id)
        ).all()
        data_logs = [x for x in logs if x.table_name != "source"]
        keys = {(x.table_name, x.row_key) for x in data_logs}
        later: dict[int, int] = {}
        for other, table, key in session.execute(
            select(ChangeLog.import_id, ChangeLog.table_name, ChangeLog.row_key)
            .join(ImportBatch, ImportBatch.id == ChangeLog.import_id)
            .where(ImportBatch.id > import_id, ImportBatch.status == APPLIED)
        ):
            if (table, key) in keys:
                later[other] = later.get(other, 0) + 1
        if later:
            names = ", ".join(f"import {i} ({n} row(s))" for i, n in sorted(later.items()))
            newest = max(later)
            raise UndoRefused(
                f"import {import_id} cannot be undone: later {names} changed the same rows; "
                f"undo the later import(s) first, newest first (import {newest})"
            )
        _check_unchanged(session, import_id, data_logs)
        _restore(session, data_logs)
        for entry in [x for x in logs if x.table_name == "source" and x.after]:
            source_id = json.loads(entry.after or "{}")["id"]
            if not _cited(session, source_id, import_id):
                if batch.source_id == source_id:
                    batch.source_id = None
                    session.flush()
                session.execute(delete(Source).where(Source.id == source_id))
        now = dt.datetime.now(dt.UTC)
        summary = json.loads(batch.summary or "{}")
        batch.summary = json.dumps(
            summary | {"undone_by": user, "undone_at": now.isoformat()}, ensure_ascii=False
        )
        batch.status = UNDONE
        session.add(
            AuditLog(
                at=now, user_name=user, action="undo", detail=json.dumps({"import_id": import_id})
            )
        )
        session.commit()


def _check_unchanged(session: Session, import_id: int, logs: Sequence[ChangeLog]) -> None:
    """Every row must still be as the import left it, or undoing would lose someone's change."""
    by_table: dict[str, list[ChangeLog]] = {}
    for entry in logs:
        by_table.setdefault(entry.table_name, []).append(entry)
    drifted = 0
    for table, entries in by_table.items():
        afters = [json.loads(e.after) for e in entries if e.after]
        current = _current_rows(session, table, [a["id"] for a in afters])
        drifted += sum(1 for a in afters if current.get(a["id"]) != a)
        if any(e.after is None for e in entries):
            present = _existing_keys(session, table)
            drifted += sum(1 for e in entries if e.after is None and e.row_key in present)
    if drifted:
        raise UndoRefused(
            f"import {import_id} cannot be undone: {drifted} of its rows were changed since "
            "outside imports (by a seed or a national load, say); undoing would lose that change"
        )


def _restore(session: Session, logs: Sequence[ChangeLog]) -> None:
    """Put every logged row back: delete what was inserted, restore what was updated or deleted.

    Within one import each row appears once and keys never change, so the operations are
    grouped (deletes, updates, inserts) rather than replayed one by one.
    """
    by_table: dict[str, list[ChangeLog]] = {}
    for entry in logs:
        by_table.setdefault(entry.table_name, []).append(entry)
    for table, entries in by_table.items():
        t = _table(table)
        inserted = [json.loads(e.after)["id"] for e in entries if e.before is None and e.after]
        for chunk in _chunks(inserted):
            session.execute(delete(t).where(t.c.id.in_(chunk)))
        updated = [
            {"_id": json.loads(e.after)["id"]}
            | {k: v for k, v in _decode(table, json.loads(e.before)).items() if k != "id"}
            for e in entries
            if e.before and e.after
        ]
        if updated:
            columns = [c for c in updated[0] if c != "_id"]
            stmt = update(t).where(t.c.id == bindparam("_id"))
            session.execute(stmt.values({c: bindparam(c) for c in columns}), updated)
        deleted = [
            _decode(table, json.loads(e.before)) for e in entries if e.after is None and e.before
        ]
        for chunk in _chunks(deleted):
            session.execute(insert(t), chunk)


def import_history(*, engine: Engine) -> pd.DataFrame:
    """Every recorded import, newest first: id, at, user, file, kind, counts, summary, status."""
    with engine.connect() as conn:
        batches = conn.execute(select(ImportBatch).order_by(ImportBatch.id.desc())).all()
    records = []
    for b in batches:
        summary = json.loads(b.summary or "{}")
        counts = {
            k: int(summary.get(k, 0)) for k in ("inserted", "updated", "unchanged", "deleted")
        }
        shown = ("deleted",) if b.kind == SAMPLE_REMOVAL else ("inserted", "updated", "unchanged")
        text_ = ", ".join(f"{k} {counts[k]}" for k in shown)
        if summary.get("undone_by"):
            text_ += f"; undone by {summary['undone_by']} at {summary['undone_at'][:16]}"
        at = b.at if b.at.tzinfo else b.at.replace(tzinfo=dt.UTC)
        records.append(
            {
                "id": b.id,
                "at": at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
                "user": b.user_name,
                "file": b.file_name,
                "kind": b.kind,
                **counts,
                "summary": text_,
                "status": b.status,
                "sha256": b.file_sha256,
            }
        )
    columns = [
        "id",
        "at",
        "user",
        "file",
        "kind",
        "inserted",
        "updated",
        "unchanged",
        "deleted",
        "summary",
        "status",
        "sha256",
    ]
    return pd.DataFrame(records, columns=columns)


# -- the plan area's kinds (issue 14) ---------------------------------------------------------


def _apply_difficulty_flags(session: Session, plan: ImportPlan, changes: _Changes) -> None:
    """Insert or update each unit's flag for the period (a corrected list replaces it)."""
    sources = _Sources(session, changes)
    existing: dict[Any, Base] = {
        (f.unit_id, f.period): f for f in session.scalars(select(UnitDifficultyFlag))
    }
    for r in plan.rows:
        values = {
            "unit_id": r["_unit_id"],
            "period": r["_period"],
            "period_end": r["_period_end"],
            "flagged": bool(r["particularly_difficult"]),
            "source_id": sources.id_for(r["source_title"], r["source_url"]),
            "is_sample": r["is_sample"],
            "note": r["note"],
        }
        key = (values["unit_id"], values["period"])
        _upsert(session, changes, "unit_difficulty_flag", existing, key, values)


def _apply_recognitions(session: Session, plan: ImportPlan, changes: _Changes) -> None:
    """Insert each recognition (the checks refused any already recorded)."""
    sources = _Sources(session, changes)
    existing: dict[Any, Base] = {}
    for r in plan.rows:
        values = {
            "recipient": r["recipient"],
            "recipient_kind": r["recipient_kind"],
            "unit_id": r["_unit_id"],
            "kind": r["kind"],
            "level": r["level"],
            "title": r["title"],
            "decision_number": r["decision_number"],
            "decision_date": r["_decision_date"],
            "issuing_body": r["issuing_body"],
            "source_id": sources.id_for(r["source_title"], r["source_url"]),
            "is_sample": r["is_sample"],
            "note": r["note"],
        }
        key = (values["recipient"], values["title"], values["decision_number"])
        _upsert(session, changes, "recognition", existing, key, values)
