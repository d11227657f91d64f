"""The Client Worksheet page (issue 5, first part): seats with their problems; add, edit, delete."""
import html
import io
import re

import openpyxl
from sqlalchemy import func, select

from portal.core.features import live_status
from portal.core.tabular import read_table
from portal.models.projects import TaskStatus
from portal.models.telephony import PhoneNumber, Seat, SeatType
from portal.models.users import Role
from portal.worksheet.feature import worksheet_changed
from tests.factories import create_project, create_seat, create_site, create_user


def _project_and_contact(app, role=Role.SECONDARY_CONTACT):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    return project, create_user(role, project.organization)


def _standard(session) -> int:
    return session.scalars(select(SeatType.id).where(SeatType.key == "standard")).one()


def _seat_data(session, **values):
    return {"first_name": "Ana", "last_name": "Núñez", "email": "ana@example.com", "extension": "1001",
            "direct_number": "(415) 555-0134", "seat_type_id": _standard(session), "site_id": "",
            "phone_model_id": "", "recording_mode": "none", "voicemail_enabled": "y", **values}


def test_a_contact_adds_a_seat_whose_direct_number_rings_it(client, app, session):
    project, contact = _project_and_contact(app)
    site = create_site(project.organization)
    client.login(contact.email)
    path = f"/projects/{project.id}/worksheet/new"
    response = client.submit(path, _seat_data(session, site_id=site.id))
    assert response.status_code == 303
    seat = session.scalars(select(Seat).where(Seat.project_id == project.id)).one()
    assert (seat.extension, seat.direct_number) == ("1001", "+14155550134")
    page = client.get(f"/projects/{project.id}/worksheet").get_data(as_text=True)
    assert "Ana Núñez" in page and "(415) 555-0134" in page


def test_bad_input_is_explained_field_by_field_and_kept(client, app, session):
    project, contact = _project_and_contact(app)
    client.login(contact.email)
    page = client.submit(f"/projects/{project.id}/worksheet/new", _seat_data(
        session, first_name="", last_name="", e911_street="1 Main St", e911_state="XX", e911_postal_code="123",
        direct_number="555", voicemail_to_email="y", email="", extension="12a")).get_data(as_text=True)
    page = html.unescape(page)
    for message in ("Enter the person's name, or a label for a device.", "Enter the two-letter state code",
                    "Enter a US ZIP code", "Voicemail to e-mail needs the seat's e-mail address.",
                    "Use 2 to 6 digits for the extension."):
        assert message in page
    assert 'value="1 Main St"' in page and session.scalar(select(func.count(Seat.id))) == 0


def test_an_extension_is_unique_in_the_project(client, app, session):
    project, contact = _project_and_contact(app)
    create_seat(project, extension="1001", first_name="Ben")
    client.login(contact.email)
    page = client.submit(f"/projects/{project.id}/worksheet/new", _seat_data(session)).get_data(as_text=True)
    assert "Extension 1001 is already used by Ben" in page and 'value="Núñez"' in page


def test_problems_are_counted_filtered_and_shown_next_to_each_seat(client, app, session):
    project, contact = _project_and_contact(app)
    site = create_site(project.organization)
    create_seat(project, first_name="Ok", site_id=site.id, email="ok@example.com")
    create_seat(project, first_name="Nowhere", email="dup@example.com")
    create_seat(project, first_name="Twin", site_id=site.id, email="DUP@example.com", phone_model_raw="Nokia 3310")
    client.login(contact.email)
    page = client.get(f"/projects/{project.id}/worksheet?problems=1").get_data(as_text=True)
    assert "No emergency address" in page and "used by another seat too" in page and "Nokia 3310" in page
    assert ">Ok<" not in page and "Twin" in page and "Nowhere" in page
    assert "Twin" in client.get(f"/projects/{project.id}/worksheet?q=twin").get_data(as_text=True)
    assert "Nowhere" not in client.get(f"/projects/{project.id}/worksheet?q=twin").get_data(as_text=True)


