"""Section 3's numbers pasted and imported through the shared import pipeline (issue 6): each row's
errors named with its line and column, routing by extension, e-mail or name, updates of numbers the
project has, one transaction whatever the number of rows."""
import html
import re

from sqlalchemy import event, func, select

from portal.core.importing import suggest_mapping
from portal.core.tabular import read_pasted
from portal.extensions import db
from portal.imports import services as imports
from portal.models.telephony import NumberKind, NumberSource, PhoneNumber
from portal.models.users import Role
from portal.questionnaire.number_import import NUMBER_IMPORT_FIELDS, NUMBERS
from tests.factories import create_number, create_project, create_seat, create_site, create_user

PASTED = ("Number\tSite\tType\tRings\tCNAM\n"
          "(415) 555-0150\tMain clinic\tMain\t101\tNORTHWIND\n"
          "415 555 0151\tMain clinic\tDID\tana@example.com\t\n"
          "555-0000\tMain clinic\tDirect\t101\t\n"
          "(415) 555-0152\tNowhere\tDirect\t999\tNORTHWIND DENTAL GROUP\n"
          "415-555-0150\tMain clinic\tFax\t\t\n")


def _project(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    site = create_site(project.organization, name="Main clinic")
    project.sites.append(site)
    seat = create_seat(project, extension="101", first_name="Ana", last_name="Reyes", email="ana@example.com")
    session.commit()
    return project, seat, create_user(Role.PRIMARY_CONTACT, project.organization)


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)


def test_pasted_numbers_are_checked_row_by_row_and_committed_once(client, app, session):
    project, seat, contact = _project(app, session)
    client.login(contact.email)
    start = f"/projects/{project.id}/import/numbers"
    assert "Paste or import numbers" in _page(client.get(f"/projects/{project.id}/questionnaire/numbers"))
    mapping_url = client.submit(f"{start}/paste", {"pasted": PASTED}, page=start).headers["Location"]
    mapping = _page(client.get(mapping_url))
    for key in ("e164", "site", "kind", "rings", "caller_id_name"):
        assert f'<option value="{key}" selected>' in mapping
    preview_url = client.submit(mapping_url, {f"column-{n}": key for n, key in enumerate(
        ["e164", "site", "kind", "rings", "caller_id_name"])}).headers["Location"]
    preview = _page(client.get(preview_url))
    assert "Number: “555-0000” cannot exist" in preview
    assert "Site: the project has no site named “Nowhere”; use one of Main clinic." in preview
    assert "Rings: “999” is not an extension, e-mail or name in this project." in preview
    assert "Caller-ID name: at most 15 characters, spaces included (22 here)." in preview
    assert "The same Number as line 2: +14155550150." in preview
    assert "Import 2 rows" in preview
    response = client.post(preview_url + "/commit", data={
        "csrf_token": client.csrf_token(preview_url), "once_token": _hidden(preview, "once_token"),
        "checked": _hidden(preview, "checked")})
    assert response.status_code == 303
    numbers = {number.e164: number for number in session.scalars(
        select(PhoneNumber).where(PhoneNumber.project_id == project.id))}
    assert set(numbers) == {"+14155550150", "+14155550151"}
    main, direct = numbers["+14155550150"], numbers["+14155550151"]
    assert (main.kind, main.source, main.caller_id_name, main.destination_id) == (
        NumberKind.MAIN, NumberSource.PORTED, "NORTHWIND", seat.destination_id)
    assert (direct.kind, direct.destination_id) == (NumberKind.DIRECT, seat.destination_id)
    outcome = _page(client.get(preview_url))
    assert "Line 4: Number: “555-0000” cannot exist" in outcome
    skipped = client.get(f"{preview_url}/skipped.csv").get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert skipped[0] == "Why it was skipped,Number,Site,Type,Rings,CNAM" and len(skipped) == 4
    listing = _page(client.get(f"/projects/{project.id}/questionnaire/numbers"))
    assert "Ana Reyes (101)" in listing and "(415) 555-0151" in listing


def _commit(project, user, text: str, clear_blanks: bool = False) -> dict:
    table = read_pasted(text)
    started = imports.start_import(project, user, table, "pasted rows", NUMBERS)
    imports.save_mapping(started, suggest_mapping(table.headers, NUMBER_IMPORT_FIELDS), clear_blanks=clear_blanks)
    outcome = imports.commit_import(started, imports.checked_state(started, imports.preview_of(started)))
    db.session.commit()
    db.session.expire_all()
    return outcome


def test_a_number_the_project_has_is_updated_and_empty_cells_clear_only_when_chosen(app, session):
    project, seat, contact = _project(app, session)
    number = create_number(project, e164="+14155550150", kind=NumberKind.MAIN, caller_id_name="OLD NAME",
                           destination_id=seat.destination_id)
    session.commit()
    assert _commit(project, contact, "Number\tCaller-ID name\tRings\n(415) 555-0150\tNORTHWIND\t\n") == {
        "added": 0, "updated": 1, "skipped": []}
    assert (number.caller_id_name, number.destination_id, number.kind) == ("NORTHWIND", seat.destination_id,
                                                                            NumberKind.MAIN)
    outcome = _commit(project, contact, "Number\tCaller-ID name\tRings\tKind\n(415) 555-0150\tNORTHWIND\t\t\n",
                      clear_blanks=True)
    assert outcome["updated"] == 1
    assert (number.destination_id, number.kind, number.version) == (None, NumberKind.MAIN, 3)
    again = _commit(project, contact, "Number\tCaller-ID name\n+1 415 555 0150\tNORTHWIND\n")
    assert again["updated"] == 0 and again["skipped"] == [{"line": 2, "reason": "no change"}]


