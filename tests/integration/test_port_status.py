"""A port request's status (issue 18): staff move it as the carrier answers; each move is audited and
e-mailed to the customer's contacts; its numbers follow (submitted: porting, ported: active,
cancelled: assigned again); an exception goes back to the customer with its reason, and their saved
changes make it ready to sign again; what a move needs is asked at its field; customers cannot move
it; a request with the carrier can no longer be changed by the customer."""
import html
from datetime import datetime, timezone

from sqlalchemy import select

from portal.models.audit import AuditEvent
from portal.models.porting import ExceptionReason, PortStatus
from portal.models.telephony import NumberStatus
from portal.models.users import Role
from tests.factories import create_port_request, create_project, create_site, create_user, sign_port_request


def _request(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    request = create_port_request(project, numbers=("+14155550200", "+14155550201"))
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    session.commit()
    return project, request, contact, f"/projects/{project.id}/porting/{request.id}"


def _move(client, page: str, **values):
    return client.post(f"{page}/status", data={**client.form_values(page, "target"), **values})


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_staff_move_a_request_to_the_carrier_and_back_and_the_numbers_follow(client, app, session, outbox):
    project, request, contact, page = _request(app, session)
    client.login(project.ipm.email)
    assert _move(client, page, target="ready_to_sign").status_code == 303
    assert 'value="signed"' not in _page(client.get(page))  # not offered: the customer signs online
    assert _move(client, page, target="signed", note="Signed on paper on 3 Dec.").status_code == 200  # refused
    session.refresh(request)
    assert request.status == PortStatus.READY_TO_SIGN
    with app.test_request_context():
        sign_port_request(request, contact)  # the customer signs online (tests/integration/test_loa_signing.py)
    session.commit()
    assert _move(client, page, target="submitted").status_code == 303
    session.refresh(request)
    assert request.status == PortStatus.SUBMITTED
    assert {item.phone_number.status for item in request.numbers} == {NumberStatus.PORTING}
    assert any("Port request submitted to the carrier: account 8831 2200 19" in message["Subject"]
               for message in outbox)
    refused = _page(_move(client, page, target="exception"))
    assert "Choose why the carrier rejected the request." in refused
    assert _move(client, page, target="exception", reason="name",
                 note="The bill says Northwind Dental Group Inc").status_code == 303
    session.refresh(request)
    assert (request.status, request.exception_reason) == (PortStatus.EXCEPTION, ExceptionReason.NAME)
    moves = session.scalars(select(AuditEvent.to_state).where(AuditEvent.action == "port_request.status_changed")
                            .order_by(AuditEvent.id)).all()
    assert moves == ["ready_to_sign", "signed", "submitted", "exception"]


def test_the_customer_fixes_an_exception_and_it_is_ready_to_sign_again(client, app, session):
    project, request, contact, page = _request(app, session)
    request.status, request.exception_reason = PortStatus.EXCEPTION, ExceptionReason.NAME
    request.exception_note = "The bill says Northwind Dental Group Inc"
    session.commit()
    client.login(contact.email)
    shown = _page(client.get(page))
    assert "The carrier did not accept this request: The name does not match the bill." in shown
    assert "Move the request" not in shown  # the customer does not move it
    values = {**client.form_values(page, "customer_name"), "customer_name": "Northwind Dental Group Inc"}
    assert client.post(page, data=values).status_code == 303
    session.refresh(request)
    assert (request.status, request.customer_name) == (PortStatus.READY_TO_SIGN, "Northwind Dental Group Inc")
    assert client.post(f"{page}/status", data={"csrf_token": client.csrf_token(page),
                                               "target": "signed"}).status_code == 403


def test_the_foc_and_the_port_and_a_cancellation(client, app, session):
    project, request, contact, page = _request(app, session)
    project.sites.append(create_site(project.organization, name="Head office"))  # in America/Los_Angeles
    request.status = PortStatus.SUBMITTED
    for item in request.numbers:
        item.phone_number.status = NumberStatus.PORTING
    session.commit()
    client.login(project.ipm.email)
    refused = _page(_move(client, page, target="foc_confirmed"))
    assert "Enter the FOC date and time the carrier confirmed." in refused
    assert "when the carrier moves the numbers, America/Los_Angeles time." in refused  # the site's zone, named
    # late in the evening where the customer is, already the next day in UTC
    assert _move(client, page, target="foc_confirmed", foc_at="2027-01-12T23:30").status_code == 303
    session.refresh(request)
    assert request.status == PortStatus.FOC_CONFIRMED
    assert request.foc_at == datetime(2027, 1, 13, 7, 30, tzinfo=timezone.utc)
    timeline = _page(client.get(f"/projects/{project.id}"))
    assert "FOC 8831 2200 19 on 12 Jan 2027" in timeline  # on the timeline, and in its text
    assert _move(client, page, target="ported").status_code == 303
    session.refresh(request)
    assert {item.phone_number.status for item in request.numbers} == {NumberStatus.ACTIVE}
    other = create_port_request(project, numbers=("+14155550300",), account_number="77")
    other.status = PortStatus.SUBMITTED
    other.numbers[0].phone_number.status = NumberStatus.PORTING
    session.commit()
    other_page = f"/projects/{project.id}/porting/{other.id}"
    assert "Say why the request is cancelled." in _page(_move(client, other_page, target="cancelled"))
    assert _move(client, other_page, target="cancelled", note="The customer keeps this line.").status_code == 303
    session.refresh(other)
    assert (other.status, other.numbers[0].phone_number.status) == (PortStatus.CANCELLED, NumberStatus.ASSIGNED)


def test_a_request_with_the_carrier_cannot_be_changed_by_the_customer(client, app, session):
    project, request, contact, page = _request(app, session)
    request.status = PortStatus.SUBMITTED
    session.commit()
    client.login(contact.email)
    shown = _page(client.get(page))
    assert 'name="customer_name"' not in shown and "Customer Inc." in shown  # read, not a form


def test_a_number_with_the_carrier_keeps_its_digits_and_stays_ported(client, app, session):
    project, request, contact, page = _request(app, session)
    request.status = PortStatus.SUBMITTED
    session.commit()
    number = request.numbers[0].phone_number
    client.login(contact.email)
    url = f"/projects/{project.id}/questionnaire/numbers/{number.id}"
    refused = _page(client.post(url, data={**client.form_values(url, "e164"), "e164": "(415) 555-0299"}))
    assert "(415) 555-0200 is with the carrier on the port request for account 8831 2200 19 (submitted to the " \
           "carrier): it keeps its digits and stays a ported number until the port is done or cancelled." in refused
    refused = _page(client.post(url, data={**client.form_values(url, "e164"), "source": "new"}))
    assert "is with the carrier on the port request" in refused
    assert client.post(url, data={**client.form_values(url, "e164"), "caller_id_name": "NORTHWIND"}).status_code == 303
    session.refresh(number)
    assert (number.e164, number.caller_id_name) == ("+14155550200", "NORTHWIND")


def test_the_numbers_import_cannot_make_a_number_with_the_carrier_new(app, session):
    from portal.questionnaire.number_import import NumberContext, check_number_row
    project, request, contact, page = _request(app, session)
    request.status = PortStatus.FOC_CONFIRMED
    session.commit()
    with app.test_request_context():
        context = NumberContext(project, "US", staff=False)
        row = check_number_row({"e164": "(415) 555-0200", "source": "new"}, context)
        assert row.errors and "is with the carrier on the port request for account 8831 2200 19" in row.errors[0]
        assert check_number_row({"e164": "(415) 555-0200", "source": "ported"}, context).errors == []
