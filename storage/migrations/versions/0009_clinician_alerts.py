"""A patient's choice that their prescriber hears when things change (separate from sharing counts).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clinician_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("prescription_id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(60), nullable=False),
        sa.Column("agreed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["prescription_id"],
            ["prescriptions.id"],
            name=op.f("fk_clinician_alerts_prescription_id_prescriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinician_alerts")),
        sa.UniqueConstraint("chat_id", "prescription_id", name=op.f("uq_clinician_alerts_chat_id_prescription_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_clinician_alerts_chat_id"), "clinician_alerts", ["chat_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_clinician_alerts_chat_id"), table_name="clinician_alerts")
    op.drop_table("clinician_alerts")
