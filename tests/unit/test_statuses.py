"""Status enums: every workflow status enum, its display titles and its transition table (every move
it allows is allowed, every other move is refused with the readable error the views show), the
moves people rely on, and audited transitions."""
import importlib
import pkgutil

import pytest
import sqlalchemy as sa
from sqlalchemy import select

import portal
from portal.core import audit
from portal.core.enums import StatusEnum, TransitionError
from portal.extensions import db
from portal.models.audit import AuditEvent
from portal.models.imports import ImportStatus
from portal.models.projects import TaskStatus
from portal.models.renderings import RenderStatus
from portal.models.telephony import NumberStatus
from portal.models.users import UserStatus
from portal.projects import services as project_services
from tests.factories import create_project, create_user


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _import_everything() -> None:
    """Every module of the portal, so that a status enum defined anywhere is found below."""
    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        importlib.import_module(module.name)


_import_everything()
STATUS_ENUMS = sorted(_subclasses(StatusEnum), key=lambda cls: cls.__name__)
MOVES = [(start, target) for enum in STATUS_ENUMS for start in enum for target in enum]
ALLOWED = [(start, target) for start, target in MOVES if target in type(start).TRANSITIONS.get(start, ())]
REFUSED = [(start, target) for start, target in MOVES if (start, target) not in ALLOWED]
STATUS_COLUMNS = sorted(
    ((mapper.class_.__name__, column.key, column.type.enum_class) for mapper in db.Model.registry.mappers
     for column in mapper.columns if isinstance(column.type, sa.Enum)
     and column.type.enum_class is not None and column.type.enum_class.__name__.endswith("Status")),
    key=lambda found: found[:2])


def _move_id(move) -> str:
    start, target = move
    return f"{type(start).__name__}.{start.value}->{target.value}"


def test_the_status_enums_are_found():
    """The generic tests below run over what is found: they must not silently run over nothing."""
    assert {UserStatus, TaskStatus, ImportStatus, RenderStatus, NumberStatus} <= set(STATUS_ENUMS)
    assert ALLOWED and REFUSED


@pytest.mark.parametrize("enum", STATUS_ENUMS, ids=lambda enum: enum.__name__)
def test_every_status_has_a_row_in_the_table_and_moves_only_within_its_enum(enum):
    assert set(enum.TRANSITIONS) == set(enum), f"{enum.__name__}: a status without its row of allowed moves"
    for start, targets in enum.TRANSITIONS.items():
        assert all(type(target) is enum for target in targets), f"{enum.__name__}.{start.name}: foreign status"


@pytest.mark.parametrize("enum", STATUS_ENUMS, ids=lambda enum: enum.__name__)
def test_every_status_has_a_display_title_of_its_own(enum):
    for status in enum:
        assert isinstance(status.title, str) and status.title.strip(), f"{status!r} has no title"
        assert status.title[0].isupper() and status.title != status.value, f"{status!r}: the raw value is shown"
        assert enum(status.value) is status and str(status) == status.value  # stored by its value
    titles = [status.title for status in enum]
    assert len(set(titles)) == len(titles), f"{enum.__name__}: two statuses look the same to people"


@pytest.mark.parametrize("table,column,enum", STATUS_COLUMNS, ids=lambda value: getattr(value, "__name__", value))
def test_every_status_column_is_moved_by_a_transition_table(table, column, enum, request):
    assert issubclass(enum, StatusEnum) and enum in STATUS_ENUMS, f"{table}.{column} is moved by no table"


@pytest.mark.parametrize("move", ALLOWED, ids=_move_id)
def test_every_move_in_the_table_is_allowed(move):
    start, target = move
    assert start.can_become(target)
    start.check_transition(target)  # raises nothing


@pytest.mark.parametrize("move", REFUSED, ids=_move_id)
def test_every_move_outside_the_table_is_refused_with_a_readable_error(move):
    start, target = move
    assert not start.can_become(target)
    with pytest.raises(TransitionError) as refused:
        start.check_transition(target)
    assert str(refused.value) == f"Cannot change from {start.title} to {target.title}."


# What people rely on, one enum at a time (the meaning, not the table copied).

def test_an_account_can_be_deactivated_and_given_back():
    assert UserStatus.INVITED.can_become(UserStatus.DEACTIVATED)  # an invitation sent by mistake is withdrawn
    assert UserStatus.ACTIVE.can_become(UserStatus.DEACTIVATED)
    assert UserStatus.DEACTIVATED.can_become(UserStatus.ACTIVE)  # reactivated, with the password it had
    assert UserStatus.DEACTIVATED.can_become(UserStatus.INVITED)  # never set a password: invited again


def test_an_active_account_is_never_sent_back_to_invited_nor_activated_twice():
    assert not UserStatus.ACTIVE.can_become(UserStatus.INVITED)
    assert not UserStatus.ACTIVE.can_become(UserStatus.ACTIVE)


