"""Number the extensions (issue 15, item 2): many seats get an extension in one go, previewed
first, taken extensions skipped, applied at the versions the preview showed."""
import html

from portal.models.users import Role
from tests.factories import create_call_group, create_project, create_seat, create_user


def _project(app, session, length=3):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    project.dial_plan.extension_length = length
    seats = [create_seat(project, first_name=name, last_name="Desk", extension=extension,
                         direct_number=number) for name, extension, number in (
        ("Ana", None, "+13125550142"), ("Bea", "101", None), ("Cy", None, None), ("Dan", None, "+13125550101"))]
    session.commit()
    return project, seats, create_user(Role.PRIMARY_CONTACT, project.organization)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_seats_without_an_extension_are_numbered_in_order_skipping_taken_ones(client, app, session):
    project, seats, contact = _project(app, session)
    create_call_group(project, "queue", "Support").destination.extension = "102"
    session.commit()
    client.login(contact.email)
    path = f"/projects/{project.id}/questionnaire/extensions/number"
    preview = _page(client.submit(path, {"method": "in_order", "first": "101", "step": "1", "only_missing": "yes"}))
    assert "3 seats get an extension." in preview and "Give these 3 extensions" in preview
    assert [seat.extension for seat in seats] == [None, "101", None, None]  # nothing written by the preview
    rows = [line for line in preview.split('name="row" value="')[1:]]
    given = {int(row.split(":")[0]): row.split('"')[0].rsplit(":", 1)[1] for row in rows}
    assert [given[seat.id] for seat in (seats[0], seats[2], seats[3])] == ["103", "104", "105"]  # in name order
    applied = client.submit(path, {"method": "in_order", "first": "101", "step": "1", "only_missing": "yes",
                                   "apply": "1", "row": [row.split('"')[0] for row in rows]})
    assert applied.status_code == 303
    session.expire_all()
    assert sorted(seat.extension for seat in seats) == ["101", "103", "104", "105"]
    assert "3 extensions were given." in _page(client.get(applied.headers["Location"]))


def test_the_last_digits_of_the_direct_number_skip_seats_without_one_or_whose_digits_are_taken(client, app, session):
    project, seats, contact = _project(app, session)
    client.login(contact.email)
    path = f"/projects/{project.id}/questionnaire/extensions/number"
    preview = _page(client.submit(path, {"method": "from_number", "first": "", "step": "1", "only_missing": "yes"}))
    assert "1 seat gets an extension; 2 are skipped." in preview
    assert "Skipped: No direct number to take the digits from." in preview  # Cy
    assert "Skipped: 101 is taken already" in preview and ':142"' in preview  # Dan's 101 is Bea's; Ana gets 142


def test_a_seat_changed_after_the_preview_is_not_overwritten(client, app, session):
    project, seats, contact = _project(app, session)
    client.login(contact.email)
    path = f"/projects/{project.id}/questionnaire/extensions/number"
    preview = _page(client.submit(path, {"method": "in_order", "first": "110", "step": "10", "only_missing": "yes"}))
    rows = [row.split('"')[0] for row in preview.split('name="row" value="')[1:]]
    from portal.worksheet.services import update_seat
    update_seat(seats[0], seats[0].version, {"extension": "199"})  # someone else, meanwhile
    session.commit()
    applied = client.submit(path, {"method": "in_order", "first": "110", "step": "10", "only_missing": "yes",
                                   "apply": "1", "row": rows}, follow_redirects=True)
    page = _page(applied)
    assert "2 extensions were given." in page and "changed by someone else meanwhile" in page
    session.expire_all()
    assert seats[0].extension == "199"


def test_without_an_extension_length_the_page_sends_the_person_to_section_one(client, app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    session.commit()
    client.login(contact.email)
    page = _page(client.get(f"/projects/{project.id}/questionnaire/extensions/number"))
    assert "Say first how many digits the extensions have" in page and "Show what each seat" not in page


def test_seats_are_numbered_in_the_worksheets_name_order(client, app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    project.dial_plan.extension_length = 3
    brown = create_seat(project, first_name="Ben", last_name="Brown")
    lobby = create_seat(project, first_name=None, device_label="Lobby phone")
    zoe = create_seat(project, first_name="Zoë", last_name="Ångström")
    session.commit()
    client.login(create_user(Role.PRIMARY_CONTACT, project.organization).email)
    preview = _page(client.submit(f"/projects/{project.id}/questionnaire/extensions/number",
                                  {"method": "in_order", "first": "201", "step": "1", "only_missing": "yes"}))
    assert preview.index("Zoë Ångström") < preview.index("Ben Brown") < preview.index("Lobby phone")
    assert f'"{zoe.id}:1:201"' in preview and f'"{brown.id}:1:202"' in preview and f'"{lobby.id}:1:203"' in preview
