"""Importing seats through the pages: read, map, preview, commit once, skipped rows to download."""
import io
import re

from sqlalchemy import func, select

from portal.models.imports import Import
from portal.models.telephony import Seat
from portal.models.users import Role
from tests.factories import PNG_BYTES, create_project, create_seat, create_site, create_user

M365_EXPORT = ("User principal name,Display name,First name,Last name,Title,Department,Phone number,City\n"
               "jose@example.com,José Núñez,José,Núñez,Hygienist,Clinical,(415) 555-0104,San Francisco\n"
               "zoe@example.com,Zoë Ångström,Zoë,Ångström,Assistant,Clinical,555-0000,Oakland\n")


def _contact(app):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    create_site(project.organization, name="Main clinic")
    return project, create_user(Role.PRIMARY_CONTACT, project.organization)


def _paste(client, project, text):
    response = client.submit(f"/projects/{project.id}/import/worksheet/paste", {"pasted": text},
                             page=f"/projects/{project.id}/import/worksheet")
    assert response.status_code == 303, response.get_data(as_text=True)[-800:]
    return response.headers["Location"]


def test_an_export_is_read_mapped_previewed_and_committed_once(client, app, session):
    project, contact = _contact(app)
    client.login(contact.email)
    mapping_url = _paste(client, project, M365_EXPORT.replace(",", "\t"))
    page = client.get(mapping_url).get_data(as_text=True)
    assert re.search(r'<option value="email" selected>', page) and "José" in page
    preview_url = client.submit(mapping_url, {f"column-{n}": key for n, key in enumerate(
        ["email", "display_name", "first_name", "last_name", "job_title", "department", "direct_number", ""])}
    ).headers["Location"]
    preview = client.get(preview_url).get_data(as_text=True)
    assert "cannot exist" in preview and "Import 1 row<" in preview
    token = re.search(r'name="once_token" type="hidden" value="([^"]+)"', preview).group(1)
    checked = re.search(r'name="checked" type="hidden" value="([^"]+)"', preview).group(1)
    csrf = client.csrf_token(preview_url)
    commit_url = preview_url + "/commit"
    first = client.post(commit_url, data={"csrf_token": csrf, "once_token": token, "checked": checked})
    again = client.post(commit_url, data={"csrf_token": csrf, "once_token": token, "checked": checked})
    assert first.status_code == again.status_code == 303
    assert session.scalar(select(func.count(Seat.id)).where(Seat.project_id == project.id)) == 1
    outcome = client.get(preview_url).get_data(as_text=True)
    assert "was imported" in outcome and "Line 3:" in outcome
    skipped = client.get(preview_url + "/skipped.csv")
    assert "cannot exist" in skipped.get_data(as_text=True) and "Zoë" in skipped.get_data(as_text=True)


def _as_suggested(client, mapping_url) -> dict:
    """What a browser posts when the person keeps every suggested mapping."""
    page = client.get(mapping_url).get_data(as_text=True)
    selects = re.findall(r'<select id="(column-\d+)".*?</select>', page, re.S)
    chosen = {}
    for block in re.finditer(r'<select id="(column-\d+)"(.*?)</select>', page, re.S):
        picked = re.search(r'<option value="([a-z_0-9]+)" selected>', block.group(2))
        chosen[block.group(1)] = picked.group(1) if picked else ""
    assert len(chosen) == len(selects)
    return chosen


def test_re_importing_the_export_changes_nothing(client, app, session):
    project, contact = _contact(app)
    create_seat(project, extension="104", first_name="José", last_name="Núñez", email="jose@example.com",
                direct_number="+14155550104")
    client.login(contact.email)
    export = client.get(f"/projects/{project.id}/worksheet/export.csv").data.decode("utf-8-sig")
    mapping_url = _paste(client, project, export.replace(",", "\t"))
    preview_url = client.submit(mapping_url, _as_suggested(client, mapping_url)).headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    assert "Unchanged" in page and "Nothing can be imported yet" in page and "Import 0 rows" not in page
    forced = client.submit(preview_url + "/commit", {}, page=preview_url)  # a POST made by hand: refused
    assert forced.status_code == 303 and "was imported" not in client.get(preview_url).get_data(as_text=True)