def test_every_open_task_can_be_marked_done_and_every_closed_one_reopened():
    """The plan offers "Mark done" on every task that is not closed, and a closed task can be reopened."""
    for status in TaskStatus:
        if status.is_closed:
            assert any(not target.is_closed for target in TaskStatus.TRANSITIONS[status]), status
        else:
            assert status.can_become(TaskStatus.DONE), status


def test_only_a_submitted_task_can_be_sent_back_for_changes():
    assert TaskStatus.SUBMITTED.can_become(TaskStatus.CHANGES_REQUESTED)
    for status in TaskStatus:
        if status is not TaskStatus.SUBMITTED:
            assert not status.can_become(TaskStatus.CHANGES_REQUESTED), status
    assert TaskStatus.CHANGES_REQUESTED.can_become(TaskStatus.SUBMITTED)  # sent again once changed


def test_a_task_is_not_applicable_only_before_it_is_submitted_and_comes_back_not_started():
    assert TaskStatus.NOT_STARTED.can_become(TaskStatus.SKIPPED)
    assert TaskStatus.IN_PROGRESS.can_become(TaskStatus.SKIPPED)
    assert not TaskStatus.SUBMITTED.can_become(TaskStatus.SKIPPED)  # what was sent is reviewed, not waved away
    assert not TaskStatus.DONE.can_become(TaskStatus.SKIPPED)
    assert TaskStatus.SKIPPED.can_become(TaskStatus.NOT_STARTED)
    assert not TaskStatus.SKIPPED.can_become(TaskStatus.DONE)


def test_an_import_is_mapped_before_it_is_imported_and_imported_once():
    assert not ImportStatus.READ.can_become(ImportStatus.COMMITTED)
    assert ImportStatus.READ.can_become(ImportStatus.MAPPED)
    assert ImportStatus.MAPPED.can_become(ImportStatus.MAPPED)  # the person corrects the mapping before importing
    assert ImportStatus.MAPPED.can_become(ImportStatus.COMMITTED)
    assert not any(ImportStatus.COMMITTED.can_become(status) for status in ImportStatus)


def test_a_document_is_ready_only_after_being_prepared_and_then_stays_as_it_is():
    assert not RenderStatus.QUEUED.can_become(RenderStatus.READY)
    assert RenderStatus.QUEUED.can_become(RenderStatus.FAILED)  # e.g. given up before it started
    assert RenderStatus.RENDERING.can_become(RenderStatus.READY)
    for final in (RenderStatus.READY, RenderStatus.FAILED):  # asking again makes a new document
        assert not any(final.can_become(status) for status in RenderStatus), final
    assert not RenderStatus.RENDERING.can_become(RenderStatus.QUEUED)


# Through the services: a refused move changes nothing and says why; an allowed one is audited.

def test_a_requested_number_gets_its_digits_before_it_can_be_ported_or_go_live():
    assert NumberStatus.REQUESTED.can_become(NumberStatus.ASSIGNED)
    assert not NumberStatus.REQUESTED.can_become(NumberStatus.ACTIVE)
    assert not NumberStatus.REQUESTED.can_become(NumberStatus.PORTING)
    assert NumberStatus.PORTING.can_become(NumberStatus.ASSIGNED)  # a port cancelled
    assert not any(NumberStatus.ACTIVE.can_become(status) for status in NumberStatus)  # live: nothing after


def test_a_transition_outside_the_table_raises_a_readable_error_and_changes_nothing(session):
    user = create_user(status=UserStatus.ACTIVE)
    with pytest.raises(TransitionError, match="Cannot change from Active to Invited"):
        audit.transition(user, "status", UserStatus.INVITED, action="user.reinvited")
    assert user.status == UserStatus.ACTIVE
    session.flush()
    assert session.scalars(select(AuditEvent).where(AuditEvent.object_id == user.id,
                                                    AuditEvent.action == "user.reinvited")).all() == []


def test_a_task_marked_not_applicable_cannot_be_marked_done_without_being_brought_back(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        task = next(task for task in project.tasks if "Order the circuit" in task.title)
        project_services.set_task_status(task, TaskStatus.SKIPPED, "the customer keeps its internet line")
        with pytest.raises(TransitionError, match="Cannot change from Not applicable to Done."):
            project_services.set_task_status(task, TaskStatus.DONE)
        assert task.status == TaskStatus.SKIPPED
        project_services.set_task_status(task, TaskStatus.NOT_STARTED)
        project_services.set_task_status(task, TaskStatus.DONE)
        assert task.status == TaskStatus.DONE and task.completed_at is not None


def test_an_allowed_transition_is_written_to_the_audit_log(session):
    user = create_user(status=UserStatus.ACTIVE)
    audit.transition(user, "status", UserStatus.DEACTIVATED, action="user.deactivated", note="left")
    session.flush()
    event = session.scalars(select(AuditEvent).where(AuditEvent.object_id == user.id)).one()
    assert (event.action, event.from_state, event.to_state, event.note) == (
        "user.deactivated", "active", "deactivated", "left")
    assert event.organization_id == user.organization_id