def test_a_worksheet_without_problems_leads_on_to_the_questionnaire(client, app, session):
    project, contact = _project_and_contact(app)
    site = create_site(project.organization)
    seat = create_seat(project, first_name="Nowhere", email="nowhere@example.com")
    client.login(contact.email)
    url = f"/projects/{project.id}/worksheet"
    assert "Next: <a" not in client.get(url).get_data(as_text=True)
    seat.site_id = site.id
    session.commit()
    page = client.get(url).get_data(as_text=True)
    assert (f'No seat has a problem. Next: <a href="/projects/{project.id}/questionnaire">the Programming Data '
            f'Questionnaire</a>.') in page


def test_the_plan_task_follows_the_worksheet(client, app, session):
    project, contact = _project_and_contact(app)
    task = next(t for t in project.tasks if t.feature_key == "worksheet")
    assert live_status(task) == TaskStatus.NOT_STARTED
    site = create_site(project.organization)
    seat = create_seat(project, first_name="Ana")
    assert live_status(task) == TaskStatus.IN_PROGRESS  # no emergency address yet
    seat.site_id = site.id
    session.flush()
    assert live_status(task) == TaskStatus.DONE
    worksheet_changed(project)  # what every worksheet write does: store the status and summary
    session.commit()
    assert (task.status, task.summary) == (TaskStatus.DONE, "1 seats")
    client.login(contact.email)
    page = client.get("/").get_data(as_text=True)
    assert f'href="/projects/{project.id}/worksheet"' in page and "1 seats" in page


def test_the_ipm_dashboard_counts_the_worksheet_task_as_the_worksheet_says(client, app, session):
    from datetime import date

    from portal.projects.queries import dashboard_rows
    ipm = create_user(Role.IPM)
    with app.test_request_context():
        project = create_project(ipm=ipm, with_kick_off=False, started_on=date(2026, 1, 5),
                                 go_live=date(2026, 3, 2))
    site = create_site(project.organization)
    contact = create_user(Role.PRIMARY_CONTACT, project.organization)
    task = next(t for t in project.tasks if t.feature_key == "worksheet")
    today = date(2026, 6, 1)  # every task is overdue by then

    def overdue() -> int:
        session.expire_all()
        return next(row for row in dashboard_rows(ipm, today) if row.project.id == project.id).overdue_count

    before = overdue()
    client.login(contact.email)
    client.submit(f"/projects/{project.id}/worksheet/new", _seat_data(session, site_id=str(site.id)))
    assert session.get(type(task), task.id).status == TaskStatus.DONE
    assert overdue() == before - 1
    seat = session.scalars(select(Seat).where(Seat.project_id == project.id)).one()
    client.submit(f"/seats/{seat.id}/delete")
    assert session.get(type(task), task.id).status == TaskStatus.NOT_STARTED and overdue() == before


def test_editing_moves_the_direct_number_and_deleting_asks_first(client, app, session):
    project, contact = _project_and_contact(app)
    seat = create_seat(project, extension="1001", direct_number="+14155550134", first_name="Ana")
    client.login(contact.email)
    response = client.submit(f"/seats/{seat.id}", _seat_data(session, direct_number="+14155550178"))
    assert response.status_code == 303
    numbers = dict(session.execute(select(PhoneNumber.e164, PhoneNumber.destination_id)).all())
    assert numbers == {"+14155550134": None, "+14155550178": seat.destination_id}
    assert "Remove Ana Núñez?" in client.get(f"/seats/{seat.id}/delete").get_data(as_text=True)
    assert client.submit(f"/seats/{seat.id}/delete").status_code == 303
    assert session.scalar(select(func.count(Seat.id))) == 0
    assert session.scalar(select(func.count(PhoneNumber.id))) == 2  # the numbers stay, unrouted


def test_viewers_read_the_worksheet_but_do_not_change_it(client, app):
    project, viewer = _project_and_contact(app, Role.VIEWER)
    create_seat(project, first_name="Ana")
    client.login(viewer.email)
    assert "Ana" in client.get(f"/projects/{project.id}/worksheet").get_data(as_text=True)
    assert client.get(f"/projects/{project.id}/worksheet/new").status_code == 403


