"""Recognitions (learning titles, honours): their columns, the checks of each row and the write.

A row names a recipient, what it was recognised as, at which level, and the decision (number,
date, issuing body); the unit is matched as it was on the decision's date. A recognition
already recorded is refused, never written twice.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard.data.models import (
    RECIPIENT_KINDS,
    RECOGNITION_KINDS,
    RECOGNITION_LEVELS,
    Base,
    Recognition,
)
from dashboard.loading.importer._read import RawTable, key_text
from dashboard.loading.importer._shared import (
    RECOGNITIONS,
    Bad,
    Checker,
    ImportPlan,
    cell_text,
    load_reference,
    parse_date,
)
from dashboard.loading.importer._writes import Changes, Sources, upsert

KIND = RECOGNITIONS
REQUIRED_COLUMNS = (
    "recipient",
    "recipient_kind",
    "unit_code",
    "kind",
    "level",
    "title",
    "decision_number",
    "decision_date",
    "issuing_body",
)
OPTIONAL_COLUMNS = ("source_title", "source_url", "note", "is_sample")
PREVIEW_COLUMNS = (
    "row",
    "recipient",
    "recipient_kind",
    "unit_code",
    "unit_name",
    "kind",
    "level",
    "title",
    "decision_number",
    "decision_date",
    "issuing_body",
    "source_title",
    "source_url",
)
COLUMN_ALIASES_VI: dict[str, str] = {
    "người, đơn vị được công nhận": "recipient",
    "loại người nhận": "recipient_kind",
    "loại công nhận": "kind",
    "cấp": "level",
    "danh hiệu": "title",
    "số quyết định": "decision_number",
    "ngày quyết định": "decision_date",
    "cơ quan ban hành": "issuing_body",
}
RECIPIENT_KIND_ALIASES_VI: dict[str, str] = {
    "đơn vị": "unit",
    "trường học": "school",
    "trường": "school",
    "cơ sở": "facility",
    "tập thể": "collective",
    "cá nhân": "person",
}
RECOGNITION_KIND_ALIASES_VI: dict[str, str] = {
    "đơn vị học tập": "learning_unit",
    "cộng đồng học tập": "learning_community",
    "gia đình học tập": "learning_family",
    "dòng họ học tập": "learning_clan",
    "công dân học tập": "learning_citizen",
    "khen thưởng": "honour",
}
RECOGNITION_LEVEL_ALIASES_VI: dict[str, str] = {
    "xã": "commune",
    "cấp xã": "commune",
    "huyện": "district",
    "cấp huyện": "district",
    "tỉnh": "provincial",
    "cấp tỉnh": "provincial",
    "trung ương": "national",
    "quốc gia": "national",
}


def _choice(text: str, allowed: tuple[str, ...], aliases: dict[str, str], what: str) -> str:
    code = text if text in allowed else aliases.get(key_text(text).casefold())
    if code is None:
        raise Bad(f"unknown {what} '{text}' (one of: {', '.join(allowed)})")
    return code


def _recognition_key(recipient: str, title: str, decision: str) -> tuple[str, str, str]:
    return tuple(key_text(x).casefold() for x in (recipient, title, decision))  # type: ignore[return-value]


class RecognitionChecker(Checker):
    """Checks recognitions: recipient, kind, level, a past decision and the unit then."""

    def recognition(self, row: int, cells: list[object]) -> dict[str, Any]:
        out: dict[str, Any] = {"row": row}
        for column in ("recipient", "title", "decision_number", "issuing_body"):
            text = self.required_text(row, cells, column)
            out[column] = key_text(text) if text else None
        for column, allowed, aliases, what in (
            ("recipient_kind", RECIPIENT_KINDS, RECIPIENT_KIND_ALIASES_VI, "recipient kind"),
            ("kind", RECOGNITION_KINDS, RECOGNITION_KIND_ALIASES_VI, "recognition kind"),
            ("level", RECOGNITION_LEVELS, RECOGNITION_LEVEL_ALIASES_VI, "level"),
        ):
            text = self.required_text(row, cells, column)
            out[column] = text
            if text:
                out[column] = self.guard(
                    row, column, functools.partial(_choice, text, allowed, aliases, what)
                )
        date_text = self.required_text(row, cells, "decision_date")
        decided = None
        if date_text:
            decided = self.guard(row, "decision_date", lambda: parse_date(date_text))
        if decided is not None and decided > dt.date.today():
            self.problem(
                row, "decision_date", f"decision date {decided.isoformat()} is in the future"
            )
            decided = None
        out["decision_date"] = decided.isoformat() if decided else date_text
        out["_decision_date"] = decided
        if decided is not None:
            out |= self.unit_at(row, cells, decided, "the decision is dated")
        else:
            out["unit_code"] = cell_text(self.cell(cells, "unit_code"))
        self.common(row, cells, out)
        if out["is_sample"] and out.get("recipient_kind") == "person":
            self.problem(
                row,
                "recipient_kind",
                "a sample recognition names a unit, school, facility or collective, never a person",
            )
        return out


def _existing_recognitions(engine: Engine) -> dict[tuple[str, str, str], int]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                Recognition.id,
                Recognition.recipient,
                Recognition.title,
                Recognition.decision_number,
            )
        ).all()
    return {_recognition_key(r.recipient, r.title, r.decision_number): r.id for r in rows}


def check_rows(engine: Engine, plan: ImportPlan, table: RawTable, index: dict[str, int]) -> None:
    """Check every row of a recognition file into `plan`, refusing any already recorded."""
    checker = RecognitionChecker(plan, table, load_reference(engine), index)
    for row, cells in table.rows:
        plan.rows.append(checker.recognition(row, cells))
    checker.report_missing_sources()
    keyed = [
        (r["row"], _recognition_key(r["recipient"], r["title"], r["decision_number"]))
        for r in plan.rows
        if r.get("recipient") and r.get("title") and r.get("decision_number")
    ]
    checker.duplicates(keyed, "recipient", "recipient, title and decision")
    recorded = _existing_recognitions(engine)
    for row, key in keyed:
        if key in recorded:
            checker.problem(
                row,
                "recipient",
                "this recipient already has this title by this decision "
                f"(recognition {recorded[key]}); duplicates are refused",
            )


def apply_rows(session: Session, plan: ImportPlan, changes: Changes) -> None:
    """Insert each recognition (the checks refused any already recorded)."""
    sources = Sources(session, changes)
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
        upsert(session, changes, "recognition", existing, key, values)
