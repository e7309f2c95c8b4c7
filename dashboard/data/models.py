"""SQLAlchemy 2.0 typed models: the data model every page, import and export shares."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from dashboard.domain.periods import EndPart, Period, PeriodError, PeriodKind, parse_code
from dashboard.domain.units import Vintage

# Administrative vintages: Vietnam abolished districts on 1 Jul 2025.
VINTAGE_PRE_2025 = Vintage.PRE_2025.value
VINTAGE_POST_2025 = Vintage.POST_2025.value
VINTAGE_ALL = Vintage.ALL.value
VINTAGES = tuple(v.value for v in Vintage)

LEVELS = ("province", "district", "commune")
AGGREGATIONS = ("sum", "rate", "none")  # rate = recomputed from numerator/denominator
FACILITY_KINDS = (
    "continuing_education_centre",  # Trung tâm GDNN-GDTX
    "community_learning_centre",  # Trung tâm học tập cộng đồng (TTHTCĐ)
    "school",
    "library",
    "reading_point",  # Nhà tri thức, Thư viện yêu thương
)


class Base(DeclarativeBase):
    pass


class Source(Base):
    """Where a figure, boundary or facility comes from."""

    __tablename__ = "source"
    __table_args__ = (UniqueConstraint("title", "url", name="uq_source_title_url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(String(1000), default="")
    publisher: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[str | None] = mapped_column(String(40))
    licence: Mapped[str | None] = mapped_column(String(200))
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)


class AdminUnit(Base):
    """A province, district or commune of one administrative vintage."""

    __tablename__ = "admin_unit"
    __table_args__ = (
        UniqueConstraint("gso_code", "vintage", name="uq_admin_unit_code_vintage"),
        CheckConstraint("level IN ('province', 'district', 'commune')", name="ck_admin_unit_level"),
        CheckConstraint(
            "vintage IN ('pre_2025', 'post_2025', 'all')", name="ck_admin_unit_vintage"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gso_code: Mapped[str] = mapped_column(String(10))
    level: Mapped[str] = mapped_column(String(10))
    vintage: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))
    name_ascii: Mapped[str] = mapped_column(String(200))
    full_name: Mapped[str] = mapped_column(String(250))
    unit_type: Mapped[str] = mapped_column(String(40))
    unit_type_en: Mapped[str | None] = mapped_column(String(40))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("admin_unit.id"))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    # Geometry as WKB in EPSG:4326; null where no boundary may be shipped (communes).
    geometry_wkb: Mapped[bytes | None] = mapped_column(LargeBinary)
    point_lon: Mapped[float | None] = mapped_column(Float)
    point_lat: Mapped[float | None] = mapped_column(Float)
    geometry_source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"))
    # Decree 20/2014: especially disadvantaged communes use a narrower literacy age band.
    especially_disadvantaged: Mapped[bool | None] = mapped_column(Boolean)

    parent: Mapped[AdminUnit | None] = relationship(remote_side=[id])


class UnitCrosswalk(Base):
    """Old unit -> new unit; weights express the share of the old unit each new one takes."""

    __tablename__ = "unit_crosswalk"
    __table_args__ = (UniqueConstraint("old_unit_id", "new_unit_id", name="uq_crosswalk_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    old_unit_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id"))
    new_unit_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id"))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    merge_type: Mapped[str] = mapped_column(String(20))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    note: Mapped[str | None] = mapped_column(Text)


class Facility(Base):
    """A place of the continuing-education network."""

    __tablename__ = "facility"
    __table_args__ = (UniqueConstraint("kind", "name", "unit_id", name="uq_facility"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    unit_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id"))
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    location_precision: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)


class Indicator(Base):
    """The indicator catalogue: what a figure measures and how it aggregates."""

    __tablename__ = "indicator"

    code: Mapped[str] = mapped_column(String(80), primary_key=True)
    group: Mapped[str] = mapped_column("indicator_group", String(40))
    label_vi: Mapped[str] = mapped_column(String(300))
    label_en: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(40))
    aggregation: Mapped[str] = mapped_column(String(10))
    higher_is_better: Mapped[bool | None] = mapped_column(Boolean)
    description: Mapped[str | None] = mapped_column(Text)


class IndicatorValue(Base):
    """One figure: an indicator for a unit and a period, with its source."""

    __tablename__ = "indicator_value"
    __table_args__ = (
        UniqueConstraint("indicator_code", "unit_id", "period", name="uq_indicator_value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id"))
    # The period as fields (dashboard.domain.periods.Period), written per language by
    # i18n.format_period: code, kind, first and last day, and what the source said of its report.
    period: Mapped[str] = mapped_column(String(40))
    period_kind: Mapped[str] = mapped_column(String(12))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    period_reported: Mapped[dt.date | None] = mapped_column(Date)
    period_year_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    period_report_undated: Mapped[bool] = mapped_column(Boolean, default=False)
    period_end_part: Mapped[str | None] = mapped_column(String(5))
    value: Mapped[float] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)


def period_columns(period: Period) -> dict[str, Any]:
    """The indicator_value columns that hold `period`."""
    return {
        "period": period.code,
        "period_kind": period.kind.value,
        "period_start": period.start,
        "period_end": period.end,
        "period_reported": period.reported,
        "period_year_inferred": period.year_inferred,
        "period_report_undated": period.report_undated,
        "period_end_part": None if period.end_part is None else period.end_part.value,
    }


PERIOD_COLUMNS = tuple(period_columns(parse_code("2025")))


def _blank(value: object) -> bool:
    """None, NaN, NaT or pandas' NA: a cell with nothing in it."""
    try:
        return value is None or bool(value != value)
    except TypeError:  # pd.NA
        return True