def test_the_worksheet_downloads_as_csv_and_xlsx_and_the_template_explains_itself(client, app):
    project, contact = _project_and_contact(app)
    seat = create_seat(project, extension="104", direct_number="+14155550104", first_name="José",
                       last_name="Núñez", email="jose@example.com")
    client.login(contact.email)
    csv_file = client.get(f"/projects/{project.id}/worksheet/export.csv")
    assert csv_file.mimetype == "text/csv" and csv_file.data.startswith(b"\xef\xbb\xbf")
    table = read_table(csv_file.data)
    assert table.headers[:3] == ["Seat id", "First name", "Last name"]
    assert table.rows[0][:3] == [str(seat.id), "José", "Núñez"] and "'+14155550104" in table.rows[0]
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/projects/{project.id}/worksheet/export.xlsx").data))
    assert workbook["Seats"]["B2"].value == "José"
    template = openpyxl.load_workbook(io.BytesIO(
        client.get(f"/projects/{project.id}/worksheet/export.template.xlsx").data))
    assert template.sheetnames == ["Seats", "How to fill it in"] and template["Seats"]["B2"].value == "Maria"
    assert client.get(f"/projects/{project.id}/worksheet/export.pdf").status_code == 404


def test_a_bulk_change_meets_one_seat_changed_meanwhile(client, app, session):
    from portal.core.versioning import update_versioned
    project, contact = _project_and_contact(app)
    site = create_site(project.organization, name="Annex")
    seats = [create_seat(project, first_name=f"P{n}") for n in range(3)]
    client.login(contact.email)
    shown = [f"{seat.id}:{seat.version}" for seat in seats]
    update_versioned(seats[1], 1, {"job_title": "changed elsewhere"})
    session.commit()
    response = client.submit(f"/projects/{project.id}/worksheet/bulk",
                             {"change": f"site_id:{site.id}", "seat": shown},
                             page=f"/projects/{project.id}/worksheet")
    assert response.status_code == 303
    sites = dict(session.execute(select(Seat.id, Seat.site_id)).all())
    assert sites == {seats[0].id: site.id, seats[1].id: None, seats[2].id: site.id}
    assert "1 seats were changed by someone else" in client.get(f"/projects/{project.id}/worksheet").get_data(
        as_text=True)


def test_a_bulk_change_sets_services_and_clears_a_site_or_model(client, app, session):
    project, contact = _project_and_contact(app)
    site = create_site(project.organization, name="Annex")
    seats = [create_seat(project, first_name=f"P{n}", site_id=site.id, phone_model_raw="Cisco 7841")
             for n in range(2)]
    client.login(contact.email)
    page = f"/projects/{project.id}/worksheet"
    for change in ("fax_to_email:yes", "recording_mode:on_demand", "site_id:", "phone_model_id:"):
        shown = [f"{seat.id}:{session.get(Seat, seat.id).version}" for seat in seats]
        client.submit(f"{page}/bulk", {"change": change, "seat": shown}, page=page)
        session.expire_all()
    assert "Phone model: none was set on 2 seats." in client.get(page).get_data(as_text=True)
    for seat in seats:
        seat = session.get(Seat, seat.id)
        assert (seat.fax_to_email, seat.recording_mode.value, seat.site_id, seat.phone_model_raw, seat.version) == (
            True, "on_demand", None, None, 5)


def test_a_bulk_change_that_is_not_in_the_list_is_refused(client, app, session):
    project, contact = _project_and_contact(app)
    other = create_site(name="Someone else's office")  # another organization's site
    seat = create_seat(project, first_name="Ana")
    client.login(contact.email)
    page = f"/projects/{project.id}/worksheet"
    for change in (f"site_id:{other.id}", "first_name:Bob", "softphone:maybe", ""):
        client.submit(f"{page}/bulk", {"change": change, "seat": [f"{seat.id}:1"]}, page=page)
        shown = client.get(page).get_data(as_text=True)
        assert "Choose one of the listed values." in shown or "Choose what to set" in shown
    session.expire_all()
    assert session.get(Seat, seat.id).version == 1


