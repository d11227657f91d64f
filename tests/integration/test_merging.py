"""Two people saving the same record (issue 13, item 1): the second save merges three ways. A field
only one side changed keeps that side's value without asking; several choices merge as sets; only a
field both changed differently goes to the conflict page; the merged record is validated again."""
import html

from sqlalchemy import select

from portal.models.questionnaire import DialPlan
from portal.models.telephony import CallQueue, PhoneModel, Seat
from portal.models.users import Role
from tests.factories import create_project, create_seat, create_user
from tests.integration.test_questionnaire_call_center import _queue
from tests.integration.test_questionnaire_keys import _keys


def _two_contacts(app, session):
    """A project with four seats and two of its contacts, each in their own browser."""
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    seats = [create_seat(project, extension=str(100 + n), first_name=f"Person{n}", last_name="Desk",
                         email=f"person{n}@example.com") for n in range(4)]
    session.commit()
    first, second = (create_user(role, project.organization) for role in (Role.PRIMARY_CONTACT,
                                                                          Role.SECONDARY_CONTACT))
    return project, seats, first, second


def _browser(app, user):
    browser = app.test_client()
    browser.login(user.email)
    return browser


def _seat_form(seat, **values) -> dict:
    data = {"first_name": seat.first_name, "last_name": seat.last_name, "email": seat.email or "",
            "extension": seat.extension or "", "direct_number": "", "seat_type_id": str(seat.seat_type_id),
            "site_id": "", "phone_model_id": "", "recording_mode": "none", "voicemail_enabled": "y",
            "job_title": "", "department": "", **values}
    return {name: value for name, value in data.items() if value is not False}


def test_different_fields_of_one_seat_are_both_kept_without_a_conflict_page(client, app, session):
    project, seats, first, second = _two_contacts(app, session)
    path = f"/seats/{seats[0].id}"
    client.login(first.email)
    other = _browser(app, second)
    mine, theirs = client.hidden_fields(path), other.hidden_fields(path)  # both open the seat
    my_values = _seat_form(seats[0], department="Front office")
    assert other.post(path, data={**theirs, **_seat_form(seats[0], job_title="Office manager")}).status_code == 303
    saved = client.post(path, data={**mine, **my_values})
    assert saved.status_code == 303  # no conflict page: nobody chose anything
    seat = session.get(Seat, seats[0].id)
    session.refresh(seat)
    assert (seat.job_title, seat.department, seat.version) == ("Office manager", "Front office", 3)


def test_one_field_changed_differently_is_the_only_choice_and_the_rest_is_kept(client, app, session):
    project, seats, first, second = _two_contacts(app, session)
    path = f"/seats/{seats[0].id}"
    client.login(first.email)
    other = _browser(app, second)
    mine, theirs = client.hidden_fields(path), other.hidden_fields(path)
    my_values = _seat_form(seats[0], job_title="Practice lead", department="Front office")
    other.post(path, data={**theirs, **_seat_form(seats[0], job_title="Office manager")})
    page = client.post(path, data={**mine, **my_values})
    text = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 409 and text.count('type="radio"') == 2
    assert 'name="job_title" value="Practice lead" checked' in text and "Office manager" in text
    assert "Front office" in text and "(your change)" in text
    seat = session.get(Seat, seats[0].id)
    session.refresh(seat)
    assert (seat.job_title, seat.department) == ("Office manager", None)  # nothing of mine yet


def test_a_merged_seat_that_breaks_a_rule_is_shown_again_with_what_is_wrong(client, app, session):
    """One person clears the seat's e-mail, the other ticks voicemail to e-mail: each alone is fine,
    together they are not, so nothing of the second is saved and the form says why."""
    project, seats, first, second = _two_contacts(app, session)
    path = f"/seats/{seats[1].id}"
    client.login(first.email)
    other = _browser(app, second)
    mine, theirs = client.hidden_fields(path), other.hidden_fields(path)
    my_values = _seat_form(seats[1], voicemail_to_email="y")  # typed before the other save
    other.post(path, data={**theirs, **_seat_form(seats[1], email="")})
    page = client.post(path, data={**mine, **my_values})
    text = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 200 and "Voicemail to e-mail needs the seat's e-mail address." in text
    assert "Someone else saved this meanwhile" in text
    seat = session.get(Seat, seats[1].id)
    session.refresh(seat)
    assert (seat.email, seat.voicemail_to_email, seat.version) == (None, False, 2)


def test_agents_added_by_two_people_are_all_kept(client, app, session):
    project, seats, first, second = _two_contacts(app, session)
    base = f"/projects/{project.id}/questionnaire/call-center"
    client.login(first.email)
    client.submit(f"{base}/new/queue", _queue(seats[:1]))
    queue = session.scalars(select(CallQueue)).one()
    path = f"{base}/{queue.destination_id}"
    other = _browser(app, second)
    mine, theirs = client.hidden_fields(path), other.hidden_fields(path)
    assert other.post(path, data={**theirs, **_queue(seats[:2])}).status_code == 303
    assert client.post(path, data={**mine, **_queue([seats[0], seats[2]])}).status_code == 303
    session.expire_all()
    assert sorted(queue.agents) == sorted(str(seat.id) for seat in seats[:3])


