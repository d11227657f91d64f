"""Imports that update seats already in the worksheet: written in bulk, with their destinations and
direct numbers following, empty cells clearing only when the person chose so (issue 5)."""
import io
import re

import openpyxl
import pytest
from sqlalchemy import select

from portal.core.importing import suggest_mapping
from portal.core.tabular import read_table
from portal.extensions import db
from portal.imports import services as imports
from portal.models.telephony import Destination, DestinationKind, PhoneModel, PhoneNumber, Seat
from portal.models.users import Role
from portal.worksheet.fields import SEAT_IMPORT_FIELDS
from portal.worksheet.imports import SEATS
from tests.factories import create_project, create_seat, create_site, create_user


def _commit(project, user, text: str, clear_blanks: bool = False) -> dict:
    table = read_table(text.encode("utf-8"))
    started = imports.start_import(project, user, table, "people.csv", SEATS)
    imports.save_mapping(started, suggest_mapping(table.headers, SEAT_IMPORT_FIELDS), clear_blanks=clear_blanks)
    checked = imports.checked_state(started, imports.preview_of(started))
    outcome = imports.commit_import(started, checked)
    db.session.commit()
    db.session.expire_all()
    return outcome


def _people(app):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    main = create_site(project.organization, name="Main clinic")
    user = create_user(Role.PRIMARY_CONTACT, project.organization)
    ana = create_seat(project, extension="101", first_name="Ana", last_name="Reyes", email="ana@example.com",
                      direct_number="+14155550101", site_id=main.id, job_title="Dentist")
    ben = create_seat(project, extension="102", first_name="Ben", last_name="Okafor", email="ben@example.com")
    db.session.commit()
    return project, user, ana, ben


def test_updates_move_extensions_and_numbers_with_the_seat(app, session):
    project, user, ana, ben = _people(app)
    outcome = _commit(project, user, "E-mail,Extension,Direct number,Display name\n"
                                     "ana@example.com,201,(415) 555-0199,Ana R.\n"
                                     "ben@example.com,202,,\n")
    assert (outcome["added"], outcome["updated"], outcome["skipped"]) == (0, 2, [])
    ana, ben = session.get(Seat, ana.id), session.get(Seat, ben.id)
    assert (ana.extension, ana.direct_number, ana.destination.name, ana.version) == ("201", "+14155550199",
                                                                                     "Ana R.", 2)
    assert (ben.extension, ben.job_title) == ("202", None)
    old = session.scalars(select(PhoneNumber).where(PhoneNumber.e164 == "+14155550101")).one()
    assert old.destination_id is None  # the old number stays in the project, no longer ringing Ana


def test_an_extension_held_by_another_seat_or_destination_is_never_taken(app, session):
    project, user, ana, ben = _people(app)
    session.add(Destination(project_id=project.id, kind=DestinationKind.QUEUE, extension="500", name="Front desk"))
    outcome = _commit(project, user, f"Seat id,Extension\n{ana.id},102\n{ben.id},500\n")
    reasons = [item["reason"] for item in outcome["skipped"]]
    assert outcome["updated"] == 0 and "matches two different seats (Ana Reyes and Ben Okafor)" in reasons[0]
    assert reasons[1] == "Extension 500 is already used by Front desk."  # the same words as the seat form
    assert (session.get(Seat, ana.id).extension, session.get(Seat, ben.id).extension) == ("101", "102")


def test_empty_cells_clear_fields_only_when_the_person_chose_so(app, session):
    project, user, ana, _ = _people(app)
    text = "E-mail,Job title,Site,Direct number\nana@example.com,,,\n"
    kept = _commit(project, user, text)
    assert kept["skipped"][0]["reason"] == "no change"
    assert session.get(Seat, ana.id).job_title == "Dentist"
    cleared = _commit(project, user, text, clear_blanks=True)
    ana = session.get(Seat, ana.id)
    assert cleared["updated"] == 1 and (ana.job_title, ana.site, ana.direct_number) == (None, None, None)


def test_the_raw_phone_model_text_is_kept_even_when_matched(app, session):
    project, user, ana, ben = _people(app)
    _commit(project, user, "E-mail,Phone model\nana@example.com,poly vvx 450\nben@example.com,Grandstream GXP9999\n")
    ana, ben = session.get(Seat, ana.id), session.get(Seat, ben.id)
    assert (ana.phone_model.title, ana.phone_model_raw) == ("Poly VVX 450", "poly vvx 450")
    assert (ben.phone_model, ben.phone_model_raw) == (None, "Grandstream GXP9999")
    assert session.scalars(select(PhoneModel).where(PhoneModel.model == "Grandstream GXP9999")).first() is None


