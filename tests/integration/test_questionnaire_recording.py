"""Section 6 of the questionnaire, call recording (issue 7): what is recorded (seats' shared mode,
queues), the retention, the announcement, who may listen; the checks and bad input."""
import html

from sqlalchemy import select

from portal.models.audit import AuditEvent
from portal.models.telephony import RecordingMode
from portal.models.users import Role
from tests.factories import create_call_group, create_project, create_seat, create_user


def _project(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    seats = [create_seat(project, extension=str(100 + n), first_name=f"Person{n}", last_name="Desk")
             for n in range(2)]
    session.commit()
    return project, seats, create_user(Role.PRIMARY_CONTACT, project.organization)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_recorded_queue_needs_a_retention_and_who_may_listen(client, app, session):
    from portal.questionnaire.recording import check
    project, seats, contact = _project(app, session)
    queue = create_call_group(project, "queue", "Support")
    queue.recording_mode = RecordingMode.ALWAYS
    session.commit()
    url = f"/projects/{project.id}/questionnaire/recording"
    client.login(contact.email)
    with app.test_request_context():
        assert [(finding.message.split(":")[0], finding.blocking) for finding in check(project)] == [
            ("Calls are recorded", True), ("Calls are recorded, but nobody may listen to them yet", False),
            ("Some calls are always recorded", False)]
    page = _page(client.get(url))
    assert "Support" in page and "Always" in page and "Calls are recorded: say how many days" in page
    saved = client.submit(url, {"retention_days": "90", "announcement": "This call may be recorded.",
                                "listeners": [str(seats[1].id)]})
    assert saved.status_code == 303
    assert project.recording_policy.listeners == [str(seats[1].id)]
    with app.test_request_context():
        assert check(project) == []
    assert session.scalars(select(AuditEvent.note).where(
        AuditEvent.action == "questionnaire.recording_saved")).all() == ["kept 90 days, 1 may listen"]


def test_a_seats_recording_is_its_shared_column_and_bad_retentions_are_refused(client, app, session):
    project, seats, contact = _project(app, session)
    seats[0].recording_mode = RecordingMode.ON_DEMAND  # as the worksheet sets it
    session.commit()
    url = f"/projects/{project.id}/questionnaire/recording"
    client.login(contact.email)
    page = _page(client.get(url))
    assert "Recorded seats: " in page and "Person0 Desk" in page and "(on demand)" in page
    page = _page(client.submit(url, {"retention_days": "-1", "announcement": "Recorded calls."}))
    assert "Use 1 to 3650 days." in page and "Recorded calls." in page
    assert project.recording_policy.retention_days is None


def test_nothing_recorded_needs_nothing_and_readers_only_read(client, app, session):
    project, seats, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire"
    client.login(contact.email)
    done = client.submit(f"{base}/recording/progress", {"completed": "yes"}, page=f"{base}/recording")
    assert done.status_code == 303 and "Call recording: completed." in _page(client.get(base))
    client.submit("/logout", page="/")
    viewer = create_user(Role.VIEWER, project.organization)
    client.login(viewer.email)
    page = _page(client.get(f"{base}/recording"))
    assert "Not given yet" in page and 'name="retention_days"' not in page
