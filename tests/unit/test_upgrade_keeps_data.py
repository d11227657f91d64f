"""`flask db upgrade` on an existing database keeps its data (each revision from the first one on)."""
import sqlite3
from pathlib import Path

from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import text

from portal.extensions import db
from tests.conftest import make_test_app

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def _upgrade_in_a_new_process_like_the_cli(tmp_path, revision="head"):
    app = make_test_app(f"sqlite:///{tmp_path}/old.sqlite3", str(tmp_path))
    with app.app_context():
        upgrade(revision=revision)
        db.engine.dispose()


def test_each_upgrade_step_is_committed(tmp_path):
    revisions = [script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions()][::-1]
    for revision in revisions:
        _upgrade_in_a_new_process_like_the_cli(tmp_path, revision)
        with sqlite3.connect(tmp_path / "old.sqlite3") as outside:
            assert outside.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revision


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
        db.engine.dispose()
    with sqlite3.connect(tmp_path / "old.sqlite3") as outside:  # what was really committed
        row = outside.execute("SELECT email, organization_id, version FROM users WHERE id = 7").fetchone()
        head = outside.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        tables = {name for (name,) in outside.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert row == ("old@example.com", 1, 1)
    assert head == ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert {"users", "organizations", "drafts"} <= tables


def test_foreign_keys_are_enforced_again_after_migrating(app):
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