def test_the_worksheet_pdf_is_a_readable_table(client, app):
    from pypdf import PdfReader
    project, contact = _project_and_contact(app)
    create_seat(project, extension="104", first_name="José", last_name="Núñez", email="jose@example.com")
    client.login(contact.email)
    response = client.get(f"/projects/{project.id}/worksheet.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert response.mimetype == "application/pdf" and "José Núñez" in text and "104" in text
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape


def test_a_bulk_change_conflicts_only_on_the_column_it_sets(client, app, session):
    """Seats changed by someone else meanwhile in another field still get the bulk change; a seat whose
    set column itself was changed meanwhile is left as it is (issue 13: rows conflict on what they change)."""
    import re

    from portal.worksheet.services import update_seat
    project, contact = _project_and_contact(app)
    other_field, same_field = (create_seat(project, extension=str(300 + n), first_name=f"Bulk{n}") for n in range(2))
    session.commit()
    client.login(contact.email)
    page = client.get(f"/projects/{project.id}/worksheet").get_data(as_text=True)
    ticks = re.findall(r'name="seat" value="([^"]+)"', page)
    update_seat(session.get(Seat, other_field.id), 1, {"job_title": "Night shift"})
    update_seat(session.get(Seat, same_field.id), 1, {"softphone": True})
    session.commit()
    response = client.submit(f"/projects/{project.id}/worksheet/bulk", {"change": "softphone:no", "seat": ticks},
                             page=f"/projects/{project.id}/worksheet")
    assert response.status_code == 303
    told = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "was set on 1 seats. 1 seats were changed by someone else meanwhile" in told
    session.expire_all()
    kept, left = session.get(Seat, other_field.id), session.get(Seat, same_field.id)
    assert (kept.softphone, kept.job_title, kept.version) == (False, "Night shift", 3)
    assert (left.softphone, left.version) == (True, 2)


def test_seats_of_a_teams_project_use_teams_calling_unless_told_otherwise(client, app, session):
    """Issue 15: 50 ticks saved, on the new-seat form and for rows that say nothing of Teams."""
    from portal.worksheet.services import create_seat as add_seat
    with app.test_request_context():
        project = create_project(product_key="teams_operator_connect", with_kick_off=False)
    hosted = create_project(with_kick_off=False)
    said_nothing, said_no, elsewhere = (add_seat(project, first_name="Ana"),
                                        add_seat(project, first_name="Bea", teams_calling=False),
                                        add_seat(hosted, first_name="Cy"))
    assert (said_nothing.teams_calling, said_no.teams_calling, elsewhere.teams_calling) == (True, False, False)
    session.commit()
    client.login(create_user(Role.PRIMARY_CONTACT, project.organization).email)
    page = client.get(f"/projects/{project.id}/worksheet/new").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*name="teams_calling"|<input[^>]*name="teams_calling"[^>]*checked', page)


def test_a_bulk_change_on_all_the_seats_the_list_shows_reaches_every_page_and_no_other_seat(client, app, session):
    """Issue 15: one choice instead of 50 ticks (and no ticks at all across pages)."""
    project, contact = _project_and_contact(app)
    site = create_site(project.organization, name="Annex")
    sales = [create_seat(project, first_name=f"Seller{n}", department="Sales") for n in range(55)]
    others = [create_seat(project, first_name=f"Driver{n}", department="Fleet") for n in range(3)]
    session.commit()
    client.login(contact.email)
    listing = client.get(f"/projects/{project.id}/worksheet?q=sales").get_data(as_text=True)
    assert "All 55 seats the list shows, on every page" in listing
    response = client.submit(f"/projects/{project.id}/worksheet/bulk",
                             {"change": f"site_id:{site.id}", "scope": "matching", "q": "sales"},
                             page=f"/projects/{project.id}/worksheet")
    assert response.status_code == 303
    sites = dict(session.execute(select(Seat.id, Seat.site_id)).all())
    assert {sites[seat.id] for seat in sales} == {site.id} and {sites[seat.id] for seat in others} == {None}
    assert "Site: Annex was set on 55 seats." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_bulk_change_with_nothing_ticked_says_what_to_do(client, app, session):
    project, contact = _project_and_contact(app)
    create_seat(project, first_name="Ana")
    session.commit()
    client.login(contact.email)
    response = client.submit(f"/projects/{project.id}/worksheet/bulk", {"change": "softphone:yes"},
                             page=f"/projects/{project.id}/worksheet", follow_redirects=True)
    assert "Tick at least one seat, or choose all the seats the list shows." in response.get_data(as_text=True)
