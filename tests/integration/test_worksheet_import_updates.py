"""Imports that update seats already in the worksheet: written in bulk, with their destinations and
direct numbers following, empty cells clearing only when the person chose so (issue 5)."""
import io
import re

import openpyxl
from sqlalchemy import select

from portal.core.importing import suggest_mapping
from portal.core.tabular import read_table
from portal.extensions import db
from portal.models.telephony import Destination, DestinationKind, PhoneModel, PhoneNumber, Seat
from portal.models.users import Role
from portal.worksheet import imports
from portal.worksheet.fields import SEAT_FIELDS
from tests.factories import create_project, create_seat, create_site, create_user


def _commit(project, user, text: str, clear_blanks: bool = False) -> dict:
    table = read_table(text.encode("utf-8"))
    started = imports.start_import(project, user, table, "people.csv")
    imports.save_mapping(started, suggest_mapping(table.headers, SEAT_FIELDS), clear_blanks=clear_blanks)
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
    assert reasons[1] == "Extension 500 is already used."
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
    start = f"/projects/{project.id}/worksheet/import"
    response = client.submit(f"{start}/file", {"spreadsheet": (io.BytesIO(buffer.getvalue()), "people.xlsx")},
                             page=start, content_type="multipart/form-data")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "headers were on line 2" in page and "Ångström" in page
    assert re.search(r'<option value="direct_number" selected>', page)
