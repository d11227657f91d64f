"""Optimistic locking: single and bulk writes only where the version is the one the person saw."""
from sqlalchemy import text

from portal.core.versioning import RowChange, bulk_update_versioned, update_versioned
from portal.models.users import Role, User
from tests.factories import create_organization, create_user


def test_a_write_at_the_seen_version_saves_and_moves_the_version_on(session):
    user = create_user()
    assert update_versioned(user, 1, {"job_title": "Office manager"}) is None
    session.flush()
    assert (user.job_title, user.version) == ("Office manager", 2)


def test_a_write_from_an_older_version_is_a_conflict_and_changes_nothing(session):
    user = create_user(name="Stored Name")
    update_versioned(user, 1, {"name": "First Edit"})
    conflict = update_versioned(user, 1, {"name": "Second Edit", "job_title": None})
    assert conflict is not None and (conflict.seen_version, conflict.current_version) == (1, 2)
    assert [(f.name, f.mine, f.theirs) for f in conflict.fields] == [("name", "Second Edit", "First Edit")]
    assert user.name == "First Edit"


def test_bookkeeping_updates_do_not_move_the_version(session):
    user = create_user()
    user.session_nonce += 1
    session.flush()
    assert user.version == 1


def test_a_change_made_between_loading_and_writing_is_caught(session):
    user = create_user(name="Loaded")
    session.execute(text("UPDATE users SET name = 'Sneaky', version = version + 1 WHERE id = :id"), {"id": user.id})
    conflict = update_versioned(user, 1, {"name": "Mine"})
    assert conflict is not None and conflict.current_version == 2
    assert session.get(User, user.id).name == "Sneaky"


def test_a_bulk_write_reports_the_one_stale_row_and_writes_the_others(session):
    organization = create_organization()
    users = [create_user(Role.VIEWER, organization) for _ in range(5)]
    session.execute(text("UPDATE users SET version = 3 WHERE id = :id"), {"id": users[2].id})
    result = bulk_update_versioned(User, [RowChange(user.id, 1, {"job_title": "Agent"}) for user in users])
    assert sorted(result.updated) == sorted(user.id for index, user in enumerate(users) if index != 2)
    assert [(c.record.id, c.seen_version, c.current_version) for c in result.conflicts] == [(users[2].id, 1, 3)]
    rows = dict(session.execute(text("SELECT id, job_title FROM users WHERE organization_id = :o"),
                                {"o": organization.id}).all())
    assert rows[users[2].id] is None and rows[users[0].id] == "Agent"
    assert session.get(User, users[0].id).version == 2


def test_a_bulk_write_to_a_deleted_row_is_a_conflict(session):
    result = bulk_update_versioned(User, [RowChange(999_999, 1, {"job_title": "Ghost"})])
    assert result.updated == [] and result.conflicts[0].deleted
