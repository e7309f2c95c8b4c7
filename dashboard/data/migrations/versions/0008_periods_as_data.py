"""periods as data: a figure's period label becomes fields (kind, start, end, report)

Each distinct period label of indicator_value is read once by the same parser the seed and the
importer use (dashboard.domain.periods.parse_legacy_label). A label it cannot read, or one that
names another period than the row's code, stops the upgrade before anything changes, naming the
row. The label column is dropped: pages write the period from the fields in each language.
Downgrade writes the label back in English from the fields.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 10:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dashboard.domain.periods import EndPart, Period, PeriodError, PeriodKind, parse_legacy_label

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIELDS = (
    sa.column("period_kind", sa.String),
    sa.column("period_start", sa.Date),
    sa.column("period_end", sa.Date),
    sa.column("period_reported", sa.Date),
    sa.column("period_year_inferred", sa.Boolean),
    sa.column("period_report_undated", sa.Boolean),
    sa.column("period_end_part", sa.String),
)
indicator_value = sa.table(
    "indicator_value",
    sa.column("id", sa.Integer),
    sa.column("period", sa.String),
    sa.column("period_label", sa.String),
    *FIELDS,
)


def _fields(period: Period) -> dict[str, object]:
    return {
        "period_kind": period.kind.value,
        "period_start": period.start,
        "period_end": period.end,
        "period_reported": period.reported,
        "period_year_inferred": period.year_inferred,
        "period_report_undated": period.report_undated,
        "period_end_part": None if period.end_part is None else period.end_part.value,
    }


def _read_labels(connection: sa.Connection) -> dict[tuple[str, str], Period]:
    """(code, label) -> its period, for every distinct pair; PeriodError names the first row
    whose label cannot be read or names another period: the upgrade refuses rather than guess."""
    rows = connection.execute(
        sa.text(
            "SELECT v.id, v.indicator_code, u.gso_code, u.vintage, v.period, v.period_label "
            "FROM indicator_value v JOIN admin_unit u ON u.id = v.unit_id ORDER BY v.id"
        )
    )
    periods: dict[tuple[str, str], Period] = {}
    for row in rows:
        key = (row.period, row.period_label)
        if key in periods:
            continue
        where = (
            f"indicator_value id {row.id} (indicator {row.indicator_code}, unit {row.gso_code} "
            f"{row.vintage}, period '{row.period}'), label '{row.period_label}'"
        )
        try:
            period = parse_legacy_label(row.period_label)
        except PeriodError as exc:
            raise PeriodError(f"{where}: {exc}; correct the label, then upgrade again") from None
        if period.code != row.period:
            raise PeriodError(
                f"{where}: the label names period '{period.code}'; correct the label or the "
                "period, then upgrade again"
            )
        periods[key] = period
    return periods


def upgrade() -> None:
    """Upgrade schema."""
    connection = op.get_bind()
    periods = _read_labels(connection)  # before any change: a refusal leaves the table as it was
    with op.batch_alter_table("indicator_value") as batch:
        batch.add_column(sa.Column("period_kind", sa.String(length=12), nullable=True))
        batch.add_column(sa.Column("period_start", sa.Date(), nullable=True))
        batch.add_column(sa.Column("period_reported", sa.Date(), nullable=True))
        batch.add_column(sa.Column("period_year_inferred", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("period_report_undated", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("period_end_part", sa.String(length=5), nullable=True))
    for (code, label), period in periods.items():
        connection.execute(
            indicator_value.update()
            .where(indicator_value.c.period == code, indicator_value.c.period_label == label)
            .values(**_fields(period))
        )
    with op.batch_alter_table("indicator_value") as batch:
        batch.alter_column("period_kind", existing_type=sa.String(length=12), nullable=False)
        batch.alter_column("period_start", existing_type=sa.Date(), nullable=False)
        for name in ("period_year_inferred", "period_report_undated"):
            batch.alter_column(name, existing_type=sa.Boolean(), nullable=False)
        batch.drop_column("period_label")


def downgrade() -> None:
    """Downgrade schema."""
    from dashboard.i18n import format_period

    connection = op.get_bind()
    with op.batch_alter_table("indicator_value") as batch:
        batch.add_column(sa.Column("period_label", sa.String(length=200), nullable=True))
    names = ["period", *(c.name for c in FIELDS)]
    distinct = connection.execute(sa.select(*(indicator_value.c[n] for n in names)).distinct())
    for row in distinct.mappings():
        period = Period(
            row["period"],
            PeriodKind(row["period_kind"]),
            row["period_start"],
            row["period_end"],
            reported=row["period_reported"],
            year_inferred=bool(row["period_year_inferred"]),
            report_undated=bool(row["period_report_undated"]),
            end_part=EndPart(row["period_end_part"]) if row["period_end_part"] else None,
        )
        same = [
            indicator_value.c[n].is_(None) if row[n] is None else indicator_value.c[n] == row[n]
            for n in names
        ]
        connection.execute(
            indicator_value.update().where(*same).values(period_label=format_period(period, "en"))
        )
    with op.batch_alter_table("indicator_value") as batch:
        batch.alter_column("period_label", existing_type=sa.String(length=200), nullable=False)
        for column in FIELDS:
            if column.name != "period_end":
                batch.drop_column(column.name)
