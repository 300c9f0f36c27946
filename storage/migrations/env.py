"""Alembic environment: runs on the connection Store.open hands over (``config.attributes``).

From the command line: ``python -m storage.migrate [URL]`` (no alembic.ini needed).
"""

from __future__ import annotations

from alembic import context

from storage import care, models, prescriptions  # noqa: F401  (registers the tables)
from storage.db import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - misuse guard
    raise RuntimeError("run migrations through storage.db.upgrade_schema or storage.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
