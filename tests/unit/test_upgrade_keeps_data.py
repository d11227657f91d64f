"""`flask db upgrade` on an existing database keeps its data (each revision from the first one on)."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from portal.extensions import db
from tests.conftest import make_test_app


def test_upgrading_from_the_first_revision_keeps_users_and_their_organizations(tmp_path):
    app = make_test_app(f"sqlite:///{tmp_path}/old.sqlite3", str(tmp_path))
    with app.app_context():
        upgrade(revision="0001_foundation")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO organizations (id, name, created_at) VALUES (1, 'Old Co', '2026-01-01')"))
            connection.execute(text(
                "INSERT INTO users (id, email, name, role, status, organization_id, session_nonce, created_at) "
                "VALUES (7, 'old@example.com', 'Old Timer', 'primary_contact', 'active', 1, 0, '2026-01-01')"))
        upgrade()
        with db.engine.connect() as connection:
            row = connection.execute(text("SELECT email, organization_id, version FROM users WHERE id = 7")).one()
            foreign_keys_on = connection.execute(text("PRAGMA foreign_keys")).scalar_one()
        assert tuple(row) == ("old@example.com", 1, 1)
        assert foreign_keys_on == 1
        downgrade(revision="0001_foundation")
        db.engine.dispose()