def test_new_seats_in_bulk_get_their_own_destinations_and_numbers(app, session):
    project, user, *_ = _people(app)
    lines = "".join(f"Person {n},p{n}@example.com,{300 + n},+1415555{1000 + n}\n" for n in range(30))
    outcome = _commit(project, user, "Name,E-mail,Extension,Direct number\n" + lines)
    assert outcome["added"] == 30
    seats = session.scalars(select(Seat).where(Seat.project_id == project.id, Seat.email.like("p%"))).all()
    assert sorted((seat.label, seat.extension, seat.direct_number) for seat in seats)[:2] == [
        ("Person 0", "300", "+14155551000"), ("Person 1", "301", "+14155551001")]
    assert len({seat.destination_id for seat in seats}) == 30


def test_an_xlsx_file_is_imported_through_the_page(client, app, session):
    project, user, ana, _ = _people(app)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Worksheet of Northwind"])  # a title row above the headers
    sheet.append(["First Name", "Last Name", "User principal name", "Office Phone"])
    sheet.append(["Zoë", "Ångström", "zoe@example.com", "(415) 555-0177"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.login(user.email)
    start = f"/projects/{project.id}/import/worksheet"
    response = client.submit(f"{start}/file", {"spreadsheet": (io.BytesIO(buffer.getvalue()), "people.xlsx")},
                             page=start, content_type="multipart/form-data")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "headers were on line 2" in page and "Ångström" in page
    assert re.search(r'<option value="direct_number" selected>', page)


def test_rows_with_different_empty_cells_are_all_written_whole(app, session):
    project, user, *_ = _people(app)
    for lines in (["Ann,Lee,ann@example.com,,", "Bob,Roe,bob@example.com,+13125550101,Agent"],
                  ["Cy,Poe,cy@example.com,+13125550102,Agent", "Di,Ray,di@example.com,,"]):
        outcome = _commit(project, user, "First name,Last name,E-mail,Mobile Phone,Job title\n" + "\n".join(lines))
        assert outcome["added"] == 2 and outcome["skipped"] == []
    seats = {seat.first_name: seat for seat in session.scalars(select(Seat).where(Seat.project_id == project.id))}
    assert (seats["Bob"].mobile, seats["Bob"].job_title, seats["Ann"].mobile) == ("+13125550101", "Agent", None)
    assert (seats["Cy"].job_title, seats["Di"].job_title, seats["Di"].voicemail_enabled) == ("Agent", None, True)


def test_two_rows_for_the_same_seat_block_the_second(app, session):
    project, user, ana, _ = _people(app)
    outcome = _commit(project, user, f"Seat id,E-mail,Job title\n{ana.id},,Boss\n,ana@example.com,Chief\n")
    assert outcome["updated"] == 1
    assert outcome["skipped"] == [{"line": 3, "reason": "The same seat (Ana Reyes) as line 2: keep one row per seat."}]
    assert session.get(Seat, ana.id).job_title == "Boss"


def test_empty_cells_never_change_the_defaults_of_a_new_seat(app, session):
    project, user, *_ = _people(app)
    _commit(project, user, "Name,E-mail,Voicemail,Site\nEd Fox,ed@example.com,,\n", clear_blanks=True)
    seat = session.scalars(select(Seat).where(Seat.email == "ed@example.com")).one()
    assert (seat.voicemail_enabled, seat.site_id) == (True, None)


def test_a_seat_removed_after_the_preview_is_not_brought_back(app, session):
    from portal.worksheet.services import delete_seat
    project, user, ana, _ = _people(app)
    table = read_table(b"E-mail,First name,Job title\nana@example.com,Ana,Chief\n")
    started = imports.start_import(project, user, table, "people.csv", SEATS)
    imports.save_mapping(started, suggest_mapping(table.headers, SEAT_IMPORT_FIELDS))
    checked = imports.checked_state(started, imports.preview_of(started))
    delete_seat(ana)
    outcome = imports.commit_import(started, checked)
    assert outcome["added"] == 0 and "removed or changed by someone else" in outcome["skipped"][0]["reason"]


def test_the_checked_state_of_one_import_does_not_commit_another(app, session):
    project, user, *_ = _people(app)
    table = read_table(b"E-mail,First name\nzed@example.com,Zed\n")
    first, second = (imports.start_import(project, user, table, "people.csv", SEATS) for _ in range(2))
    for started in (first, second):
        imports.save_mapping(started, suggest_mapping(table.headers, SEAT_IMPORT_FIELDS))
    checked = imports.checked_state(first, imports.preview_of(first))
    with pytest.raises(ValueError, match="check them again"):
        imports.commit_import(second, checked)


def _statements_of_renumbering(project, user, count: int, first: int) -> int:
    """Statements of an import commit that gives `count` existing seats new direct numbers."""
    from sqlalchemy import event
    table = read_table(("E-mail,Direct number\n" + "".join(
        f"p{n}@example.com,+1415555{first + n}\n" for n in range(count))).encode())
    started = imports.start_import(project, user, table, "people.csv", SEATS)
    imports.save_mapping(started, suggest_mapping(table.headers, SEAT_IMPORT_FIELDS))
    checked = imports.checked_state(started, imports.preview_of(started))
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert imports.commit_import(started, checked)["updated"] == count
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    db.session.commit()
    return len(statements)


def test_changing_many_direct_numbers_takes_the_same_statements_as_a_few(app, session):
    project, user, *_ = _people(app)
    _commit(project, user, "Name,E-mail,Direct number\n" + "".join(
        f"P {n},p{n}@example.com,+1415555{2000 + n}\n" for n in range(30)))
    _statements_of_renumbering(project, user, 5, 2500)  # first: the plan task's stored summary catches up once
    assert _statements_of_renumbering(project, user, 10, 3000) == _statements_of_renumbering(project, user, 30, 4000)
    numbers = session.scalars(select(PhoneNumber).where(PhoneNumber.project_id == project.id,
                                                        PhoneNumber.destination_id.is_not(None))).all()
    assert sorted(number.e164 for number in numbers)[-1] == "+14155554029"


def test_the_questionnaires_features_and_outbound_calls_are_pasted_like_the_rest(app, session):
    from portal.models.telephony import OutboundPermission
    project, user, ana, ben = _people(app)
    outcome = _commit(project, user, "E-mail\tExtension\tIntercom\tDND\tOutbound calls\n"
                                     "ana@example.com\t101\tYes\tno\tInternational\n"
                                     "ben@example.com\t102\tyes\tyes\tmars\n", clear_blanks=True)
    assert outcome["updated"] == 1
    assert "is not Internal calls only, Local calls, Long distance or International" in outcome["skipped"][0]["reason"]
    ana = session.get(Seat, ana.id)
    assert (ana.intercom, ana.do_not_disturb, ana.outbound_permission) == (
        True, False, OutboundPermission.INTERNATIONAL)
    again = _commit(project, user, "E-mail\tOutbound calls\nana@example.com\t\n", clear_blanks=True)
    assert again["skipped"][0]["reason"] == "no change"  # an outbound permission is never cleared


def _checked_then(project, user, text: str, meanwhile) -> dict:
    """Preview an import, let someone else save `meanwhile`, then commit what the preview showed."""
    table = read_table(text.encode("utf-8"))
    started = imports.start_import(project, user, table, "people.csv", SEATS)
    imports.save_mapping(started, suggest_mapping(table.headers, SEAT_IMPORT_FIELDS))
    checked = imports.checked_state(started, imports.preview_of(started))
    meanwhile()
    db.session.commit()
    outcome = imports.commit_import(started, checked)
    db.session.commit()
    db.session.expire_all()
    return outcome


def test_a_row_is_written_when_someone_else_changed_only_other_fields_of_its_seat(app, session):
    """Rows conflict only on the fields they change (issue 13): the job title typed meanwhile stays,
    and the department the file brings is written."""
    from portal.worksheet.services import update_seat
    project, user, ana, ben = _people(app)
    outcome = _checked_then(project, user, f"Seat id,Department\n{ana.id},Front office\n",
                            lambda: update_seat(session.get(Seat, ana.id), 1, {"job_title": "Practice lead"}))
    assert (outcome["updated"], outcome["skipped"]) == (1, [])
    seat = session.get(Seat, ana.id)
    assert (seat.job_title, seat.department, seat.version) == ("Practice lead", "Front office", 3)


def test_a_row_is_skipped_when_someone_else_changed_a_field_it_writes(app, session):
    from portal.worksheet.services import update_seat
    project, user, ana, ben = _people(app)
    outcome = _checked_then(project, user, f"Seat id,Department\n{ana.id},Front office\n",
                            lambda: update_seat(session.get(Seat, ana.id), 1, {"department": "Surgery"}))
    assert outcome["updated"] == 0 and "changed by someone else" in outcome["skipped"][0]["reason"]
    assert session.get(Seat, ana.id).department == "Surgery"


def test_a_preview_with_nothing_to_add_or_update_is_never_committed(app, session):
    """'Import 0 rows' is never offered, and a commit of such a preview leaves the import open."""
    project, user, *_ = _people(app)
    table = read_table(b"E-mail,Job title\nana@example.com,Dentist\n")  # exactly what Ana has
    started = imports.start_import(project, user, table, "people.csv", SEATS)
    imports.save_mapping(started, suggest_mapping(table.headers, SEAT_IMPORT_FIELDS))
    checked = imports.checked_state(started, imports.preview_of(started))
    with pytest.raises(ValueError, match="Nothing can be imported"):
        imports.check_something_ready(started, checked)
    assert started.status.value == "mapped"
