"""The audit log is append-only."""
import pytest

from portal.core import audit
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
