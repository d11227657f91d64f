"""Port requests (issue 18, part 1 begun): a contact adds one for a carrier account with the project's
numbers ticked and more pasted as ranges (added to the project as ported numbers), is refused a
port date inside the carrier's lead time with the earliest one offered, a number on another request,
a partial port that moves the BTN without a new one, unreadable pasted lines with their line; the
account PIN is kept encrypted and never shown; another organization's request answers 404."""
import html
import re
from datetime import date

from sqlalchemy import select, text

from portal.core.business_days import add_business_days
from portal.extensions import db
from portal.models.porting import PortRequest
from portal.models.telephony import NumberSource, NumberStatus, PhoneNumber
from portal.models.users import Role
from tests.factories import create_number, create_organization, create_project, create_site, create_user

NEW = "/projects/{}/porting/new"


def _project(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False, go_live=add_business_days(date.today(), 30))
    site = create_site(project.organization, name="Main clinic", street="500 Market St", city="San Francisco",
                       state="CA", postal_code="94105", country="US")
    project.sites.append(site)
    numbers = [create_number(project, e164=f"+1415555{n:04d}", site_id=site.id) for n in (200, 201)]
    for number in numbers:
        number.source = NumberSource.PORTED
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    session.commit()
    return project, numbers, contact


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _values(client, project, **values) -> dict:
    typed = {**client.form_values(NEW.format(project.id), "customer_name"),
             "customer_name": "Northwind Dental Group, Inc.", "btn": "(415) 555-0200", "current_carrier": "AT&T",
             "account_number": "8831 2200 19", "account_pin": "4417", "authorized_title": "Office manager",
             "full_port": "yes", "authorized_phone": "(415) 555-0188"}
    return {**typed, **values}


def test_a_contact_adds_a_request_with_ticked_and_pasted_numbers(client, app, session):
    project, numbers, contact = _project(app, session)
    client.login(contact.email)
    page = _page(client.get(NEW.format(project.id)))
    assert 'value="Main clinic"' not in page and 'value="500 Market St"' in page  # the first site's address
    assert "(415) 555-0200" in page and "(415) 555-0201" in page  # the project's numbers to port, offered
    made = client.post(NEW.format(project.id), data=_values(client, project, numbers=[str(numbers[0].id),
                                                                                       str(numbers[1].id)],
                                                            pasted="415-555-0300 to 0309\n(415) 555-0201"))
    assert made.status_code == 303, _page(made)[:3000]
    request = session.scalars(select(PortRequest)).one()
    ported = sorted(item.phone_number.e164 for item in request.numbers)
    assert len(ported) == 12 and ported[0] == "+14155550200" and ported[-1] == "+14155550309"
    added = session.scalars(select(PhoneNumber).where(PhoneNumber.e164 == "+14155550305")).one()
    assert (added.source, added.status, added.project_id) == (NumberSource.PORTED, NumberStatus.ASSIGNED, project.id)
    assert request.requested_on == project.target_go_live and request.account_pin == "4417"
    stored = session.execute(text("SELECT account_pin FROM port_requests")).scalar()
    assert stored and "4417" not in stored  # encrypted at rest
    shown = _page(client.get(made.headers["Location"]))
    assert "The port request for account 8831 2200 19 was added." in shown and "4417" not in shown


def test_a_port_date_inside_the_lead_time_is_refused_with_the_earliest_one(client, app, session):
    project, numbers, contact = _project(app, session)
    client.login(contact.email)
    soon = add_business_days(date.today(), 3)
    refused = client.post(NEW.format(project.id), data=_values(client, project, numbers=[str(numbers[0].id)],
                                                               requested_on=soon.isoformat()))
    page = _page(refused)
    earliest = add_business_days(date.today(), 9)
    assert refused.status_code == 200
    assert f"Carriers need 9 business days to port numbers: the earliest port date is {earliest:%A %d %B %Y}." in page
    assert 'value="8831 2200 19"' in page  # what was typed is kept
    assert session.scalar(select(db.func.count(PortRequest.id))) == 0


def test_pasted_lines_that_cannot_be_read_are_named_with_their_line(client, app, session):
    project, numbers, contact = _project(app, session)
    client.login(contact.email)
    refused = _page(client.post(NEW.format(project.id), data=_values(
        client, project, pasted="415-555-0300\n123\n4155550100 to 4155650100")))
    assert "Line 2 (“123”): “123” cannot exist: check the digits and the country code." in refused
    assert "a range holds at most 1,000 numbers; this one holds 100,001." in refused
    assert "4155550100 to 4155650100" in refused  # the pasted text is kept


def test_a_number_is_on_one_request_and_a_partial_port_moving_the_btn_needs_a_new_one(client, app, session):
    project, numbers, contact = _project(app, session)
    client.login(contact.email)
    assert client.post(NEW.format(project.id), data=_values(
        client, project, numbers=[str(numbers[0].id)])).status_code == 303
    offered = re.findall(r'<input[^>]*name="numbers"[^>]*value="(\d+)"', _page(client.get(NEW.format(project.id))))
    assert offered == [str(numbers[1].id)]  # the number on the first request is offered no more
    twice = _page(client.post(NEW.format(project.id), data=_values(
        client, project, account_number="77", btn="(415) 555-0201", pasted="(415) 555-0200")))
    assert "(415) 555-0200 is already on the request for account 8831 2200 19 at AT&T: a number is ported once." \
        in twice
    partial = _page(client.post(NEW.format(project.id), data=_values(
        client, project, account_number="77", btn="(415) 555-0201", numbers=[str(numbers[1].id)], full_port="no")))
    assert "The BTN (415) 555-0201 leaves the account with this partial port: give the number that becomes the " \
           "account's billing number." in partial


def test_the_pin_is_kept_when_left_blank_and_another_organization_sees_nothing(client, app, session):
    project, numbers, contact = _project(app, session)
    client.login(contact.email)
    made = client.post(NEW.format(project.id), data=_values(client, project, numbers=[str(numbers[0].id)]))
    url = made.headers["Location"]
    values = {**client.form_values(url, "customer_name"), "account_pin": "", "current_carrier": "AT&T Business"}
    assert client.post(url, data=values).status_code == 303
    request = session.scalars(select(PortRequest)).one()
    session.refresh(request)
    assert (request.current_carrier, request.account_pin) == ("AT&T Business", "4417")
    stranger = create_user(Role.PRIMARY_CONTACT, create_organization("Elsewhere"))
    session.commit()
    client.post("/logout", data={"csrf_token": client.csrf_token("/")})
    client.login(stranger.email)
    assert client.get(url).status_code == 404