def test_a_picture_renamed_csv_is_refused_on_the_same_page(client, app, session):
    project, contact = _contact(app)
    client.login(contact.email)
    response = client.submit(f"/projects/{project.id}/import/worksheet/file", {
        "spreadsheet": (io.BytesIO(PNG_BYTES), "users.csv")}, page=f"/projects/{project.id}/import/worksheet",
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "is not a CSV, TXT or XLSX file by its content" in page
    assert session.scalar(select(func.count(Import.id))) == 0


def test_an_empty_paste_is_explained(client, app):
    project, contact = _contact(app)
    client.login(contact.email)
    page = client.submit(f"/projects/{project.id}/import/worksheet/paste", {"pasted": "   "},
                         page=f"/projects/{project.id}/import/worksheet").get_data(as_text=True)
    assert "Paste the rows, with their header row." in page


def test_a_seat_changed_after_the_preview_is_not_overwritten(client, app, session):
    from portal.core.versioning import update_versioned
    project, contact = _contact(app)
    seat = create_seat(project, extension="104", first_name="José", last_name="Núñez", email="jose@example.com")
    client.login(contact.email)
    mapping_url = _paste(client, project, "E-mail\tJob title\njose@example.com\tHygienist\n")
    preview_url = client.submit(mapping_url, _as_suggested(client, mapping_url)).headers["Location"]
    seen = client.get(preview_url).get_data(as_text=True)  # the preview the person reads
    assert "Updated" in seen
    hidden = dict(re.findall(r'name="(csrf_token|once_token|checked)" type="hidden" value="([^"]+)"', seen))
    update_versioned(session.get(Seat, seat.id), seat.version, {"job_title": "Dentist"})  # meanwhile
    session.commit()
    client.post(preview_url + "/commit", data=hidden)
    session.refresh(seat)
    assert seat.job_title == "Dentist"
    assert "changed by someone else since you checked" in client.get(preview_url).get_data(as_text=True)


def test_an_unfinished_import_waits_on_the_worksheet_page(client, app, session):
    project, contact = _contact(app)
    client.login(contact.email)
    mapping_url = _paste(client, project, "E-mail\tFirst name\nana@example.com\tAna\n")
    page = client.get(f"/projects/{project.id}/worksheet").get_data(as_text=True)
    assert "An import is waiting for you" in page and f'href="{mapping_url}">Continue the import of pasted rows' in page
    preview_url = client.submit(mapping_url, _as_suggested(client, mapping_url)).headers["Location"]
    client.submit(preview_url + "/commit", page=preview_url)
    assert "waiting for you" not in client.get(f"/projects/{project.id}/worksheet").get_data(as_text=True)


def test_an_import_started_from_section_two_leads_back_there(client, app, session):
    project, contact = _contact(app)
    client.login(contact.email)
    section = f"/projects/{project.id}/questionnaire/extensions"
    start = re.search(r'href="([^"]*/import/worksheet\?from=extensions)"', client.get(section).get_data(as_text=True))
    start_page = client.get(start.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert f'<a href="{section}">Back to the extensions (section 2)</a>' in start_page
    response = client.submit(f"/projects/{project.id}/import/worksheet/paste?from=extensions",
                             {"pasted": "E-mail\tFirst name\nana@example.com\tAna\n"}, page=start.group(1))
    mapping_url = response.headers["Location"]
    preview_url = client.submit(mapping_url, _as_suggested(client, mapping_url)).headers["Location"]
    assert f'<a href="{section}">Back to the extensions (section 2)</a>' in client.get(preview_url).get_data(
        as_text=True)
