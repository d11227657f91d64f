"""Finding people in the worksheet and the questionnaire (issue 15, item 9): "garcia" finds García,
Ødegaard sorts with the O's and Łukasz with the L's, pages are cut in SQL, and every writer of a seat
keeps what it is sorted and found by; on SQLite and PostgreSQL."""
import html
import re

from sqlalchemy import event

from portal.models.telephony import Seat
from portal.models.users import Role
from portal.worksheet import services
from tests.factories import create_project, create_seat, create_user

NAMES = re.compile(r'(?:<td data-label="Name">|<th scope="row">)(?:<a [^>]*>)?([^<]+)<')  # the worksheet's, section 2's
PEOPLE = [("Hans", "Zimmer"), ("Martin", "Ødegaard"), ("Ann", "Oakley"), ("Jan", "Łukasiewicz"), ("Eva", "Lund"),
          ("Per", "Olsen"), ("Anders", "Ångström"), ("Zoe", "Lee"), ("Ann", "Leeds"), ("Kim", "Lynch")]
IN_ORDER = ["Anders Ångström", "Zoe Lee", "Ann Leeds", "Lobby phone", "Jan Łukasiewicz", "Łukasz", "Eva Lund",
            "Kim Lynch", "Ann Oakley", "Martin Ødegaard", "Per Olsen", "Hans Zimmer"]


def _project_and_contact(app):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    return project, create_user(Role.SECONDARY_CONTACT, project.organization)


def _names(client, path: str) -> list[str]:
    return [html.unescape(name) for name in NAMES.findall(client.get(path).get_data(as_text=True))]


def _people(project):
    services.add_seats(project, [{"first_name": first, "last_name": last} for first, last in PEOPLE])
    create_seat(project, device_label="Lobby phone", first_name=None, extension="1001")
    create_seat(project, first_name="Łukasz", email="lukasz@example.com", extension="1002")


def test_a_search_typed_without_accents_finds_the_names_written_with_them(client, app, session):
    project, contact = _project_and_contact(app)
    _people(project)
    create_seat(project, first_name="Ana", last_name="García", email="ana.garcia@example.com", department="Ventas",
                extension="2044", direct_number="+14155550134")
    client.login(contact.email)
    worksheet = f"/projects/{project.id}/worksheet"
    for typed in ("garcia", "GARCÍA", "García ana", "ventas", "ana.garcia@", "2044", "4155550134"):
        assert _names(client, f"{worksheet}?q={typed}") == ["Ana García"], typed
    assert _names(client, f"{worksheet}?q=odegaard") == ["Martin Ødegaard"]
    assert _names(client, f"{worksheet}?q=lukas") == ["Jan Łukasiewicz", "Łukasz"]
    assert _names(client, f"{worksheet}?q=Ødegaard+per") == []  # every word must be found in the same seat
    assert _names(client, f"{worksheet}?q=%25") == [] and _names(client, f"{worksheet}?q=_") == []  # not wildcards


def test_names_sort_under_the_letter_they_are_read_as(client, app, session):
    project, contact = _project_and_contact(app)
    _people(project)
    client.login(contact.email)
    assert _names(client, f"/projects/{project.id}/worksheet") == IN_ORDER
    assert _names(client, f"/projects/{project.id}/worksheet?sort=type") == IN_ORDER  # one type: by name within it


def test_the_second_page_is_cut_in_sql_after_the_sort(client, app, session):
    """49 seats filed under B, then Oakley, Ødegaard and Olsen: page 2 holds the last two, and only
    they are read from the database."""
    project, contact = _project_and_contact(app)
    bergs = [(f"Person{n:02d}", "Berg", str(3000 + n)) for n in range(49)]
    others = [("Per", "Olsen", "1001"), ("Martin", "Ødegaard", "1002"), ("Ann", "Oakley", "1003")]
    services.add_seats(project, [{"first_name": first, "last_name": last, "extension": extension}
                                 for first, last, extension in bergs + others])
    client.login(contact.email)
    worksheet = f"/projects/{project.id}/worksheet"
    loaded = []

    def read(seat, context):
        loaded.append(seat.last_name)
    session.expunge_all()
    event.listen(Seat, "load", read)
    try:
        page = client.get(f"{worksheet}?page=2").get_data(as_text=True)
    finally:
        event.remove(Seat, "load", read)
    assert [html.unescape(name) for name in NAMES.findall(page)] == ["Martin Ødegaard", "Per Olsen"]
    assert "Page 2 of 2 (52 seats)" in page and sorted(loaded) == ["Olsen", "Ødegaard"]
    first = _names(client, f"{worksheet}?page=1")
    assert len(first) == 50 and first[0] == "Person00 Berg" and first[-1] == "Ann Oakley"
    by_extension = worksheet.replace("worksheet", "questionnaire/extensions")
    assert _names(client, f"{by_extension}?page=2") == ["Person47 Berg", "Person48 Berg"]  # 1001-1003, 3000-3046 first


def test_every_writer_of_a_seat_keeps_what_it_is_sorted_and_found_by(client, app, session):
    project, contact = _project_and_contact(app)
    client.login(contact.email)
    worksheet = f"/projects/{project.id}/worksheet"
    seat_type = str(create_seat(project, first_name="Someone").seat_type_id)
    form = {"first_name": "Martin", "last_name": "Ødegaard", "extension": "1001", "seat_type_id": seat_type,
            "site_id": "", "phone_model_id": "", "recording_mode": "none"}
    assert client.submit(f"{worksheet}/new", form).status_code == 303  # the form that adds a seat
    seat = session.query(Seat).filter_by(project_id=project.id, last_name="Ødegaard").one()
    assert _names(client, f"{worksheet}?q=odegaard") == ["Martin Ødegaard"]
    assert client.submit(f"/seats/{seat.id}", {**form, "last_name": "Łukasiewicz"}).status_code == 303  # its edit
    assert _names(client, f"{worksheet}?q=odegaard") == [] and _names(client, f"{worksheet}?q=lukasiewicz") == \
        ["Martin Łukasiewicz"]
    services.add_seats(project, [{"first_name": "Ana", "last_name": "García"}])  # an import's new rows
    garcia = session.query(Seat).filter_by(project_id=project.id, last_name="García").one()
    services.update_seats(project, [services.SeatUpdate(garcia, garcia.version, {"last_name": "Núñez"})])  # its updates
    assert _names(client, f"{worksheet}?q=nunez") == ["Ana Núñez"] and _names(client, f"{worksheet}?q=garcia") == []
    seat = session.get(Seat, seat.id)
    seat.first_name = "Øyvind"  # an ORM write outside the seat writer
    session.flush()
    assert _names(client, f"{worksheet}?q=oyvind") == ["Øyvind Łukasiewicz"]
    assert (seat.sort_name, seat.search_text) == ("lukasiewicz oyvind", "oyvind lukasiewicz")