def _day(value: object) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@functools.lru_cache(maxsize=4096)
def _period(
    code: str,
    kind: str,
    start: dt.date,
    end: dt.date,
    reported: dt.date | None,
    year_inferred: bool,
    report_undated: bool,
    end_part: str | None,
) -> Period:
    return Period(
        code,
        PeriodKind(kind),
        start,
        end,
        reported=reported,
        year_inferred=year_inferred,
        report_undated=report_undated,
        end_part=None if end_part is None else EndPart(end_part),
    )


def period_of(row: Mapping[str, Any]) -> Period:
    """The period held in a row's PERIOD_COLUMNS (as read back from indicator_value).

    Raises PeriodError when the columns do not make a period."""
    start, end = _day(row["period_start"]), _day(row["period_end"])
    if start is None or end is None:
        raise PeriodError(f"period '{row['period']}' has no start or end")
    return _period(
        str(row["period"]),
        str(row["period_kind"]),
        start,
        end,
        _day(row["period_reported"]),
        bool(row["period_year_inferred"]),
        bool(row["period_report_undated"]),
        None if _blank(row["period_end_part"]) else str(row["period_end_part"]),
    )


class Target(Base):
    """A target value for an indicator in a year (nation: share of provinces)."""

    __tablename__ = "target"
    __table_args__ = (UniqueConstraint("indicator_code", "scope", "year", name="uq_target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"))
    scope: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    decision: Mapped[str] = mapped_column(String(200))
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    note: Mapped[str | None] = mapped_column(Text)


class LiteracyStandard(Base):
    """A literacy standard of Decree 20/2014/NĐ-CP."""

    __tablename__ = "literacy_standard"
    __table_args__ = (UniqueConstraint("standard", "level", name="uq_literacy_standard"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    standard: Mapped[str] = mapped_column(String(40))
    level: Mapped[int] = mapped_column(Integer)
    unit_of_assessment: Mapped[str] = mapped_column(String(20))
    age_band_normal: Mapped[str | None] = mapped_column(String(10))
    age_band_disadvantaged: Mapped[str | None] = mapped_column(String(10))
    threshold_percent: Mapped[float | None] = mapped_column(Float)
    rule: Mapped[str] = mapped_column(Text)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    note: Mapped[str | None] = mapped_column(Text)


class AuditLog(Base):
    """Who changed what, when: one row per write operation (seed, import, undo)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    user_name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)


ROLES = ("viewer", "editor", "admin")


class AppUser(Base):
    """An account: editors import and edit, admins also manage users and undo any import."""

    __tablename__ = "app_user"
    __table_args__ = (
        UniqueConstraint("name", name="uq_app_user_name"),
        CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="ck_app_user_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str | None] = mapped_column(String(300))  # argon2; None with OIDC
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SignInSession(Base):
    """A sign-in that outlasts a page: the browser holds a random token, only its hash is here.

    Until the browser claims it (within seconds of the sign-in), token_hash is the hash of a
    one-time claim code; the claim replaces it by the hash of the cookie's token.
    """

    __tablename__ = "sessions"
    __table_args__ = (
        UniqueConstraint("token_hash", name="uq_sessions_token_hash"),
        Index("ix_sessions_account_id", "account_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64))  # SHA-256, hex
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_reason: Mapped[str | None] = mapped_column(String(40))


class ImportBatch(Base):
    """One import: who, which file (name and SHA-256), when, what it did; undone or not."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_name: Mapped[str] = mapped_column(String(100))
    file_name: Mapped[str] = mapped_column(String(500))
    file_sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(40))  # indicator_values, facilities, boundaries
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(10), default="applied")  # applied, undone
    summary: Mapped[str] = mapped_column(Text)  # JSON: inserted / updated / unchanged
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"))


class ChangeLog(Base):
    """Every row an import changed, with its previous version, so it can be undone exactly."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))
    table_name: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[str] = mapped_column(Text)  # JSON of the natural key
    before: Mapped[str | None] = mapped_column(Text)  # JSON of the row; None: it was inserted
    after: Mapped[str | None] = mapped_column(Text)  # JSON of the row; None: it was deleted


# --- the plan area (issue 14): plan catalogue, UNESCO KFLC areas, difficulty flags, recognitions


class PlanTask(Base):
    """A task of the Ministry's dispatch, an objective of a decision, or a provincial item."""

    __tablename__ = "plan_task"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    framework: Mapped[str] = mapped_column(String(40))
    number: Mapped[int] = mapped_column(Integer)
    title_vi: Mapped[str] = mapped_column(String(400))
    title_en: Mapped[str] = mapped_column(String(400))
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    note: Mapped[str | None] = mapped_column(Text)


