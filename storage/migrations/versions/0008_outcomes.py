"""Outcomes: function check-ins (RMDQ, pain, walking), personal goals and their ratings, and the
warning-sign alerts a person was shown.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("step", sa.String(16), nullable=False),
        sa.Column("answers", sa.String(24), nullable=False),
        sa.Column("rmdq", sa.SmallInteger(), nullable=True),
        sa.Column("leg_pain", sa.SmallInteger(), nullable=True),
        sa.Column("back_pain", sa.SmallInteger(), nullable=True),
        sa.Column("walking", sa.Boolean(), nullable=False),
        sa.Column("walking_minutes", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_checkins_chat_id"), "checkins", ["chat_id"])
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("activity", sa.String(60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
        sa.UniqueConstraint("chat_id", "position", name=op.f("uq_goals_chat_id_position")),
    )
    op.create_index(op.f("ix_goals_chat_id"), "goals", ["chat_id"])
    op.create_table(
        "goal_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"], ["checkins.id"], name=op.f("fk_goal_ratings_checkin_id_checkins"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_goal_ratings_goal_id_goals"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_ratings")),
        sa.UniqueConstraint("checkin_id", "goal_id", name=op.f("uq_goal_ratings_checkin_id_goal_id")),
    )
    op.create_index(op.f("ix_goal_ratings_chat_id"), "goal_ratings", ["chat_id"])
    op.create_table(
        "alerts_shown",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("what", sa.String(120), nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts_shown")),
    )
    op.create_index(op.f("ix_alerts_shown_chat_id"), "alerts_shown", ["chat_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_alerts_shown_chat_id"), table_name="alerts_shown")
    op.drop_table("alerts_shown")
    op.drop_index(op.f("ix_goal_ratings_chat_id"), table_name="goal_ratings")
    op.drop_table("goal_ratings")
    op.drop_index(op.f("ix_goals_chat_id"), table_name="goals")
    op.drop_table("goals")
    op.drop_index(op.f("ix_checkins_chat_id"), table_name="checkins")
    op.drop_table("checkins")
