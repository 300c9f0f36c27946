"""Groups and channels: the daily post's settings per chat, and quiet days on subscriptions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chat_settings") as batch:
        batch.add_column(sa.Column("post_kind", sa.String(10), nullable=True))
        batch.add_column(sa.Column("post_time", sa.Time(), nullable=True))
        batch.add_column(sa.Column("focus_topic", sa.String(32), nullable=True))
        batch.add_column(sa.Column("quiet_days", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("title", sa.String(128), nullable=True))
        batch.add_column(sa.Column("channel_admin", sa.BigInteger(), nullable=True))
    op.create_index(op.f("ix_chat_settings_channel_admin"), "chat_settings", ["channel_admin"])
    with op.batch_alter_table("subscriptions") as batch:
        batch.add_column(sa.Column("skip_weekdays", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("subscriptions") as batch:
        batch.drop_column("skip_weekdays")
    op.drop_index(op.f("ix_chat_settings_channel_admin"), table_name="chat_settings")
    with op.batch_alter_table("chat_settings") as batch:
        for column in ("channel_admin", "title", "quiet_days", "focus_topic", "post_time", "post_kind"):
            batch.drop_column(column)
