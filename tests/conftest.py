"""Fixtures shared by every layer: the app on a migrated test database, rolled-back sessions, clients.

PORTAL_TEST_DATABASE_URL chooses the database (PostgreSQL in CI's second integration run and in the
end-to-end run); without it a fresh SQLite file is used.
"""
from __future__ import annotations

import os
import re
import tempfile
from html import unescape as html_unescape

import pytest
from cryptography.fernet import Fernet
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession
from sqlalchemy import text

from portal import create_app
from portal.extensions import db, limiter

TEST_PASSWORD = "correct horse battery staple"
CSRF_PATTERN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
HIDDEN_INPUT = re.compile(r'<input[^>]*type="hidden"[^>]*>')
NAME, VALUE = re.compile(r'name="([^"]+)"'), re.compile(r'value="([^"]*)"')


def test_database_url(tmp_dir: str) -> str:
    return os.environ.get("PORTAL_TEST_DATABASE_URL") or f"sqlite:///{tmp_dir}/test.sqlite3"


def make_test_app(database_url: str, instance_path: str, **overrides):
    os.environ["PORTAL_INSTANCE_PATH"] = instance_path
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key",
        "ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast in tests; production keeps scrypt
        "MAIL_BACKEND": "memory",
        "SERVER_NAME": None,
        **overrides,
    }
    application = create_app(config)
    application.test_client_class = PortalClient
    return application


def reset_schema(app) -> None:
    """Drop everything and build the schema through the Alembic migrations, as production does."""
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()


@pytest.fixture(scope="session")
def app():
    tmp_dir = tempfile.mkdtemp(prefix="portal-test-")
    application = make_test_app(test_database_url(tmp_dir), tmp_dir, BACKGROUND="inline")
    reset_schema(application)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def session(app):
    """A database session whose work is rolled back after the test (commits become savepoints)."""
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = db._make_scoped_session({"bind": connection, "class_": ConnectionBoundSession,
                                              "join_transaction_mode": "create_savepoint"})
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


class ConnectionBoundSession(FlaskSQLAlchemySession):
    """Flask-SQLAlchemy's session picks the engine itself; in tests it must use the test's connection."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return self.bind


@pytest.fixture(autouse=True)
def _fresh_limits_and_mail(app):
    limiter.reset()
    app.extensions["mail_memory"] = []
    yield


@pytest.fixture
def outbox(app):
    """The e-mails sent (after commit) during the test."""
    return app.extensions["mail_memory"]


@pytest.fixture
def client(app, session):
    with app.test_client() as test_client:
        yield test_client


class PortalClient(FlaskClient):
    """The Flask test client with CSRF on: forms are posted with the token their page rendered."""

    def open(self, *args, **kwargs):
        # Requests reuse the test's app context (it holds the rolled-back session), so start each
        # one with an empty `g` as a real request would have (no cached user, no cached token).
        if has_app_context():
            for name in list(vars(g)):
                delattr(g, name)
        return super().open(*args, **kwargs)

    def csrf_token(self, path: str) -> str:
        page = self.get(path)
        match = CSRF_PATTERN.search(page.get_data(as_text=True))
        assert match, f"no CSRF token on {path} ({page.status_code})"
        return match.group(1)

    def submit(self, path: str, data: dict | None = None, page: str | None = None, **kwargs):
        """POST `data` to `path` with the hidden fields (CSRF token, one-time token, version) that the
        page at `page` (default: the same path) rendered, as a browser would; `data` wins."""
        hidden = self.hidden_fields(page or path)
        return self.post(path, data={**hidden, **(data or {})}, **kwargs)

    def hidden_fields(self, path: str) -> dict:
        """The hidden fields (CSRF token, one-time token, version, base values) the page at `path`
        renders, as a browser opening it now would send them back."""
        html = self.get(path).get_data(as_text=True)
        hidden = {}
        for tag in HIDDEN_INPUT.findall(html):
            name, value = NAME.search(tag), VALUE.search(tag)
            if name and value:
                hidden.setdefault(name.group(1), html_unescape(value.group(1)))
        assert "csrf_token" in hidden, f"no CSRF token on {path}"
        return hidden

    def login(self, email: str, password: str = TEST_PASSWORD):
        response = self.submit("/login", {"email": email, "password": password})
        assert response.status_code == 303, f"login of {email} failed"
        return response


def extract_link(message, prefix: str) -> str:
    """The first link in an e-mail whose path starts with `prefix`, as a path for the test client."""
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"\S+)", body)
    assert match, f"no {prefix} link in: {body}"
    return match.group(1)
