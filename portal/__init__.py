"""The onboarding portal: create_app() builds the Flask application."""
from __future__ import annotations

import logging
import os
from importlib import import_module

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import load_config, resolve_keys
from portal.core.jobs import init_jobs
from portal.extensions import READ_ONLY, csrf, db, limiter, login_manager, migrate

BLUEPRINTS = (
    "portal.auth.views",
    "portal.main.views",
    "portal.admin.views",
    "portal.organization.views",
    "portal.activity.views",
    "portal.files.views",
    "portal.projects.views",
    "portal.sites.views",
    "portal.questionnaire.views",
    "portal.callflows.views",
    "portal.porting.views",
    "portal.porting.ceremony",
    "portal.porting.link_views",
    "portal.porting.verify",
    "portal.reviews.views",
    "portal.reviews.discrepancy_views",
    "portal.reviews.configuration_views",
    "portal.imports.views",
    "portal.worksheet.views",
    "portal.plan_admin.views",
    "portal.catalog.views",
    "portal.dev.views",
)
FEATURES = (  # each module's register() adds the feature's documents, import kinds, plan items, sections, resenders
    "portal.auth.services",
    "portal.worksheet.setup",
    "portal.questionnaire.setup",
    "portal.callflows.setup",
    "portal.porting.setup",
    "portal.reviews.setup",
)


def create_app(overrides: dict | None = None) -> Flask:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(__name__, template_folder=os.path.join(root, "templates"),
                static_folder=os.path.join(root, "static"),
                instance_path=os.environ.get("PORTAL_INSTANCE_PATH") or os.path.join(root, "instance"))
    app.config.update(load_config(app.instance_path))
    app.config.update(overrides or {})
    resolve_keys(app.config, app.instance_path)
    _init_extensions(app)
    _register_features()
    _register_blueprints(app)
    _init_hooks(app)
    return app


def _init_extensions(app: Flask) -> None:
    from portal import models  # noqa: F401  (registers the models with the metadata)
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    init_jobs(app)
    if app.config["PROXY_COUNT"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=app.config["PROXY_COUNT"])


def _register_features() -> None:
    """Every app registers them again: the registries take the same entry twice without doubling it."""
    for module_name in FEATURES:
        import_module(module_name).register()


def _register_blueprints(app: Flask) -> None:
    for module_name in BLUEPRINTS:
        module = import_module(module_name)
        if module_name == "portal.dev.views" and app.config["ENV"] != "development":
            continue
        app.register_blueprint(module.bp)


def _init_hooks(app: Flask) -> None:
    from portal import cli, errors
    from portal.auth import session_loader
    from portal.core import security
    from portal.core.request_cache import init_request_cache
    from portal.templating import init_templating
    session_loader.init_login(app)
    security.init_security(app)
    errors.init_errors(app)
    init_templating(app)
    init_request_cache(app)
    cli.init_cli(app)
    logging.basicConfig(level=logging.INFO)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite: enforce foreign keys, let SQLAlchemy manage transactions (savepoints work), let
    readers go on while one request writes (WAL), and let a writer wait its turn (busy timeout)."""
    if type(dbapi_connection).__module__ == "sqlite3":
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        dbapi_connection.execute("PRAGMA busy_timeout=10000")
        dbapi_connection.execute("PRAGMA journal_mode=WAL")


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:
    """A request that may write takes the write lock up front (BEGIN IMMEDIATE), so two writers queue
    instead of one failing with "database is locked" after both have read."""
    if connection.dialect.name == "sqlite":
        reading = READ_ONLY.get() or (has_request_context() and request.method in ("GET", "HEAD", "OPTIONS"))
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")
