"""Care loop: consents, quiet hours, pain ratings, section feedback counts.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consents",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("agreed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notice_version", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_consents")),
    )
    op.create_table(
        "quiet_hours",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("start", sa.Time(), nullable=False),
        sa.Column("end", sa.Time(), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_quiet_hours")),
    )
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("pain", sa.SmallInteger(), nullable=True),
        sa.Column("feeling", sa.String(10), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            ondelete="SET NULL",
            name=op.f("fk_ratings_subscription_id_subscriptions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratings")),
    )
    op.create_index(op.f("ix_ratings_chat_id"), "ratings", ["chat_id"])
    op.create_table(
        "section_feedback",
        sa.Column("section", sa.String(80), nullable=False),
        sa.Column("helpful", sa.Integer(), nullable=False),
        sa.Column("unhelpful", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("section", name=op.f("pk_section_feedback")),
    )


def downgrade() -> None:
    op.drop_table("section_feedback")
    op.drop_index(op.f("ix_ratings_chat_id"), table_name="ratings")
    op.drop_table("ratings")
    op.drop_table("quiet_hours")
    op.drop_table("consents")
