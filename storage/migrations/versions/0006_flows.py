"""Typed flows' state in the database (shared by replicas), with an expiry.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "flows",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("slot", sa.String(32), nullable=False),
        sa.Column("state", sa.String(1000), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", "slot", name=op.f("pk_flows")),
    )
    op.create_index(op.f("ix_flows_expires_at"), "flows", ["expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_flows_expires_at"), table_name="flows")
    op.drop_table("flows")
