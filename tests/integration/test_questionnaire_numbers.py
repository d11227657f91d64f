"""Section 3 of the questionnaire: the project's numbers, where they ring, new numbers requested."""
import html

from sqlalchemy import select

from portal.models.telephony import NumberSource, NumberStatus, PhoneNumber, Seat
from portal.models.users import Role
from tests.factories import create_number, create_project, create_seat, create_site, create_user


def _project(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    site = create_site(project.organization, name="Main clinic")
    project.sites.append(site)
    seat = create_seat(project, extension="101", first_name="Ana", last_name="Reyes")
    session.commit()
    return project, site, seat, create_user(Role.PRIMARY_CONTACT, project.organization)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_number_is_added_routed_and_checked(client, app, session):
    project, site, seat, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire/numbers"
    client.login(contact.email)
    response = client.submit(f"{base}/new", {"e164": "(415) 555-0150", "site_id": str(site.id), "kind": "main",
                                             "source": "ported", "destination_id": "", "caller_id_name": "NORTHWIND"})
    assert response.status_code == 303
    number = session.scalars(select(PhoneNumber).where(PhoneNumber.e164 == "+14155550150")).one()
    check = _page(client.get(f"/projects/{project.id}/questionnaire/check"))
    assert "(415) 555-0150 rings nothing: choose where it rings." in check
    assert f'href="{base}/{number.id}#destination_id"' in check
    client.submit(f"{base}/{number.id}", {"e164": "(415) 555-0150", "site_id": str(site.id), "kind": "main",
                                          "source": "ported", "destination_id": str(seat.destination_id),
                                          "caller_id_name": "NORTHWIND"})
    session.expire_all()
    assert session.get(PhoneNumber, number.id).destination_id == seat.destination_id
    listing = _page(client.get(base))
    assert "Ana Reyes (101)" in listing and "NORTHWIND" in listing
    assert "rings nothing" not in _page(client.get(f"/projects/{project.id}/questionnaire/check"))


def test_bad_numbers_and_names_are_explained_and_kept(client, app, session):
    project, site, seat, contact = _project(app, session)
    create_number(project, e164="+14155550150")
    base = f"/projects/{project.id}/questionnaire/numbers"
    client.login(contact.email)
    page = _page(client.submit(f"{base}/new", {"e164": "555-0000", "site_id": str(site.id), "kind": "direct",
                                               "source": "new", "caller_id_name": "NORTHWIND DENTAL GROUP"}))
    assert "This is not a valid phone number" in page and "at most 15 characters" in page
    assert 'value="NORTHWIND DENTAL GROUP"' in page
    page = _page(client.submit(f"{base}/new", {"e164": "415-555-0150", "site_id": str(site.id), "kind": "direct",
                                               "source": "new"}))
    assert "(415) 555-0150 is in the project already." in page


def test_new_numbers_are_requested_until_staff_enter_what_the_carrier_assigned(client, app, session):
    project, site, seat, contact = _project(app, session)
    base = f"/projects/{project.id}/questionnaire/numbers"
    client.login(contact.email)
    client.submit(f"{base}/request", {"site_id": str(site.id), "area_code": "415", "kind": "direct",
                                      "quantity": "3", "destination_id": str(seat.destination_id)})
    requested = session.scalars(select(PhoneNumber).where(PhoneNumber.project_id == project.id)).all()
    assert [(n.status, n.e164, n.requested_area_code) for n in requested] == [(NumberStatus.REQUESTED, None, "415")] * 3
    check = _page(client.get(f"/projects/{project.id}/questionnaire/check"))
    assert "3 new numbers for Main clinic in area code 415 not assigned by the carrier yet." in check
    assert 'name="e164"' not in _page(client.get(f"{base}/{requested[0].id}"))  # the customer cannot invent it
    client.submit("/logout", page="/")
    ipm = create_user(Role.IPM)
    project.ipm_id = ipm.id
    session.commit()
    client.login(ipm.email)
    client.submit(f"{base}/{requested[0].id}", {"e164": "+1 415 555 0177", "site_id": str(site.id), "kind": "direct",
                                                "source": "new", "destination_id": str(seat.destination_id)})
    session.expire_all()
    assert (session.get(PhoneNumber, requested[0].id).status, session.get(PhoneNumber, requested[0].id).e164) == (
        NumberStatus.ASSIGNED, "+14155550177")
    assert "2 new numbers for Main clinic" in _page(client.get(f"/projects/{project.id}/questionnaire/check"))


def test_saving_a_number_keeps_what_the_lists_do_not_offer_and_never_empties_it(client, app, session):
    project, site, seat, contact = _project(app, session)
    elsewhere = create_site(project.organization, name="Warehouse")  # the customer's, not this project's
    number = create_number(project, e164="+14155550150", site_id=elsewhere.id, source=NumberSource.PORTED)
    session.commit()
    url = f"/projects/{project.id}/questionnaire/numbers/{number.id}"
    client.login(contact.email)
    assert client.submit(url, {"caller_id_name": "WAREHOUSE", "site_id": str(elsewhere.id), "kind": "direct",
                               "source": "ported", "destination_id": ""}).status_code == 303
    session.expire_all()
    assert (session.get(PhoneNumber, number.id).site_id, session.get(PhoneNumber, number.id).caller_id_name) == (
        elsewhere.id, "WAREHOUSE")
    page = _page(client.submit(url, {"e164": ""}))
    assert "A number cannot be emptied" in page
    session.expire_all()
    assert session.get(PhoneNumber, number.id).e164 == "+14155550150"


def test_a_requested_number_is_not_taken_for_the_seats_direct_number(client, app, session):
    project, site, seat, contact = _project(app, session)
    client.login(contact.email)
    client.submit(f"/projects/{project.id}/questionnaire/numbers/request", {
        "site_id": str(site.id), "area_code": "415", "kind": "direct", "quantity": "1",
        "destination_id": str(seat.destination_id)})
    session.expire_all()
    assert session.get(Seat, seat.id).direct_number is None
    from portal.worksheet.services import update_seat
    seat = session.get(Seat, seat.id)
    update_seat(seat, seat.version, {"extension": "101", "direct_number": "+14155550101"})
    session.commit()
    requested = session.scalars(select(PhoneNumber).where(PhoneNumber.e164.is_(None))).one()
    assert requested.destination_id == seat.destination_id  # still ringing Ana, as asked


def test_several_main_numbers_at_one_site_ask_for_a_look(client, app, session):
    from portal.models.telephony import NumberKind
    project, site, seat, contact = _project(app, session)
    for e164 in ("+14155550150", "+14155550160"):
        create_number(project, e164=e164, kind=NumberKind.MAIN, site_id=site.id, destination_id=seat.destination_id)
    session.commit()
    client.login(contact.email)
    check = _page(client.get(f"/projects/{project.id}/questionnaire/check"))
    assert "Main clinic has 2 main numbers ((415) 555-0150, (415) 555-0160): keep one, or make the others direct " \
           "numbers." in check
    from portal.questionnaire.numbers import check as check_numbers
    with app.test_request_context():
        assert [finding.blocking for finding in check_numbers(project)] == [False]


def test_digits_added_by_someone_else_in_the_same_instant_are_a_clear_error(app, session):
    import pytest
    from sqlalchemy import event, insert

    from portal.models.telephony import NumberKind
    from portal.questionnaire import services
    project, site, seat, contact = _project(app, session)
    theirs = {"project_id": project.id, "e164": "+14155550150", "kind": NumberKind.DIRECT,
              "status": NumberStatus.ASSIGNED, "site_id": site.id}
    arrived = []

    def someone_else_saves_the_same_digits(number, args, kwargs):
        """Our row is being made: the check found the digits free; theirs is written just now."""
        if kwargs.get("e164") == theirs["e164"] and not arrived:
            session.connection().execute(insert(PhoneNumber.__table__).values(**theirs))
            arrived.append(theirs["e164"])

    event.listen(PhoneNumber, "init", someone_else_saves_the_same_digits)
    try:
        with pytest.raises(services.NumberError,
                           match=r"\(415\) 555-0150 was just added to the project by someone else"):
            services.add_number(project, {"e164": "+14155550150", "site_id": site.id, "kind": NumberKind.MAIN})
    finally:
        event.remove(PhoneNumber, "init", someone_else_saves_the_same_digits)
    assert arrived == ["+14155550150"]  # the check had let ours through: the database refused it
    kept = session.execute(select(PhoneNumber.e164, PhoneNumber.kind).where(PhoneNumber.project_id == project.id))
    assert kept.all() == [("+14155550150", NumberKind.DIRECT)]  # theirs stays, ours is not half-written
