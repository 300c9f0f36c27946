"""Prescribed programmes: prescription links (code stored as SHA-256 only) and their patients.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prescriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("code_sha256", sa.String(64), nullable=False),
        sa.Column("programme_id", sa.String(64), nullable=False),
        sa.Column("start_day", sa.Integer(), nullable=False),
        sa.Column("local_time", sa.Time(), nullable=False),
        sa.Column("prescriber_name", sa.String(60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prescriptions")),
        sa.UniqueConstraint("code_sha256", name=op.f("uq_prescriptions_code_sha256")),
    )
    op.create_index(op.f("ix_prescriptions_chat_id"), "prescriptions", ["chat_id"])
    op.create_table(
        "prescription_patients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prescription_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("subscription_id", sa.Integer(), nullable=True),
        sa.Column("share", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["prescription_id"],
            ["prescriptions.id"],
            ondelete="CASCADE",
            name=op.f("fk_prescription_patients_prescription_id_prescriptions"),
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            ondelete="SET NULL",
            name=op.f("fk_prescription_patients_subscription_id_subscriptions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prescription_patients")),
        sa.UniqueConstraint(
            "prescription_id", "chat_id", name=op.f("uq_prescription_patients_prescription_id_chat_id")
        ),
    )
    op.create_index(op.f("ix_prescription_patients_chat_id"), "prescription_patients", ["chat_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_prescription_patients_chat_id"), table_name="prescription_patients")
    op.drop_table("prescription_patients")
    op.drop_index(op.f("ix_prescriptions_chat_id"), table_name="prescriptions")
    op.drop_table("prescriptions")
