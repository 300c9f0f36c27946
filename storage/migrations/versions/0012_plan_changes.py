"""How a person's exercise plan adapted: each change of a reminder's repeats (content/progression.yaml).

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("before", sa.SmallInteger(), nullable=False),
        sa.Column("after", sa.SmallInteger(), nullable=False),
        sa.Column("rule", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_plan_changes_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_changes")),
        sa.UniqueConstraint("subscription_id", "seq", name=op.f("uq_plan_changes_subscription_id_seq")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_plan_changes_chat_id"), "plan_changes", ["chat_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_plan_changes_chat_id"), table_name="plan_changes")
    op.drop_table("plan_changes")
