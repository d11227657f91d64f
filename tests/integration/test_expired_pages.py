"""An expired page loses nothing (issue 13, item 6): the worksheet's bulk change and the import's
column choices are shown again as the person left them, with nothing changed; an attachment is
attached once however often it is sent, and its description survives a lost session."""
import html
import io

from sqlalchemy import func, select

from portal.models.imports import Import
from portal.models.questionnaire import QuestionnaireAttachment
from portal.models.telephony import Seat
from portal.models.users import Role, User
from tests.conftest import TEST_PASSWORD
from tests.factories import PDF_BYTES, create_project, create_seat, create_user


def _contact(app):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    return project, create_user(Role.PRIMARY_CONTACT, project.organization)


def test_an_expired_bulk_change_keeps_the_ticks_and_the_change_and_changes_nothing(client, app, session):
    project, contact = _contact(app)
    seats = [create_seat(project, extension=str(200 + n), first_name=f"Ticked{n}") for n in range(3)]
    session.commit()
    client.login(contact.email)
    response = client.post(f"/projects/{project.id}/worksheet/bulk", data={
        "csrf_token": "stale", "change": "softphone:yes", "seat": [f"{seat.id}:1" for seat in seats[:2]]})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "nothing was changed" in page
    assert f'id="tick-{seats[0].id}" aria-label="Tick Ticked0" checked' in page
    assert f'id="tick-{seats[2].id}" aria-label="Tick Ticked2">' in page
    assert 'value="softphone:yes" selected' in page
    assert session.scalar(select(func.count(Seat.id)).where(Seat.softphone.is_(True))) == 0


def test_an_expired_mapping_keeps_the_chosen_columns(client, app, session):
    project, contact = _contact(app)
    client.login(contact.email)
    page = f"/projects/{project.id}/import/worksheet"
    client.submit(f"{page}/paste", {"pasted": "Given\tFamily\nAda\tByron\n"}, page=page)
    started = session.scalars(select(Import)).one()
    response = client.post(f"/imports/{started.id}/mapping", data={
        "csrf_token": "stale", "column-0": "first_name", "column-1": "last_name"})
    shown = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "Your session had expired" in shown
    assert 'value="first_name" selected' in shown and 'value="last_name" selected' in shown
    session.refresh(started)
    assert started.column_mapping() != {0: "first_name", 1: "last_name"}


def test_an_attachment_sent_twice_is_attached_once(client, app, session):
    project, contact = _contact(app)
    client.login(contact.email)
    page = f"/projects/{project.id}/questionnaire/other"
    sent = client.hidden_fields(page)
    data = {"csrf_token": sent["csrf_token"], "once_token": sent["once_token"], "description": "Floor plan"}
    first = client.post(f"{page}/attachments", content_type="multipart/form-data",
                        data={**data, "document": (io.BytesIO(PDF_BYTES), "plan.pdf")})
    again = client.post(f"{page}/attachments", content_type="multipart/form-data",
                        data={**data, "document": (io.BytesIO(PDF_BYTES), "plan.pdf")})
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    assert session.scalar(select(func.count(QuestionnaireAttachment.id))) == 1


def test_an_attachments_description_survives_a_lost_session(client, app, session):
    project, contact = _contact(app)
    client.login(contact.email)
    page = f"/projects/{project.id}/questionnaire/other"
    sent = client.hidden_fields(page)
    session.get(User, contact.id).session_nonce += 1
    session.commit()
    response = client.post(f"{page}/attachments", content_type="multipart/form-data", data={
        "csrf_token": sent["csrf_token"], "once_token": sent["once_token"], "description": "Floor plan, 2nd floor",
        "document": (io.BytesIO(PDF_BYTES), "plan.pdf")})
    assert response.headers["Location"] == f"/login?next={page}"
    back = client.submit(f"/login?next={page}", {"email": contact.email, "password": TEST_PASSWORD})
    assert back.headers["Location"] == page
    shown = html.unescape(client.get(page).get_data(as_text=True))
    assert 'value="Floor plan, 2nd floor"' in shown and "We restored your unsaved changes" in shown
    assert session.scalar(select(func.count(QuestionnaireAttachment.id))) == 0
