"""Create forms are as safe as edit forms (issue 13, item 3): what is typed into "Add a seat", "Add a
call queue", "Add a site" or "Request new numbers" is autosaved as a draft and restored with the
notice; a session that ends mid-form keeps it through the new login; making the record drops it."""
import html

import pytest
from sqlalchemy import func, select

from portal.models.drafts import Draft
from portal.models.telephony import Seat, SeatType
from portal.models.users import Role, User
from tests.conftest import TEST_PASSWORD
from tests.factories import create_project, create_user

AUTOSAVE = {"X-Autosave": "1", "Accept": "application/json"}


def _contact(app):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    return project, create_user(Role.PRIMARY_CONTACT, project.organization)


FORMS = {  # a create page (below the project, or the organization's sites) and a field typed there
    "seat": (lambda project: f"/projects/{project.id}/worksheet/new", "job_title", "Night receptionist"),
    "queue": (lambda project: f"/projects/{project.id}/questionnaire/call-center/new/queue", "name", "Night line"),
    "site": (lambda project: f"/organizations/{project.organization_id}/sites/new", "street", "12 Harbour Road"),
    "numbers": (lambda project: f"/projects/{project.id}/questionnaire/numbers/request", "area_code", "415"),
}


@pytest.mark.parametrize("kind", FORMS)
def test_typing_into_a_create_form_is_autosaved_and_restored(kind, client, app, session):
    project, contact = _contact(app)
    client.login(contact.email)
    page, name, typed = FORMS[kind]
    path = page(project)
    kept = client.post(path, data={**client.hidden_fields(path), name: typed}, headers=AUTOSAVE)
    assert kept.status_code == 200 and kept.json["saved_at"] and kept.json["version"] is None
    shown = html.unescape(client.get(path).get_data(as_text=True))
    assert "We restored your unsaved changes" in shown and f'value="{typed}"' in shown
    assert "data-autosave" in shown


def test_a_seat_typed_when_the_session_ended_comes_back_after_the_login_and_goes_once_added(client, app, session):
    project, contact = _contact(app)
    client.login(contact.email)
    path = f"/projects/{project.id}/worksheet/new"
    sent = client.hidden_fields(path)
    session.get(User, contact.id).session_nonce += 1  # the session ended elsewhere (a password change)
    session.commit()
    standard = str(session.scalars(select(SeatType.id).where(SeatType.key == "standard")).one())
    response = client.post(path, data={**sent, "first_name": "Ada", "last_name": "Byron", "seat_type_id": standard,
                                       "recording_mode": "none"})
    assert response.status_code == 303 and response.headers["Location"] == f"/login?next={path}"
    assert "we kept what you typed" in client.get("/login").get_data(as_text=True)
    back = client.submit(f"/login?next={path}", {"email": contact.email, "password": TEST_PASSWORD})
    assert back.headers["Location"] == path
    shown = html.unescape(client.get(path).get_data(as_text=True))
    assert "We restored your unsaved changes" in shown and 'value="Byron"' in shown
    added = client.submit(path, {"first_name": "Ada", "last_name": "Byron", "seat_type_id": standard,
                                 "recording_mode": "none"})
    assert added.status_code == 303
    assert session.scalar(select(func.count(Seat.id)).where(Seat.project_id == project.id)) == 1
    assert session.scalar(select(func.count(Draft.id)).where(Draft.user_id == contact.id)) == 0
    assert "We restored" not in client.get(path).get_data(as_text=True)


def test_a_paste_typed_when_the_session_ended_is_back_in_the_box_after_the_login(client, app, session):
    """The paste box posts to an action of its own: the new login returns to the page that holds the
    box (never a 405 page), with the rows in it; reading them drops the draft."""
    project, contact = _contact(app)
    client.login(contact.email)
    page = f"/projects/{project.id}/import/worksheet"
    sent = client.hidden_fields(page)
    rows = "First name\tLast name\nAda\tByron\n"
    assert client.post(f"{page}/paste", data={**sent, "pasted": "First name"}, headers=AUTOSAVE).status_code == 200
    session.get(User, contact.id).session_nonce += 1
    session.commit()
    response = client.post(f"{page}/paste", data={**sent, "pasted": rows})
    assert response.status_code == 303 and response.headers["Location"] == f"/login?next={page}"
    back = client.submit(f"/login?next={page}", {"email": contact.email, "password": TEST_PASSWORD})
    assert back.headers["Location"] == page
    shown = html.unescape(client.get(page).get_data(as_text=True))
    assert "We restored your unsaved changes" in shown and "Ada\tByron" in shown
    read = client.submit(f"{page}/paste", {"pasted": rows}, page=page)
    assert read.status_code == 303 and "/mapping" in read.headers["Location"]
    assert session.scalar(select(func.count(Draft.id)).where(Draft.user_id == contact.id)) == 0


def test_a_file_sent_when_the_session_ended_returns_to_its_page_and_asks_for_the_file_again(client, app, session):
    import io
    project, contact = _contact(app)
    client.login(contact.email)
    page = f"/projects/{project.id}/import/worksheet"
    sent = client.hidden_fields(page)
    session.get(User, contact.id).session_nonce += 1
    session.commit()
    response = client.post(f"{page}/file", content_type="multipart/form-data",
                           data={**sent, "spreadsheet": (io.BytesIO(b"First name\nAda\n"), "users.csv")})
    assert response.status_code == 303 and response.headers["Location"] == f"/login?next={page}"
    assert "a browser cannot keep a chosen file" in client.get("/login").get_data(as_text=True)


def test_an_autosave_arriving_after_the_seat_was_added_keeps_no_old_draft(client, app, session):
    """The click that sends the form can start one last autosave, which may arrive after the seat was
    added: it is refused, so the form does not come back later with the old values."""
    project, contact = _contact(app)
    client.login(contact.email)
    path = f"/projects/{project.id}/worksheet/new"
    sent = client.hidden_fields(path)
    standard = str(session.scalars(select(SeatType.id).where(SeatType.key == "standard")).one())
    values = {"first_name": "Ada", "last_name": "Byron", "seat_type_id": standard, "recording_mode": "none"}
    assert client.post(path, data={**sent, **values}).status_code == 303
    late = client.post(path, data={**sent, **values}, headers=AUTOSAVE)
    assert late.status_code == 409
    assert session.scalar(select(func.count(Draft.id)).where(Draft.user_id == contact.id)) == 0
    page = client.get(path).get_data(as_text=True)
    assert "We restored" not in page and 'autocomplete="off"' in page
