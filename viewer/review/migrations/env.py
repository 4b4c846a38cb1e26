"""Alembic environment: online only, on the connection viewer.review.migrate passes in."""

from alembic import context

from viewer.review.migrate import PG_LOCK_ID, VERSION_TABLE
from viewer.review.models import Base

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("run migrations through viewer.review.migrate.upgrade(engine)")

if connection.dialect.name == "postgresql":
    # Two processes opening an empty database at once: the second waits, then finds the schema at head.
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_LOCK_ID})")

context.configure(connection=connection, target_metadata=Base.metadata, version_table=VERSION_TABLE,
                  render_as_batch=True, compare_type=True)

with context.begin_transaction():
    context.run_migrations()
