"""The day a prescriber was last told of three missed days (told once per streak).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("clinician_alerts", sa.Column("missed_alerted_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("clinician_alerts") as batch:
        batch.drop_column("missed_alerted_on")
