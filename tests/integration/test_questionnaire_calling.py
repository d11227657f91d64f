"""Section 5 of the questionnaire, calling patterns (issue 7): after-hours routing through a schedule
Destination, blocked outbound destinations, who hears of an emergency, each seat's caller ID."""
import html
from datetime import time

from sqlalchemy import select

from portal.core.hours import rows_of, standard_hours
from portal.models.telephony import CallerIdPresentation, DestinationKind, PhoneNumber, Schedule
from portal.models.users import Role
from tests.factories import create_call_group, create_number, create_project, create_seat, create_site, create_user


def _project(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    site = create_site(project.organization, name="Main clinic")
    project.sites.append(site)
    desk = create_seat(project, extension="100", first_name="Front", last_name="Desk")
    mailbox = create_call_group(project, "box", "After-hours mailbox")
    number = create_number(project, e164="+14155550150", site_id=site.id, destination_id=desk.destination_id)
    session.commit()
    return project, site, desk, mailbox, number, create_user(Role.PRIMARY_CONTACT, project.organization)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_after_hours_routing_goes_through_a_schedule_and_back(client, app, session):
    from portal.questionnaire.calling import check
    project, site, desk, mailbox, number, contact = _project(app, session)
    url = f"/projects/{project.id}/questionnaire/calling/numbers/{number.id}"
    client.login(contact.email)
    saved = client.submit(url, {"open_destination_id": str(desk.destination_id),
                                "closed_destination_id": str(mailbox.destination_id)})
    assert saved.status_code == 303
    session.expire_all()
    schedule = session.scalars(select(Schedule)).one()
    assert number.destination_id == schedule.destination_id and schedule.destination.kind == DestinationKind.SCHEDULE
    assert (schedule.open_destination_id, schedule.closed_destination_id, schedule.site_id) == (
        desk.destination_id, mailbox.destination_id, site.id)
    listing = _page(client.get(f"/projects/{project.id}/questionnaire/calling"))
    assert "Front Desk" in listing and "After-hours mailbox" in listing
    with app.test_request_context():
        assert "(415) 555-0150 rings differently after hours: enter the business hours of Main clinic." in [
            finding.message for finding in check(project)]
    site.hours = rows_of(standard_hours(["mon", "fri"], time(8), time(17)))
    session.commit()
    with app.test_request_context():
        assert not any("rings differently" in finding.message for finding in check(project))
    client.submit(url, {"open_destination_id": str(desk.destination_id), "closed_destination_id": ""})
    session.expire_all()
    assert session.get(PhoneNumber, number.id).destination_id == desk.destination_id
    assert session.scalars(select(Schedule)).all() == []  # no longer needed, gone with its destination


def test_outbound_blocks_and_emergency_contacts_are_saved_and_checked(client, app, session):
    from portal.questionnaire.calling import check
    project, site, desk, mailbox, number, contact = _project(app, session)
    url = f"/projects/{project.id}/questionnaire/calling"
    client.login(contact.email)
    with app.test_request_context():
        assert [finding.blocking for finding in check(project) if "emergency call" in finding.message] == [False]
    page = _page(client.submit(url, {"block_international": "y", "block_premium": "y",
                                     "extension_dialing_between_sites": "y", "emergency_email": "not an address",
                                     "emergency_number": "call Bob"}))
    assert "Use a phone number or an extension." in page and 'value="not an address"' in page
    saved = client.submit(url, {"block_international": "y", "block_premium": "y",
                                "extension_dialing_between_sites": "y", "emergency_email": "security@example.com"})
    assert saved.status_code == 303
    policy = project.calling_policy
    assert (policy.block_international, policy.block_directory, policy.emergency_email) == (
        True, False, "security@example.com")
    with app.test_request_context():
        assert not any("emergency call" in finding.message for finding in check(project))


def test_a_seat_that_shows_the_main_number_needs_one_at_its_site(client, app, session):
    from portal.questionnaire.calling import check
    project, site, desk, mailbox, number, contact = _project(app, session)
    desk.site_id, desk.caller_id = site.id, CallerIdPresentation.MAIN
    session.commit()
    with app.test_request_context():
        assert "1 seat shows the site's main number, but the site has none: add one in DID assignments." in [
            finding.message for finding in check(project)]
    from portal.models.telephony import NumberKind
    number.kind = NumberKind.MAIN
    session.commit()
    with app.test_request_context():
        assert not any("main number" in finding.message for finding in check(project))
    client.login(contact.email)
    assert "The site's main number: 1 seat" in _page(client.get(f"/projects/{project.id}/questionnaire/calling"))


def test_seats_that_show_their_own_number_need_one(client, app, session):
    """Found by the 50-user intake: 8 people without an office number showed "their own" number."""
    from portal.questionnaire.calling import check
    project, site, desk, mailbox, number, contact = _project(app, session)
    first = create_seat(project, extension="101", first_name="No", last_name="Number")
    create_seat(project, extension="102", first_name="Also", last_name="Without")
    number.destination_id = desk.destination_id
    session.commit()
    message = ("2 seats show their own number on outgoing calls but have none: give each a direct number in DID "
               "assignments, or show the site's main number (the worksheet's bulk change).")
    with app.test_request_context():
        found = [finding for finding in check(project) if "own number" in finding.message]
        assert [(finding.message, finding.blocking) for finding in found] == [(message, False)]
    create_number(project, e164="+14155550177", destination_id=first.destination_id)
    session.commit()
    with app.test_request_context():
        assert [finding.message for finding in check(project) if "own number" in finding.message] == [
            "1 seat shows its own number on outgoing calls but has none: give it a direct number in DID "
            "assignments, or show the site's main number (the worksheet's bulk change)."]


def test_seats_without_any_e911_address_are_an_error(client, app, session):
    from portal.questionnaire.calling import check
    project, site, desk, mailbox, number, contact = _project(app, session)
    nowhere = create_seat(project, extension="101", first_name="Remote", last_name="Worker")
    desk.site_id = site.id
    session.commit()
    with app.test_request_context():
        assert "1 seat has no E911 address: no site and no address of their own; emergency services would not know " \
               "where to go." in [finding.message for finding in check(project)]
    client.login(contact.email)
    page = _page(client.get(f"/projects/{project.id}/questionnaire/calling"))
    assert "<strong>Main clinic</strong>: 100 Market Street, San Francisco, CA 94105, US, for 1 of its 1 seats" in page
    assert "<strong>Seats without a site</strong>: 0 of 1 have an address of their own" in page
    nowhere.e911_street = "1 Home Road"
    session.commit()
    with app.test_request_context():
        assert not any("E911" in finding.message for finding in check(project))


def test_schedules_are_each_numbers_own_and_go_when_unused(client, app, session):
    project, site, desk, mailbox, number, contact = _project(app, session)
    client.login(contact.email)
    routing = f"/projects/{project.id}/questionnaire/calling/numbers/{number.id}"
    client.submit(routing, {"open_destination_id": str(desk.destination_id),
                            "closed_destination_id": str(mailbox.destination_id)})
    other = create_number(project, e164="+14155550151", site_id=site.id)
    session.commit()
    did = _page(client.get(f"/projects/{project.id}/questionnaire/numbers/{other.id}"))
    assert "Hours of" not in did  # a schedule is one number's own
    mine = _page(client.get(f"/projects/{project.id}/questionnaire/numbers/{number.id}"))
    assert '<option selected value="' in mine and 'Its business hours (see Calling patterns)</option>' in mine
    client.submit(f"/projects/{project.id}/questionnaire/numbers/{number.id}", {
        "e164": "(415) 555-0150", "site_id": str(site.id), "kind": "direct", "source": "ported",
        "destination_id": str(desk.destination_id), "caller_id_name": ""})
    session.expire_all()
    assert session.get(PhoneNumber, number.id).destination_id == desk.destination_id
    assert session.scalars(select(Schedule)).all() == []