def test_two_answers_of_the_dial_plan_are_both_kept(client, app, session):
    project, seats, first, second = _two_contacts(app, session)
    path = f"/projects/{project.id}/questionnaire/dial-plan"
    client.login(first.email)
    client.submit(path, {"extension_length": "3", "outbound_access_code": "", "operator_extension": ""})
    other = _browser(app, second)
    mine, theirs = client.hidden_fields(path), other.hidden_fields(path)
    other.post(path, data={**theirs, "extension_length": "3", "outbound_access_code": "9", "operator_extension": ""})
    saved = client.post(path, data={**mine, "extension_length": "3", "outbound_access_code": "",
                                    "operator_extension": "100"})
    assert saved.status_code == 303
    plan = session.scalars(select(DialPlan).where(DialPlan.project_id == project.id)).one()
    session.refresh(plan)
    assert (plan.outbound_access_code, plan.operator_extension) == ("9", "100")


def test_two_keys_of_a_default_layout_changed_by_two_people_are_both_kept(client, app, session):
    project, seats, first, second = _two_contacts(app, session)
    model = session.scalars(select(PhoneModel).where(PhoneModel.model == "VVX 450")).one()
    for seat in seats:
        seat.phone_model_id = model.id
    session.commit()
    path = f"/projects/{project.id}/questionnaire/keys/models/{model.id}"
    client.login(first.email)
    client.submit(path, _keys(model, key_1=("line", "Line 1", "")))
    other = _browser(app, second)
    mine, theirs = client.hidden_fields(path), other.hidden_fields(path)
    changed = other.post(path, data={**theirs, **_keys(model, key_1=("line", "Line 1", ""),
                                                       key_2=("blf", "Reception", "100"))})
    assert changed.status_code == 303  # a default layout saved a second time (it met a conflict before)
    saved = client.post(path, data={**mine, **_keys(model, key_1=("line", "Line 1", ""), key_3=("dnd", "DND", ""))})
    assert saved.status_code == 303
    page = html.unescape(client.get(path).get_data(as_text=True))
    assert 'value="Reception"' in page and 'value="DND"' in page


def test_a_sites_name_and_suite_changed_by_two_people_are_both_kept(client, app, session):
    from portal.models.telephony import Site
    from tests.factories import create_site
    project, seats, first, second = _two_contacts(app, session)
    site = create_site(project.organization, name="Main clinic")
    session.commit()
    path = f"/sites/{site.id}"
    client.login(first.email)
    other = _browser(app, second)
    mine, theirs = client.hidden_fields(path), other.hidden_fields(path)
    fields = {"name": "Main clinic", "street": site.street, "suite": "", "city": site.city, "state": site.state,
              "postal_code": site.postal_code, "country": site.country, "time_zone": site.time_zone}
    assert other.post(path, data={**theirs, **fields, "suite": "Suite 200"}).status_code == 303
    assert client.post(path, data={**mine, **fields, "name": "Main clinic (downtown)"}).status_code == 303
    session.expire_all()
    stored = session.get(Site, site.id)
    assert (stored.name, stored.suite) == ("Main clinic (downtown)", "Suite 200")


def test_a_numbers_after_hours_and_business_hours_set_by_two_people_are_both_kept(client, app, session):
    """A view over rows (a number's routing) merges too: one person sends after-hours calls to the
    mailbox while the other sends business-hours calls to another desk."""
    from portal.models.telephony import Schedule
    from tests.factories import create_call_group, create_number
    project, seats, first, second = _two_contacts(app, session)
    mailbox = create_call_group(project, "box", "After-hours mailbox")
    number = create_number(project, e164="+14155550150", destination_id=seats[0].destination_id)
    session.commit()
    path = f"/projects/{project.id}/questionnaire/calling/numbers/{number.id}"
    client.login(first.email)
    other = _browser(app, second)
    mine, theirs = client.hidden_fields(path), other.hidden_fields(path)
    desk, mailbox_id = str(seats[0].destination_id), str(mailbox.destination_id)
    assert other.post(path, data={**theirs, "open_destination_id": str(seats[1].destination_id),
                                  "closed_destination_id": ""}).status_code == 303
    assert client.post(path, data={**mine, "open_destination_id": desk,
                                   "closed_destination_id": mailbox_id}).status_code == 303
    session.expire_all()
    schedule = session.scalars(select(Schedule)).one()
    assert (schedule.open_destination_id, schedule.closed_destination_id) == (seats[1].destination_id,
                                                                              mailbox.destination_id)
