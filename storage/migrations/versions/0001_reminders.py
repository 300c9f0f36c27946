"""Chats, chat settings, reminder subscriptions, deliveries and adherence.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Databases made before migrations existed already have ``chats`` (from create_all).
    if not sa.inspect(op.get_bind()).has_table("chats"):
        op.create_table(
            "chats",
            sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
            sa.Column("topic_id", sa.String(32), nullable=True),
            sa.Column(
                "updated_at",
                sa.DateTime(timezone=True),
                server_default=sa.func.now(),
                nullable=False,
            ),
            sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_chats")),
        )
    op.create_table(
        "chat_settings",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("zone", sa.String(64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_chat_settings")),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("programme_id", sa.String(64), nullable=False),
        sa.Column("local_time", sa.Time(), nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("next_due_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("paused_reason", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("claimed_due_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
    )
    op.create_index("ix_subscriptions_due", "subscriptions", ["active", "next_due_utc"])
    op.create_index(op.f("ix_subscriptions_chat_id"), "subscriptions", ["chat_id"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("due_utc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.CheckConstraint("status IN ('sent', 'failed', 'skipped')", name=op.f("ck_deliveries_status")),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_deliveries_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("subscription_id", "due_utc", name=op.f("uq_deliveries_subscription_id_due_utc")),
    )
    op.create_table(
        "adherence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("exercise_id", sa.String(64), nullable=False),
        sa.CheckConstraint("status IN ('done', 'skipped', 'snoozed')", name=op.f("ck_adherence_status")),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_adherence_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adherence")),
        sa.UniqueConstraint(
            "subscription_id",
            "date",
            "exercise_id",
            name=op.f("uq_adherence_subscription_id_date_exercise_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("adherence")
    op.drop_table("deliveries")
    op.drop_index(op.f("ix_subscriptions_chat_id"), table_name="subscriptions")
    op.drop_index("ix_subscriptions_due", table_name="subscriptions")
    op.drop_table("subscriptions")
    op.drop_table("chat_settings")
    # ``chats`` stays: it predates the migrations and holds what the bot already stored.
