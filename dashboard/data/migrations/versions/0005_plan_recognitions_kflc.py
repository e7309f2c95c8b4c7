"""plan catalogue, UNESCO KFLC areas, difficulty flags and recognitions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 17:50:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "plan_task",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("framework", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title_vi", sa.String(length=400), nullable=False),
        sa.Column("title_en", sa.String(length=400), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "plan_task_indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_code", sa.String(length=40), nullable=False),
        sa.Column("indicator_code", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["indicator_code"], ["indicator.code"]),
        sa.ForeignKeyConstraint(["task_code"], ["plan_task.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("task_code", "indicator_code", name="uq_plan_task_indicator"),
    )
    op.create_table(
        "kflc_area",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("part", sa.String(length=30), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label_vi", sa.String(length=300), nullable=False),
        sa.Column("label_en", sa.String(length=300), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "kflc_indicator_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=80), nullable=False),
        sa.Column("area_code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["area_code"], ["kflc_area.code"]),
        sa.ForeignKeyConstraint(["indicator_code"], ["indicator.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("indicator_code", "area_code", name="uq_kflc_indicator_area"),
    )
    op.create_table(
        "unit_difficulty_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["admin_unit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_id", "period", name="uq_unit_difficulty_flag"),
    )
    op.create_table(
        "recognition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=300), nullable=False),
        sa.Column("recipient_kind", sa.String(length=20), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("decision_number", sa.String(length=100), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("issuing_body", sa.String(length=300), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["admin_unit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("recipient", "title", "decision_number", name="uq_recognition"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("recognition")
    op.drop_table("unit_difficulty_flag")
    op.drop_table("kflc_indicator_area")
    op.drop_table("kflc_area")
    op.drop_table("plan_task_indicator")
    op.drop_table("plan_task")
