"""sign-in limits: failures and locks

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 18:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "sign_in_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account", sa.String(length=100), nullable=False),
        sa.Column("client", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sign_in_failure_account_at", "sign_in_failure", ["account", "at"])
    op.create_index("ix_sign_in_failure_client_at", "sign_in_failure", ["client", "at"])
    op.create_table(
        "sign_in_lock",
        sa.Column("account", sa.String(length=100), nullable=False),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("account"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("sign_in_lock")
    op.drop_index("ix_sign_in_failure_client_at", table_name="sign_in_failure")
    op.drop_index("ix_sign_in_failure_account_at", table_name="sign_in_failure")
    op.drop_table("sign_in_failure")
