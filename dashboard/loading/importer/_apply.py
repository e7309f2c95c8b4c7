"""Write a checked plan in one transaction (each kind's module writes its rows); undo; history.

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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

import dashboard.loading.importer.boundaries as boundaries
import dashboard.loading.importer.difficulty_flags as difficulty_flags
import dashboard.loading.importer.facilities as facilities
import dashboard.loading.importer.figures as figures
import dashboard.loading.importer.recognitions as recognitions
from dashboard.data.models import (
    AdminUnit,
    AuditLog,
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
from dashboard.loading.importer._read import ImporterError, key_text
from dashboard.loading.importer._shared import (
    BOUNDARIES,
    DIFFICULTY_FLAGS,
    FACILITIES,
    INDICATOR_VALUES,
    RECOGNITIONS,
    ImportPlan,
)
from dashboard.loading.importer._writes import (
    APPLIED,
    SAMPLE_REMOVAL,
    TRACKED,
    Changes,
    Sources,
    chunks,
    decode,
    encode,
    record,
    row_key,
    table_of,
    write_session,
)

UNDONE = "undone"


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


def apply_plan(
    *, engine: Engine, plan: ImportPlan, user: str, dry_run: bool = False
) -> ImportResult:
    """Write a checked plan in one transaction (or, with dry_run, count what it would do)."""
    if not plan.ok:
        raise PlanNotValid(
            f"{plan.path}: the file has {len(plan.problems)} problem(s); nothing was written"
        )
    apply = {
        INDICATOR_VALUES: figures.apply_rows,
        FACILITIES: facilities.apply_rows,
        BOUNDARIES: boundaries.apply_rows,
        DIFFICULTY_FLAGS: difficulty_flags.apply_rows,
        RECOGNITIONS: recognitions.apply_rows,
    }[plan.kind]
    with write_session(engine) as session:
        changes = Changes()
        apply(session, plan, changes)
        counts = changes.counts
        result = ImportResult(None, counts["inserted"], counts["updated"], counts["unchanged"])
        if dry_run or not changes.entries:
            session.rollback()
            return result
        source_id = None
        if plan.source_title:
            source_id = Sources(session, Changes()).ids.get(
                (key_text(plan.source_title), key_text(plan.source_url or ""))
            )
        extra = {
            "rows": len(plan.rows),
            "source_title": plan.source_title,
            "source_url": plan.source_url,
        }
        import_id = record(
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
    with write_session(engine) as session:
        changes = Changes()
        per_table: dict[str, int] = {}
        for table in ("indicator_value", "facility", "unit_difficulty_flag", "recognition"):
            t = table_of(table)
            rows = session.execute(select(t).where(t.c.is_sample.is_(True))).mappings().all()
            for row in rows:
                changes.deleted(table, encode(table, row))
            per_table[table] = len(rows)
            session.execute(delete(t).where(t.c.is_sample.is_(True)))
        if not changes.entries:
            session.rollback()
            return ImportResult(None)
        import_id = record(
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
    t = table_of(table)
    out: dict[int, dict[str, Any]] = {}
    for chunk in chunks(ids):
        for row in session.execute(select(t).where(t.c.id.in_(chunk))).mappings():
            out[row["id"]] = encode(table, row)
    return out


def _existing_keys(session: Session, table: str) -> set[str]:
    t = table_of(table)
    key = TRACKED[table].key
    return {
        row_key(table, row) for row in session.execute(select(*(t.c[k] for k in key))).mappings()
    }


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
    with write_session(engine) as session:
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
        t = table_of(table)
        inserted = [json.loads(e.after)["id"] for e in entries if e.before is None and e.after]
        for chunk in chunks(inserted):
            session.execute(delete(t).where(t.c.id.in_(chunk)))
        updated = [
            {"_id": json.loads(e.after)["id"]}
            | {k: v for k, v in decode(table, json.loads(e.before)).items() if k != "id"}
            for e in entries
            if e.before and e.after
        ]
        if updated:
            columns = [c for c in updated[0] if c != "_id"]
            stmt = update(t).where(t.c.id == bindparam("_id"))
            session.execute(stmt.values({c: bindparam(c) for c in columns}), updated)
        deleted = [
            decode(table, json.loads(e.before)) for e in entries if e.after is None and e.before
        ]
        for chunk in chunks(deleted):
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
