"""Every create form happens once (issue 13, item 4): a POST sent again with the same one-time token (a
slow network, a browser's resend prompt) creates nothing and answers with the first outcome; a first
attempt that was refused (a validation error, a service's refusal) leaves its token usable."""
import html
import io
import re

from sqlalchemy import func, select

from portal.core.tabular import MAX_COLUMNS
from portal.models.imports import Import
from portal.models.projects import PlanStep, ProjectTask
from portal.models.telephony import CallQueue, PhoneNumber, RingGroup, Seat, SeatType, Site, VoicemailBox
from portal.models.users import Role
from tests.conftest import HIDDEN_INPUT, NAME, VALUE
from tests.factories import PNG_BYTES, create_project, create_seat, create_site, create_user

FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S)
REPEATED = "That was done already; nothing was repeated."
PEOPLE = "First name,Last name,E-mail\nAna,Reyes,ana@example.com\nBen,Okafor,ben@example.com\n"


def _hidden(page: str, action: str | None = None) -> dict:
    """The hidden fields of the page's form with a one-time token (the one posting to `action`, if
    given), as a browser sends them back."""
    for form in FORM.findall(page):
        if 'name="once_token"' in form and (action is None or f'action="{action}"' in form):
            fields = {}
            for tag in HIDDEN_INPUT.findall(form):
                name, value = NAME.search(tag), VALUE.search(tag)
                if name and value:
                    fields.setdefault(name.group(1), html.unescape(value.group(1)))
            return fields
    raise AssertionError(f"no form with a one-time token{' posting to ' + action if action else ''}")


def _opened(client, page: str, action: str | None = None) -> dict:
    return _hidden(client.get(page).get_data(as_text=True), action)


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _refused_then_once(client, path, opened: dict, refusals, good, count, expected: int, action=None, **post):
    """Each refusal (data, message) is shown on the form with nothing created and the token it was
    sent with; the corrected form then creates `expected` rows, and the same POST sent again creates
    nothing and goes where the first one went. `good` is a dict, or a function making it (a file is
    read once per request); `action` picks the form on a page with several."""
    make = good if callable(good) else lambda: good
    for data, message in refusals:
        refused = client.post(path, data={**opened, **data}, **post)
        page = _text(refused)
        assert refused.status_code == 200 and message in page, page[-1500:]
        assert count() == 0
        assert _hidden(refused.get_data(as_text=True), action)["once_token"] == opened["once_token"]
    first = client.post(path, data={**opened, **make()}, **post)
    assert first.status_code == 303, _text(first)[-1500:]
    assert count() == expected
    again = client.post(path, data={**opened, **make()}, **post)
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert count() == expected
    assert REPEATED in _text(client.get(again.headers["Location"]))
    return first.headers["Location"]


