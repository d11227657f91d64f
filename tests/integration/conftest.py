"""Integration fixtures: the demonstration app of demo_app.py, on its own SQLite database."""
import tempfile

import pytest

from portal.extensions import db
from tests.conftest import make_test_app, reset_schema
from tests.integration.demo_app import demo


@pytest.fixture(scope="session")
def demo_app():
    folder = tempfile.mkdtemp(prefix="portal-uploads-")
    app = make_test_app(f"sqlite:///{folder}/uploads.sqlite3", folder, MAX_CONTENT_LENGTH=200 * 1024)
    app.register_blueprint(demo)
    reset_schema(app)
    yield app
    with app.app_context():
        db.engine.dispose()