def test_a_number_changed_after_the_preview_is_skipped(app, session):
    project, seat, contact = _project(app, session)
    number = create_number(project, e164="+14155550150")
    session.commit()
    table = read_pasted("Number\tCaller-ID name\n(415) 555-0150\tNORTHWIND\n")
    started = imports.start_import(project, contact, table, "pasted rows", NUMBERS)
    imports.save_mapping(started, suggest_mapping(table.headers, NUMBER_IMPORT_FIELDS))
    checked = imports.checked_state(started, imports.preview_of(started))
    number.caller_id_name, number.version = "SOMEONE ELSE", number.version + 1
    session.flush()
    outcome = imports.commit_import(started, checked)
    assert outcome["updated"] == 0
    assert outcome["skipped"][0]["reason"] == "This number was changed by someone else since you checked the rows."


def _statements(project, user, count: int, first: int) -> int:
    text = "Number\tRings\n" + "".join(f"+1415555{first + n:04d}\t101\n" for n in range(count))
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert _commit(project, user, text)["added"] == count
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len([statement for statement in statements if statement.lstrip().upper().startswith("INSERT INTO PHONE")])


def test_added_numbers_go_in_as_one_insert_however_many(app, session):
    project, _, contact = _project(app, session)
    assert _statements(project, contact, 10, 1000) == _statements(project, contact, 40, 2000) == 1
    assert session.scalar(select(func.count(PhoneNumber.id)).where(PhoneNumber.project_id == project.id)) == 50


def test_unknown_import_kinds_and_read_only_people_get_nothing(client, app, session):
    project, _, _ = _project(app, session)
    viewer = create_user(Role.VIEWER, project.organization)
    client.login(viewer.email)
    assert client.get(f"/projects/{project.id}/import/numbers").status_code == 403
    other_ipm = create_user(Role.IPM)
    client.submit("/logout", page="/")
    client.login(other_ipm.email)
    assert client.get(f"/projects/{project.id}/import/numbers").status_code == 403  # not their project
    project.ipm = other_ipm
    session.commit()
    assert client.get(f"/projects/{project.id}/import/nonsense").status_code == 404
    assert client.get(f"/projects/{project.id}/import/numbers").status_code == 200


def _preview(project, user, text: str):
    table = read_pasted(text)
    started = imports.start_import(project, user, table, "pasted rows", NUMBERS)
    imports.save_mapping(started, suggest_mapping(table.headers, NUMBER_IMPORT_FIELDS))
    return started, imports.preview_of(started)


def test_rings_and_sites_are_never_guessed(app, session):
    project, seat, contact = _project(app, session)
    create_seat(project, extension="102", first_name="Desk", last_name="One", email="desk@example.com")
    create_seat(project, extension="103", first_name="Desk", last_name="Two", email="desk@example.com")
    create_site(project.organization, name="Warehouse")  # the customer's, but not this project's
    _, preview = _preview(project, contact, "Number\tRings\tSite\tPorted\n"
                                            "(415) 555-0150\tdesk@example.com\t\tyes\n"
                                            "(415) 555-0151\t101\tWarehouse\tno\n"
                                            "(415) 555-0152\tana@example.com\t\tNo\n")
    assert preview.rows[0].errors == ["Rings: 2 destinations go by “desk@example.com”; give the extension instead."]
    assert preview.rows[1].errors == ["Site: the project has no site named “Warehouse”; use one of Main clinic."]
    third = preview.rows[2]
    assert NUMBERS.describe(third) == "(415) 555-0152, rings Ana Reyes (101)"
    assert third.values["source"] == NumberSource.NEW


def test_a_row_that_reads_differently_at_the_commit_is_not_written(app, session):
    project, seat, contact = _project(app, session)
    started, preview = _preview(project, contact, "Number\tRings\n(415) 555-0150\t101\n")
    checked = imports.checked_state(started, preview)
    seat.destination.extension = "109"  # extension 101 now belongs to no one, and 109 is Ana
    other = create_seat(project, extension="101", first_name="Someone", last_name="Else")
    session.flush()
    outcome = imports.commit_import(started, checked)
    assert outcome["added"] == 0 and "reads differently since you checked the rows" in outcome["skipped"][0]["reason"]
    assert other.destination_id and not session.scalars(select(PhoneNumber).where(
        PhoneNumber.project_id == project.id)).all()


def test_staff_give_requested_numbers_the_digits_the_carrier_assigned(app, session):
    from portal.models.telephony import NumberStatus
    from portal.questionnaire.services import request_numbers
    project, seat, contact = _project(app, session)
    site = project.sites[0]
    requested = request_numbers(project, {"site_id": site.id, "area_code": "510", "kind": NumberKind.DIRECT,
                                          "quantity": 2, "destination_id": seat.destination_id})
    session.commit()
    staff = create_user(Role.IPM)
    outcome = _commit(project, staff, "Number\tSite\n(510) 555-0101\tMain clinic\n(415) 555-0199\tMain clinic\n")
    assert outcome == {"added": 1, "updated": 1, "skipped": []}
    filled = session.get(PhoneNumber, requested[0].id)
    assert (filled.e164, filled.status, filled.destination_id) == ("+15105550101", NumberStatus.ASSIGNED,
                                                                  seat.destination_id)
    assert session.get(PhoneNumber, requested[1].id).e164 is None
    added = session.scalars(select(PhoneNumber).where(PhoneNumber.e164 == "+14155550199")).one()
    assert added.source == NumberSource.NEW  # staff add the numbers the provider gives
    customer = _commit(project, contact, "Number\n(510) 555-0102\n")
    assert customer["added"] == 1 and session.get(PhoneNumber, requested[1].id).e164 is None  # only staff fill them