def _project(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    site = create_site(project.organization, name="Main clinic")
    project.sites.append(site)
    seats = [create_seat(project, extension=str(100 + n), first_name=f"Agent{n}", last_name="Desk") for n in range(2)]
    session.commit()
    return project, site, seats, create_user(Role.PRIMARY_CONTACT, project.organization)


def test_add_a_seat_happens_once(client, app, session):
    project, _, _, contact = _project(app, session)
    client.login(contact.email)
    path = f"/projects/{project.id}/worksheet/new"
    standard = session.scalars(select(SeatType.id).where(SeatType.key == "standard")).one()
    good = {"first_name": "Cleo", "last_name": "Once", "extension": "1001", "seat_type_id": str(standard),
            "site_id": "", "phone_model_id": "", "recording_mode": "none", "voicemail_enabled": "y"}
    count = lambda: session.scalar(select(func.count(Seat.id)).where(Seat.last_name == "Once"))  # noqa: E731
    location = _refused_then_once(client, path, _opened(client, path), [
        ({**good, "first_name": "", "last_name": ""}, "Enter the person's name, or a label for a device."),
        ({**good, "extension": "100"}, "Extension 100 is already used by Agent0 Desk."),
    ], good, count, 1)
    assert location == f"/projects/{project.id}/worksheet"
    seat = session.scalars(select(Seat).where(Seat.last_name == "Once")).one()
    assert "once_token" not in client.get(f"/seats/{seat.id}").get_data(as_text=True)  # editing has none
    edited = client.submit(f"/seats/{seat.id}", {**good, "job_title": "Hygienist"})
    assert edited.status_code == 303
    session.expire_all()
    assert session.get(Seat, seat.id).job_title == "Hygienist"


def _queue(seats, **values) -> dict:
    return {"name": "Support", "extension": "500", "routing": "serial", "agents": [str(seat.id) for seat in seats],
            "agent_alert_seconds": "20", "max_wait_seconds": "120", "overflow_calls": "",
            "overflow_destination_id": "", "timeout_destination_id": "",
            "music_on_hold": "The provider's standard music", "announcement": "", "recording_mode": "none", **values}


def test_add_a_call_queue_happens_once(client, app, session):
    project, _, seats, contact = _project(app, session)
    client.login(contact.email)
    base = f"/projects/{project.id}/questionnaire/call-center"
    count = lambda: session.scalar(select(func.count(CallQueue.destination_id)))  # noqa: E731
    location = _refused_then_once(client, f"{base}/new/queue", _opened(client, f"{base}/new/queue"), [
        (_queue(seats, name=""), "Give it a name, like Support or Front desk."),
        (_queue(seats, extension="101"), "Extension 101 is already used by Agent1 Desk."),
    ], _queue(seats), count, 1)
    assert location == base
    queue = session.scalars(select(CallQueue)).one()
    assert queue.agents == [str(seat.id) for seat in seats]
    edit = f"{base}/{queue.destination_id}"
    assert "once_token" not in client.get(edit).get_data(as_text=True)
    assert client.submit(edit, _queue(seats, name="Support desk")).status_code == 303
    session.expire_all()
    assert session.scalars(select(CallQueue)).one().destination.name == "Support desk"


def test_add_a_ring_group_and_a_shared_voicemail_box_happen_once(client, app, session):
    project, _, seats, contact = _project(app, session)
    client.login(contact.email)
    base = f"/projects/{project.id}/questionnaire/call-center"
    group = {"name": "Front desk", "extension": "600", "strategy": "simultaneous", "members": [str(seats[0].id)],
             "ring_seconds": "20", "no_answer_destination_id": ""}
    _refused_then_once(client, f"{base}/new/group", _opened(client, f"{base}/new/group"), [
        ({**group, "ring_seconds": "1"}, "Use 5 to 300 seconds."),
    ], group, lambda: session.scalar(select(func.count(RingGroup.destination_id))), 1)
    box = {"name": "Support mailbox", "extension": "590", "recipients": [str(seats[1].id)],
           "email": "support@example.com"}
    _refused_then_once(client, f"{base}/new/box", _opened(client, f"{base}/new/box"), [
        ({**box, "extension": "600"}, "Extension 600 is already used by Front desk."),
    ], box, lambda: session.scalar(select(func.count(VoicemailBox.destination_id))), 1)


def test_add_a_site_happens_once(client, session):
    primary = create_user(Role.PRIMARY_CONTACT)
    client.login(primary.email)
    path = f"/organizations/{primary.organization_id}/sites/new"
    good = {"name": "Warehouse", "street": "1 Dock Road", "suite": "", "city": "Oakland", "state": "CA",
            "postal_code": "94612", "country": "US", "time_zone": "America/Los_Angeles"}
    count = lambda: session.scalar(select(func.count(Site.id)).where(  # noqa: E731
        Site.organization_id == primary.organization_id))
    location = _refused_then_once(client, path, _opened(client, path), [
        ({**good, "postal_code": "9461"}, "Enter a US ZIP code of 5 digits"),
    ], good, count, 1)
    assert location == f"/organizations/{primary.organization_id}/sites"
    site = session.scalars(select(Site).where(Site.organization_id == primary.organization_id)).one()
    assert "once_token" not in client.get(f"/sites/{site.id}").get_data(as_text=True)
    assert client.submit(f"/sites/{site.id}", {**good, "suite": "Dock 4"}).status_code == 303
    session.expire_all()
    assert session.get(Site, site.id).suite == "Dock 4"


def test_add_a_number_you_have_happens_once(client, app, session):
    project, site, seats, contact = _project(app, session)
    client.login(contact.email)
    base = f"/projects/{project.id}/questionnaire/numbers"
    good = {"e164": "(415) 555-0150", "site_id": str(site.id), "kind": "main", "source": "ported",
            "destination_id": str(seats[0].destination_id), "caller_id_name": "NORTHWIND"}
    client.submit(f"{base}/new", {**good, "e164": "(415) 555-0160"})  # one there already
    count = lambda: session.scalar(select(func.count(PhoneNumber.id)).where(  # noqa: E731
        PhoneNumber.e164 == "+14155550150"))
    location = _refused_then_once(client, f"{base}/new", _opened(client, f"{base}/new"), [
        ({**good, "e164": "555-0000"}, "This is not a valid phone number"),
        ({**good, "e164": "415-555-0160"}, "(415) 555-0160 is in the project already."),
    ], good, count, 1)
    assert location == base
    number = session.scalars(select(PhoneNumber).where(PhoneNumber.e164 == "+14155550150")).one()
    assert "once_token" not in client.get(f"{base}/{number.id}").get_data(as_text=True)
    assert client.submit(f"{base}/{number.id}", {**good, "caller_id_name": "NORTHWIND DEN"}).status_code == 303
    session.expire_all()
    assert session.get(PhoneNumber, number.id).caller_id_name == "NORTHWIND DEN"


def test_request_new_numbers_orders_three_once(client, app, session):
    project, site, seats, contact = _project(app, session)
    client.login(contact.email)
    path = f"/projects/{project.id}/questionnaire/numbers/request"
    good = {"site_id": str(site.id), "area_code": "415", "kind": "direct", "quantity": "3",
            "destination_id": str(seats[0].destination_id), "caller_id_name": ""}
    count = lambda: session.scalar(select(func.count(PhoneNumber.id)).where(  # noqa: E731
        PhoneNumber.project_id == project.id))
    location = _refused_then_once(client, path, _opened(client, path), [
        ({**good, "area_code": "41a"}, "Use the area code's digits, like 415."),
        ({**good, "quantity": "0"}, "Ask for 1 to 100 at a time."),
    ], good, count, 3)  # three requested numbers stay three: one order to the carrier
    assert location == f"/projects/{project.id}/questionnaire/numbers"
    assert "3 new numbers for Main clinic in area code 415" in _text(client.get(
        f"/projects/{project.id}/questionnaire/check"))
    again = client.submit(path, good)  # the form opened again is a new request
    assert again.status_code == 303 and count() == 6


def test_add_a_task_happens_once(client, app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    session.commit()
    client.login(project.ipm.email)
    path = f"/projects/{project.id}/tasks/new"
    step = session.scalars(select(PlanStep.id).where(PlanStep.number == 5)).one()
    good = {"step": str(step), "side": "provider", "title": "Check the fire alarm lines", "assignee_id": "",
            "due_on": ""}
    count = lambda: session.scalar(select(func.count(ProjectTask.id)).where(  # noqa: E731
        ProjectTask.project_id == project.id, ProjectTask.title == good["title"]))
    location = _refused_then_once(client, path, _opened(client, path), [
        ({**good, "title": ""}, "Enter the task."),
    ], good, count, 1)
    assert location == f"/projects/{project.id}"


def test_an_import_started_by_a_paste_starts_once(client, app, session):
    project, _, _, contact = _project(app, session)
    client.login(contact.email)
    start, path = f"/projects/{project.id}/import/worksheet", f"/projects/{project.id}/import/worksheet/paste"
    opened = _opened(client, start, path)
    too_wide = ",".join(f"Column {n}" for n in range(MAX_COLUMNS + 1)) + "\n"
    count = lambda: session.scalar(select(func.count(Import.id)).where(Import.project_id == project.id))  # noqa: E731
    location = _refused_then_once(client, path, opened, [
        ({"pasted": "   "}, "Paste the rows, with their header row."),
        ({"pasted": too_wide}, f"at most {MAX_COLUMNS} can be read"),
    ], {"pasted": PEOPLE}, count, 1, action=path)
    started = session.scalars(select(Import).where(Import.project_id == project.id)).one()
    assert location == f"/imports/{started.id}/mapping" and len(started.rows) == 2


def test_an_import_started_by_an_upload_starts_once_and_stores_the_file_once(client, app, session):
    from portal.models.files import StoredFile
    project, _, _, contact = _project(app, session)
    client.login(contact.email)
    start, path = f"/projects/{project.id}/import/worksheet", f"/projects/{project.id}/import/worksheet/file"
    opened = _opened(client, start, path)

    def upload(content: bytes, name: str) -> dict:
        return {"spreadsheet": (io.BytesIO(content), name)}

    files = lambda: session.scalar(select(func.count(StoredFile.id)).where(  # noqa: E731
        StoredFile.organization_id == project.organization_id))
    count = lambda: session.scalar(select(func.count(Import.id)).where(Import.project_id == project.id))  # noqa: E731
    location = _refused_then_once(client, path, opened, [
        (upload(PNG_BYTES, "people.csv"), "is not a CSV, TXT or XLSX file by its content"),
    ], lambda: upload(PEOPLE.encode(), "people.csv"), count, 1, action=path, content_type="multipart/form-data")
    started = session.scalars(select(Import).where(Import.project_id == project.id)).one()
    assert location == f"/imports/{started.id}/mapping" and files() == 1


def test_after_a_refused_upload_the_paste_form_of_the_page_can_be_sent(client, app, session):
    project, _, _, contact = _project(app, session)
    client.login(contact.email)
    base = f"/projects/{project.id}/import/worksheet"
    opened = _opened(client, base, f"{base}/file")
    refused = client.post(f"{base}/file", content_type="multipart/form-data",
                          data={**opened, "spreadsheet": (io.BytesIO(PNG_BYTES), "people.csv")})
    assert refused.status_code == 200
    paste_form = _hidden(refused.get_data(as_text=True), f"{base}/paste")
    assert paste_form["once_token"] and paste_form["once_token"] != opened["once_token"]
    pasted = client.post(f"{base}/paste", data={**paste_form, "pasted": PEOPLE})
    assert pasted.status_code == 303 and pasted.headers["Location"].endswith("/mapping")


def test_a_create_token_works_only_for_its_own_form(client, app, session):
    project, site, _, contact = _project(app, session)
    client.login(contact.email)
    numbers = f"/projects/{project.id}/questionnaire/numbers"
    seat_form = _opened(client, f"/projects/{project.id}/worksheet/new")
    response = client.post(f"{numbers}/request", data={
        **seat_form, "site_id": str(site.id), "area_code": "415", "kind": "direct", "quantity": "2",
        "destination_id": "", "caller_id_name": ""})
    page = _text(response)
    assert response.status_code == 200 and "This form was out of date, so nothing was done." in page
    assert session.scalar(select(func.count(PhoneNumber.id)).where(PhoneNumber.project_id == project.id)) == 0
    assert client.post(f"{numbers}/request", data={**_hidden(page), "site_id": str(site.id), "area_code": "415",
                                                   "kind": "direct", "quantity": "2", "destination_id": "",
                                                   "caller_id_name": ""}).status_code == 303
