"""Counted presses: the same button of the same message, or a repeated update, counts once.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "presses",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("pressed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_presses")),
    )
    op.create_index(op.f("ix_presses_pressed_at"), "presses", ["pressed_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_presses_pressed_at"), table_name="presses")
    op.drop_table("presses")
