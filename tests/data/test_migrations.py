"""The schema's revisions on a database with data: 0008 turns period labels into fields."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text

from dashboard.data import db
from dashboard.data.models import PERIOD_COLUMNS, AdminUnit, IndicatorValue
from dashboard.domain.periods import PeriodError
from dashboard.loading.seed import seed
from tests.conftest import engine_for
from tests.factories import seeded_at_revision


@pytest.fixture
def engine(empty_url: str) -> Iterator[Engine]:
    engine = engine_for(empty_url)
    yield engine
    engine.dispose()


def _periods(engine: Engine) -> dict[tuple[str, str, str, str], tuple[object, ...]]:
    """(indicator, unit code, vintage, period) -> the figure's period fields."""
    stmt = select(
        IndicatorValue.indicator_code,
        AdminUnit.gso_code,
        AdminUnit.vintage,
        *(getattr(IndicatorValue, c) for c in PERIOD_COLUMNS),
    ).join(AdminUnit, AdminUnit.id == IndicatorValue.unit_id)
    with engine.connect() as conn:
        return {(r[0], r[1], r[2], r[3]): tuple(r[3:]) for r in conn.execute(stmt)}


def _revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_0008_turns_what_an_older_seed_wrote_into_the_fields_the_seed_writes_now(
    engine: Engine,
) -> None:
    db.migrate(engine)
    seed(engine)
    written_now = _periods(engine)
    seeded_at_revision(engine, "0007")
    with engine.connect() as conn:
        labels = conn.execute(text("SELECT DISTINCT period_label FROM indicator_value")).scalars()
        assert len(set(labels)) == 18
    db.migrate(engine)
    assert _revision(engine) == "0008"
    assert "period_label" not in {c["name"] for c in inspect(engine).get_columns("indicator_value")}
    assert _periods(engine) == written_now
    literacy = written_now[("literacy_rate_level2_age15_25", "14", "all", "2024-2025")]
    assert literacy == (
        "2024-2025",
        "school_year",
        dt.date(2024, 9, 1),
        dt.date(2025, 5, 31),
        dt.date(2025, 10, 31),
        True,
        False,
        None,
    )
    merger = written_now[("commune_level_units_after_merger", "14", "all", "2025-07-01")]
    assert merger[1:4] == ("since", dt.date(2025, 7, 1), dt.date(2025, 7, 1))
    investment = written_now[("education_investment_since_2020", "116", "pre_2025", "2020-2024")]
    assert (investment[1], investment[-1]) == ("range", "early")


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("2025 (estimate)", "cannot read 'estimate' in '2025 (estimate)'"),
        ("2024-2025 school year", "the label names period '2024-2025'"),
    ],
)
def test_0008_refuses_a_label_it_cannot_read_naming_the_row_and_changes_nothing(
    engine: Engine, label: str, reason: str
) -> None:
    seeded_at_revision(engine, "0007", include_sample=False)
    with engine.begin() as conn:
        row_id = conn.execute(
            text(
                "SELECT v.id FROM indicator_value v JOIN admin_unit u ON u.id = v.unit_id "
                "WHERE v.indicator_code = 'learning_families' AND u.gso_code = '14' "
                "AND v.period = '2025'"
            )
        ).scalar_one()
        conn.execute(
            text("UPDATE indicator_value SET period_label = :label WHERE id = :id"),
            {"label": label, "id": row_id},
        )
        before = conn.execute(text("SELECT * FROM indicator_value ORDER BY id")).all()
    where = (
        f"indicator_value id {row_id} (indicator learning_families, unit 14 all, "
        f"period '2025'), label '{label}': "
    )
    with pytest.raises(PeriodError, match=f"{re.escape(where)}.*{re.escape(reason)}"):
        db.migrate(engine)
    assert _revision(engine) == "0007"
    with engine.connect() as conn:
        assert conn.execute(text("SELECT * FROM indicator_value ORDER BY id")).all() == before
