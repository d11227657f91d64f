"""Alembic environment: migrates the database of the running Flask app (Flask-Migrate)."""
import logging

from alembic import context
from flask import current_app

log = logging.getLogger("alembic.env")
database = current_app.extensions["migrate"].db
options = current_app.extensions["migrate"].configure_args


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
        context.configure(connection=connection, target_metadata=database.metadata,
                          process_revision_directives=_skip_empty_revision, **options)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
