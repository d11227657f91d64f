"""The audit log is append-only, and every action it records reads well in the activity feed."""
import re
from pathlib import Path

import pytest

from portal.core import audit
from portal.core.audit import ACTION_TITLES
from portal.models.audit import AuditLogIsAppendOnly


def test_events_cannot_be_changed(session):
    event = audit.record("demo.seeded", note="first")
    session.flush()
    event.note = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        session.flush()


def test_events_cannot_be_deleted(session):
    event = audit.record("demo.seeded")
    session.flush()
    session.delete(event)
    with pytest.raises(AuditLogIsAppendOnly):
        session.flush()


def test_every_recorded_action_has_a_title_for_the_activity_feed():
    source = "\n".join(path.read_text() for path in Path("portal").rglob("*.py"))
    used = set(re.findall(r'(?:record\(|action=)"([a-z_]+\.[a-z_]+)"', source))
    assert used and used <= set(ACTION_TITLES), f"actions without a title: {used - set(ACTION_TITLES)}"
