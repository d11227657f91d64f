"""Alembic environment: migrates the database of the running Flask app (Flask-Migrate)."""
import logging

from alembic import context
from flask import current_app
from sqlalchemy.types import TypeDecorator

log = logging.getLogger("alembic.env")
database = current_app.extensions["migrate"].db
options = current_app.extensions["migrate"].configure_args


def render_item(kind, obj, autogen_context):
    """Write the portal's column types as their database types, so revisions never import app code."""
    if kind == "type" and isinstance(obj, TypeDecorator):
        autogen_context.imports.add("import sqlalchemy as sa")
        return f"sa.{obj.impl!r}"
    return False


options = {**options, "render_item": render_item}


def run_migrations_offline() -> None:
    context.configure(url=database.engine.url, target_metadata=database.metadata, literal_binds=True,
                      **options)
    with context.begin_transaction():
        context.run_migrations()


def _skip_empty_revision(migration_context, revision, directives) -> None:
    if getattr(context.config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        log.info("No changes in schema detected.")


def run_migrations_online() -> None:
    with database.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch migrations copy and rename tables; SQLite must not enforce foreign keys meanwhile.
            # (A PRAGMA inside a transaction does nothing, so it goes straight to the driver.)
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        # SQLite runs DDL in transactions too (the engine emits BEGIN itself), so commit like PostgreSQL.
        context.configure(connection=connection, target_metadata=database.metadata, transactional_ddl=True,
                          process_revision_directives=_skip_empty_revision, **options)
        with context.begin_transaction():
            context.run_migrations()
        if connection.dialect.name == "sqlite":
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
