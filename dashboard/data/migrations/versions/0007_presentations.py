"""presentations: a presenter's current slide, read by the screens that follow

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 15:10:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "presentation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("slide", sa.Integer(), nullable=False),
        sa.Column("presenter", sa.String(length=100), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_active_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_presentation_code", "presentation", ["code"], unique=True)
    op.create_index("ix_presentation_deck_id", "presentation", ["deck_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_presentation_deck_id", table_name="presentation")
    op.drop_index("ix_presentation_code", table_name="presentation")
    op.drop_table("presentation")