class PlanTaskIndicator(Base):
    """Which indicators inform a plan task."""

    __tablename__ = "plan_task_indicator"
    __table_args__ = (
        UniqueConstraint("task_code", "indicator_code", name="uq_plan_task_indicator"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_code: Mapped[str] = mapped_column(ForeignKey("plan_task.code"))
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"))


class KflcArea(Base):
    """One of UNESCO's 12 Key Features of Learning Cities areas."""

    __tablename__ = "kflc_area"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    part: Mapped[str] = mapped_column(String(30))  # benefit, building_block, fundamental_condition
    number: Mapped[int] = mapped_column(Integer)
    label_vi: Mapped[str] = mapped_column(String(300))
    label_en: Mapped[str] = mapped_column(String(300))
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))


class KflcIndicatorArea(Base):
    """Which KFLC area(s) an indicator informs."""

    __tablename__ = "kflc_indicator_area"
    __table_args__ = (
        UniqueConstraint("indicator_code", "area_code", name="uq_kflc_indicator_area"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicator.code"))
    area_code: Mapped[str] = mapped_column(ForeignKey("kflc_area.code"))


class UnitDifficultyFlag(Base):
    """An official "particularly difficult" designation of a unit for a period (Decree 20/2014)."""

    __tablename__ = "unit_difficulty_flag"
    __table_args__ = (UniqueConstraint("unit_id", "period", name="uq_unit_difficulty_flag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id"))
    period: Mapped[str] = mapped_column(String(40))
    period_end: Mapped[dt.date] = mapped_column(Date)
    flagged: Mapped[bool] = mapped_column(Boolean)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)


RECIPIENT_KINDS = ("unit", "school", "facility", "collective", "person")
RECOGNITION_KINDS = (
    "learning_unit",
    "learning_community",
    "learning_family",
    "learning_clan",
    "learning_citizen",
    "honour",
)
RECOGNITION_LEVELS = ("commune", "district", "provincial", "national")


class Recognition(Base):
    """A recognition or honour: who received it, what, at which level, by which decision."""

    __tablename__ = "recognition"
    __table_args__ = (
        UniqueConstraint("recipient", "title", "decision_number", name="uq_recognition"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(300))
    recipient_kind: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id"))
    kind: Mapped[str] = mapped_column(String(30))
    level: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    decision_number: Mapped[str] = mapped_column(String(100))
    decision_date: Mapped[dt.date] = mapped_column(Date)
    issuing_body: Mapped[str] = mapped_column(String(300))
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)


# --- presentations (issue 13): decks of saved views ------------------------------------------

SLIDE_KINDS = ("single", "split")


class Deck(Base):
    """A named sequence of saved views, presented full screen or exported."""

    __tablename__ = "deck"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    show_qr: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Slide(Base):
    """One saved view of a deck: the page and its URL query parameters, title and note.

    A split slide shows a second view (`split_params`) of the same page beside the first.
    """

    __tablename__ = "slide"
    __table_args__ = (
        UniqueConstraint("deck_id", "position", name="uq_slide_position"),
        CheckConstraint("kind IN ('single', 'split')", name="ck_slide_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("deck.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    page: Mapped[str] = mapped_column(String(40))
    params: Mapped[str] = mapped_column(Text)  # JSON object of query parameters
    title: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(10), default="single")
    split_params: Mapped[str | None] = mapped_column(Text)  # JSON; the second view of a split


class Presentation(Base):
    """A followed presentation: the presenter's current slide, which follower screens read.

    `code` is the short unguessable part of the follow link. No foreign key to the deck: a
    presentation outlives a deck deleted while it runs, so followers are told what happened.
    """

    __tablename__ = "presentation"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    deck_id: Mapped[int] = mapped_column(Integer, index=True)
    slide: Mapped[int] = mapped_column(Integer)  # 1-based position in the deck
    presenter: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_active_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


# --- sign-in limits (issue 11) ---------------------------------------------------------------


class SignInFailure(Base):
    """A failed sign-in: which account name was tried, from which client, when."""

    __tablename__ = "sign_in_failure"
    __table_args__ = (
        Index("ix_sign_in_failure_account_at", "account", "at"),
        Index("ix_sign_in_failure_client_at", "client", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    account: Mapped[str] = mapped_column(String(100))  # as typed (cut to 100), may not exist
    client: Mapped[str] = mapped_column(String(100))


class SignInLock(Base):
    """An account locked after too many failures; only an admin's unlock removes it."""

    __tablename__ = "sign_in_lock"

    account: Mapped[str] = mapped_column(String(100), primary_key=True)
    locked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(Integer)
