"""The worksheet's import checks: every row validated, matched to a seat, previewed (issue 5)."""
import pytest
from sqlalchemy import select

from portal.core.importing import suggest_mapping
from portal.core.spreadsheets import to_csv
from portal.core.tabular import read_table
from portal.models.telephony import PhoneModel, SeatType, Site
from portal.worksheet import importer
from portal.worksheet.export import HEADERS, seat_row
from portal.worksheet.fields import SEAT_IMPORT_FIELDS
from portal.worksheet.queries import project_seats
from tests.factories import create_project, create_seat, create_site

M365 = ("User Name,First Name,Last Name,Display Name,Job Title,Department,Office Phone,Mobile Phone,"
        "Address,City,State or Province,ZIP or Postal Code,Country or Region\n")


@pytest.fixture
def project(app, session):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        create_site(project.organization, name="Main clinic")
        yield project


def _context(session, project):
    return importer.Context(project_seats(project.id), session.scalars(select(Site)).all(),
                            session.scalars(select(SeatType)).all(), session.scalars(select(PhoneModel)).all(),
                            "US", {"northwind.example"})


def _preview(session, project, text: str):
    table = read_table(text.encode("utf-8"))
    return importer.preview(table, suggest_mapping(table.headers, SEAT_IMPORT_FIELDS), _context(session, project))


def test_a_microsoft_365_export_is_checked_row_by_row(session, project):
    preview = _preview(session, project, M365 +
                       "jose@northwind.example,José,Núñez,,Hygienist,Clinical,(415) 555-0104,,1 Harbor Way,"
                       "San Francisco,CA,94105,US\n"
                       "zoe@elsewhere.example,Zoë,Ångström,,,,555-0000,,,,XX,123,US\n")
    first, second = preview.rows
    assert first.errors == [] and first.action == "add" and first.values["direct_number"] == "+14155550104"
    assert first.line == 2 and second.line == 3
    assert any("cannot exist" in error for error in second.errors)
    assert any("not a US state code" in error for error in second.errors)
    assert any("ZIP code" in error for error in second.errors)
    assert second.warnings == ["zoe@elsewhere.example is not at your organization's domain (northwind.example)."]
    assert (preview.count("add"), preview.blocked) == (1, 1)


def test_duplicates_within_the_file_block_the_later_row(session, project):
    preview = _preview(session, project, "First name,E-mail,Extension\nAna,ana@northwind.example,101\n"
                                         "Ben,ANA@northwind.example,102\nCid,cid@northwind.example,101\n")
    assert preview.rows[0].errors == []
    assert preview.rows[1].errors == ["The same E-mail as line 2: ANA@northwind.example."]
    assert preview.rows[2].errors == ["The same Extension as line 2: 101."]


def test_matching_by_id_then_email_then_extension_and_never_guessing(session, project):
    ana = create_seat(project, extension="101", email="ana@northwind.example", first_name="Ana")
    ben = create_seat(project, extension="102", email="ben@northwind.example", first_name="Ben")
    preview = _preview(session, project,
                       "Seat id,First name,E-mail,Extension\n"
                       f"{ana.id},Ana,ana@northwind.example,101\n"
                       ",Benjamin,ben@northwind.example,\n"
                       ",Ana,ana@northwind.example,102\n")
    assert (preview.rows[0].action, preview.rows[0].reason) == ("skip", "no change")
    assert (preview.rows[1].action, preview.rows[1].match_id) == ("update", ben.id)
    assert "matches two different seats (Ana and Ben)" in preview.rows[2].errors[0]


def test_an_export_re_imported_changes_nothing(session, project):
    create_seat(project, extension="101", direct_number="+14155550101", email="ana@northwind.example",
                first_name="Ana", last_name="Silva", site_id=session.scalars(select(Site.id)).first())
    data = to_csv(HEADERS, [seat_row(seat) for seat in project_seats(project.id)])
    table = read_table(data)
    preview = importer.preview(table, suggest_mapping(table.headers, SEAT_IMPORT_FIELDS), _context(session, project))
    assert [(row.action, row.errors) for row in preview.rows] == [("skip", [])]


def test_unknown_values_are_named(session, project):
    preview = _preview(session, project, "First name,User type,Site,Phone model,Voicemail\n"
                                         "Ana,Astronaut,Moon base,Nokia 3310,maybe\n")
    errors, warnings = preview.rows[0].errors, preview.rows[0].warnings
    assert any("“Astronaut” is not a user type" in error for error in errors)
    assert any("no site named “Moon base”" in error for error in errors)
    assert any("“maybe” is not Yes or No" in error for error in errors)
    assert warnings == ["The phone model “Nokia 3310” is not in the catalog; it is kept to be matched later."]


def test_numbers_are_read_in_the_country_of_the_seats_site(session, project):
    create_site(project.organization, name="London office", country="GB", state="", postal_code="EC1A 1BB",
                city="London", time_zone="Europe/London")
    preview = _preview(session, project, "First name,Site,Direct number\nAna,London office,020 7946 0000\n"
                                         "Ben,Main clinic,(415) 555-0104\n")
    assert [row.values.get("direct_number") for row in preview.rows] == ["+442079460000", "+14155550104"]


def test_an_extension_of_someone_else_never_overwrites_them(session, project):
    create_seat(project, extension="101", email="maria@northwind.example", first_name="Maria")
    preview = _preview(session, project, "First name,E-mail,Extension\nJohn,john@northwind.example,101\n")
    assert "Extension 101 belongs to Maria" in preview.rows[0].errors[0]


def test_an_existing_seat_needs_no_name_in_the_file(session, project):
    create_seat(project, extension="101", email="maria@northwind.example", first_name="Maria")
    preview = _preview(session, project, "E-mail,Job title\nmaria@northwind.example,Manager\n")
    assert (preview.rows[0].errors, preview.rows[0].action) == ([], "update")


def test_an_update_without_a_site_column_reads_numbers_in_the_seats_own_country(session, project):
    london = create_site(project.organization, name="London office", country="GB", state="",
                         postal_code="EC1A 1BB", city="London", time_zone="Europe/London")
    create_seat(project, extension="201", email="ana@northwind.example", first_name="Ana", site_id=london.id)
    preview = _preview(session, project, "E-mail,Mobile\nana@northwind.example,07400 123456\n"
                                         "new@northwind.example,(415) 555-0104\n")
    assert [row.values.get("mobile") for row in preview.rows] == ["+447400123456", "+14155550104"]


def test_empty_cells_are_left_out_unless_they_clear(session, project):
    create_seat(project, extension="201", email="ana@northwind.example", first_name="Ana", job_title="Dentist")
    table = read_table(b"E-mail,Job title,User type,Voicemail\nana@northwind.example,,,\n")
    mapping = suggest_mapping(table.headers, SEAT_IMPORT_FIELDS)
    kept = importer.preview(table, mapping, _context(session, project)).rows[0]
    cleared = importer.preview(table, mapping, _context(session, project), keep_blanks=True).rows[0]
    assert (kept.action, kept.reason) == ("skip", "no change")
    assert cleared.action == "update"
    assert (cleared.values["job_title"], cleared.values["voicemail_enabled"]) == (None, False)
    assert "seat_type" not in cleared.values  # a user type is never cleared
