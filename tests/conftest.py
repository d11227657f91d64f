"""Fixtures shared by every layer: the app on a migrated test database, rolled-back sessions, clients.

PORTAL_TEST_DATABASE_URL chooses the database (PostgreSQL in CI's second integration run and in the
end-to-end run); without it a fresh SQLite file is used.
"""
from __future__ import annotations

import os
import re
import tempfile
from html import unescape as html_unescape
from html.parser import HTMLParser

import pytest
from cryptography.fernet import Fernet
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app
from portal.extensions import Session as PortalSession
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
        "JOBS": "immediate",  # each job runs once its transaction commits, in the test's own connection
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
    application = make_test_app(test_database_url(tmp_dir), tmp_dir)
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


class ConnectionBoundSession(PortalSession):
    """The portal's session picks the engine itself (Flask-SQLAlchemy); in tests it must use the test's connection."""

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

    def form_values(self, path: str, field: str) -> dict:
        """What a browser would send from the page at `path` if nobody typed: the values of the form
        that holds a field named `field` (ticked boxes and chosen options as lists, unticked ones
        left out, as a browser leaves them out)."""
        reader = FormReader()
        reader.feed(self.get(path).get_data(as_text=True))
        form = next((values for values in reader.forms if field in values or field in reader.names[id(values)]),
                    None)
        assert form is not None, f"no form with {field} on {path}"
        return {name: value if len(value) > 1 or name in reader.multiple else value[0] for name, value in form.items()}

    def login(self, email: str, password: str = TEST_PASSWORD):
        response = self.submit("/login", {"email": email, "password": password})
        assert response.status_code == 303, f"login of {email} failed"
        return response


class FormReader(HTMLParser):
    """The POST forms of a page and the values each would send (a test's stand-in for a browser)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self.names: dict[int, set[str]] = {}  # every field of a form, sent or not (unticked boxes)
        self.multiple: set[str] = set()  # fields a browser may send several times
        self._select: str | None = None
        self._first: str | None = None  # a single choice with nothing selected sends its first option
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({})
            self.names[id(self.forms[-1])] = set()
            return
        if not self.forms or tag not in ("input", "select", "option", "textarea"):
            return
        self._field(tag, attributes)

    def _field(self, tag, attributes):
        form, name = self.forms[-1], attributes.get("name")
        if tag == "option":
            if self._select and "selected" in attributes:
                form.setdefault(self._select, []).append(attributes.get("value", ""))
            if self._select and self._first is None:
                self._first = attributes.get("value", "")
            return
        if not name:
            return
        self.names[id(form)].add(name)
        if tag == "select":
            self._select, self._first = name, None
            if "multiple" in attributes:
                self.multiple.add(name)
        elif tag == "textarea":
            self._textarea = name
            form[name] = [""]
        elif attributes.get("type") in ("checkbox", "radio"):
            if attributes.get("type") == "checkbox":
                self.multiple.add(name)
            if "checked" in attributes:
                form.setdefault(name, []).append(attributes.get("value", "on"))
        elif attributes.get("type") not in ("submit", "button", "file"):
            form.setdefault(name, []).append(attributes.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if self._select not in self.multiple and self._first is not None:
                self.forms[-1].setdefault(self._select, [self._first])
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            values = self.forms[-1][self._textarea]  # a browser drops the newline that opens the text
            values[0] += data if values[0] else data.removeprefix("\r").removeprefix("\n")


def extract_link(message, prefix: str) -> str:
    """The first link in an e-mail whose path starts with `prefix`, as a path for the test client."""
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"\S+)", body)
    assert match, f"no {prefix} link in: {body}"
    return match.group(1)
