"""Status enums: display titles, the transition table and audited transitions."""
import pytest
from sqlalchemy import select

from portal.core import audit
from portal.core.enums import TransitionError
from portal.models.audit import AuditEvent
from portal.models.users import UserStatus
from tests.factories import create_user


def test_statuses_have_titles_and_values():
    assert UserStatus.DEACTIVATED.title == "Deactivated"
    assert UserStatus("invited") is UserStatus.INVITED
    assert str(UserStatus.ACTIVE) == "active"


@pytest.mark.parametrize("start,target,allowed", [
    (UserStatus.INVITED, UserStatus.ACTIVE, True),
    (UserStatus.ACTIVE, UserStatus.DEACTIVATED, True),
    (UserStatus.DEACTIVATED, UserStatus.ACTIVE, True),
    (UserStatus.ACTIVE, UserStatus.INVITED, False),
    (UserStatus.ACTIVE, UserStatus.ACTIVE, False),
])
def test_transition_table(start, target, allowed):
    assert start.can_become(target) is allowed


def test_a_transition_outside_the_table_raises_a_readable_error(session):
    user = create_user(status=UserStatus.ACTIVE)
    with pytest.raises(TransitionError, match="Cannot change from Active to Invited"):
        audit.transition(user, "status", UserStatus.INVITED, action="user.reinvited")
    assert user.status == UserStatus.ACTIVE


def test_an_allowed_transition_is_written_to_the_audit_log(session):
    user = create_user(status=UserStatus.ACTIVE)
    audit.transition(user, "status", UserStatus.DEACTIVATED, action="user.deactivated", note="left")
    session.flush()
    event = session.scalars(select(AuditEvent).where(AuditEvent.object_id == user.id)).one()
    assert (event.action, event.from_state, event.to_state, event.note) == (
        "user.deactivated", "active", "deactivated", "left")
    assert event.organization_id == user.organization_id
