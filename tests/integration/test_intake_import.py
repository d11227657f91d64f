"""Intake in minutes (issue 15): a Microsoft 365 admin-center export imports as suggested; an E911
address that is the site's is not copied onto the seat; office numbers are the customer's own
(ported) unless the person says they are new, and their digits stay editable; an update shows what
it changes."""
import csv
import html
import io
import re

from sqlalchemy import select

from portal.extensions import db
from portal.models.telephony import NumberSource, PhoneNumber, Seat
from portal.models.users import Role
from tests.factories import create_number, create_project, create_seat, create_site, create_user
from tests.unit.test_import_headers import ADMIN_CENTER

JOSE = {"Display name": "José Núñez", "First name": "José", "Last name": "Núñez",
        "User principal name": "jose.nunez@northwind.example", "Title": "Hygienist", "Department": "Clinical",
        "Office": "Main clinic", "Phone number": "+1 (415) 555-0104", "Mobile Phone": "+1 415 555 0190",
        "Street address": "450 Sutter St., Ste 1200", "City": "San Francisco", "State": "California",
        "Postal code": "94108", "Country/Region": "United States"}
ZOE = {"Display name": "Zoë Ångström", "First name": "Zoë", "Last name": "Ångström",
       "User principal name": "zoe.angstrom@northwind.example", "Title": "Office manager", "Department": "Front desk",
       "Office": "Oakland office", "Phone number": "(510) 555-0111", "Street address": "1 Broadway",
       "City": "Oakland", "State": "CA", "Postal code": "94607", "Country/Region": "United States"}
RENEE = {"Display name": "Renée Côté", "First name": "Renée", "Last name": "Côté",
         "User principal name": "renee.cote@northwind.example", "Title": "Dentist", "Department": "Clinical",
         "Office": "Main clinic", "Street address": "450 SUTTER STREET SUITE 1200", "City": "San Francisco",
         "State": "CA", "Postal code": "94108-2310", "Country/Region": "United States"}
MARTEN = {"Display name": "Mårten Øberg", "First name": "Mårten", "Last name": "Øberg",
          "User principal name": "marten.oberg@northwind.example", "Title": "Lab technician", "Department": "Lab",
          "Office": "Oakland office", "Street address": "77 Harbor Road, Suite 5", "City": "Oakland", "State": "CA",
          "Postal code": "94607", "Country/Region": "United States"}
ACCOUNT = {"Block credential": "False", "DirSyncEnabled": "", "Fax": "", "Last dirsync time": "",
           "Licenses": "northwind:SPB+northwind:MCOEV", "Object Id": "0f8fad5b-d9cb-469f-a165-70867728950e",
           "Password never expires": "False", "Preferred language": "en-US", "Strong password required": "True",
           "Usage location": "US", "When created": "3/4/2025 5:32:10 PM"}  # what an export carries besides


def _export(*people: dict) -> bytes:
    """The admin center's "Export users" file: UTF-8 with a BOM, every column quoted, CRLF lines."""
    out = io.StringIO()
    writer = csv.DictWriter(out, ADMIN_CENTER, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writeheader()
    for person in people:
        writer.writerow({**ACCOUNT, "Proxy addresses": f"SMTP:{person['User principal name']}", **person})
    return out.getvalue().encode("utf-8-sig")


def _northwind(app):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
    main = create_site(project.organization, name="Main clinic", street="450 Sutter Street", suite="Suite 1200",
                       postal_code="94108")
    oakland = create_site(project.organization, name="Oakland office", street="1 Broadway", city="Oakland",
                          postal_code="94607")
    contact = create_user(Role.PRIMARY_CONTACT, project.organization, email="maria@northwind.example")
    return project, main, oakland, contact


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _preview_as_suggested(client, project, content: bytes) -> str:
    """Upload the file and keep every suggested column: the preview's address."""
    start = f"/projects/{project.id}/import/worksheet"
    response = client.submit(f"{start}/file", {"spreadsheet": (io.BytesIO(content), "users_2025_3_4.csv")},
                             page=start, content_type="multipart/form-data")
    assert response.status_code == 303, _page(response)[-600:]
    mapping_url = response.headers["Location"]
    checked = client.post(mapping_url, data=client.form_values(mapping_url, "column-0"))
    assert checked.status_code == 303
    return checked.headers["Location"]


def _commit(client, preview_url: str) -> str:
    """Press "Import" on the preview as it stands at `preview_url`; the outcome page."""
    assert client.submit(preview_url.split("?")[0] + "/commit", page=preview_url).status_code == 303
    return _page(client.get(preview_url.split("?")[0]))


def _numbers(project) -> dict[str, NumberSource]:
    return dict(db.session.execute(select(PhoneNumber.e164, PhoneNumber.source)
                                   .where(PhoneNumber.project_id == project.id)).all())


def test_an_admin_center_export_imports_as_suggested(client, app, session):
    project, main, oakland, contact = _northwind(app)
    client.login(contact.email)
    preview_url = _preview_as_suggested(client, project, _export(JOSE, ZOE, RENEE, MARTEN))
    preview = _page(client.get(preview_url))
    assert re.search(r'stat-value">4</span><span class="stat-label">to add', preview)
    assert re.search(r'stat-value">0</span><span class="stat-label">with errors', preview)
    assert "Import 4 rows" in preview
    assert "4 added, 0 updated, 0 skipped." in _commit(client, preview_url)
    seats = {seat.email: seat for seat in session.scalars(select(Seat).where(Seat.project_id == project.id))}
    jose = seats["jose.nunez@northwind.example"]
    assert (jose.first_name, jose.last_name, jose.display_name, jose.job_title, jose.department) == (
        "José", "Núñez", "José Núñez", "Hygienist", "Clinical")
    assert (jose.site_id, jose.direct_number, jose.mobile) == (main.id, "+14155550104", "+14155550190")
    zoe, marten = seats["zoe.angstrom@northwind.example"], seats["marten.oberg@northwind.example"]
    assert (zoe.site_id, zoe.direct_number, marten.site_id, marten.direct_number) == (
        oakland.id, "+15105550111", oakland.id, None)
    worksheet = _page(client.get(f"/projects/{project.id}/worksheet"))
    assert "Zoë Ångström" in worksheet and "(510) 555-0111" in worksheet and "Mårten Øberg" in worksheet


def test_the_sites_address_is_not_copied_onto_its_seats(client, app, session):
    project, main, oakland, contact = _northwind(app)
    elsewhere = dict(RENEE, **{"User principal name": "ines@northwind.example", "Display name": "Inés Ruiz",
                               "First name": "Inés", "Last name": "Ruiz", "Street address": "450 Sutter Street",
                               "Postal code": "94108"})  # the building, but not the site's suite
    client.login(contact.email)
    preview_url = _preview_as_suggested(client, project, _export(JOSE, ZOE, RENEE, MARTEN, elsewhere))
    preview = _page(client.get(preview_url))
    assert preview.count("it becomes this seat's own E911 address") == 2
    assert "Not the address of Oakland office (1 Broadway, Oakland, CA 94607, US)" in preview
    _commit(client, preview_url)
    own = dict(session.execute(select(Seat.email, Seat.e911_street).where(Seat.project_id == project.id)).all())
    assert own == {"jose.nunez@northwind.example": None, "zoe.angstrom@northwind.example": None,
                   "renee.cote@northwind.example": None, "marten.oberg@northwind.example": "77 Harbor Road, Suite 5",
                   "ines@northwind.example": "450 Sutter Street"}
    calling = _page(client.get(f"/projects/{project.id}/questionnaire/calling"))
    assert "Main clinic</strong>: 450 Sutter Street, Suite 1200, San Francisco, CA 94108, US, for 2 of its 3 seats; " \
           "1 have an address of their own" in calling
    assert "for 1 of its 2 seats; 1 have an address of their own" in calling


def test_a_suite_in_its_own_column_stays_with_a_different_address(client, app, session):
    project, main, oakland, contact = _northwind(app)
    create_seat(project, email="ana@northwind.example", first_name="Ana", site_id=main.id,
                e911_street="12 Oak Road", e911_city="San Francisco", e911_state="CA", e911_postal_code="94110")
    client.login(contact.email)
    mapping_url = client.submit(f"/projects/{project.id}/import/worksheet/paste", {"pasted": (
        "E-mail\tFirst name\tSite\tAddress\tSuite\tCity\tState\tZIP\n"
        "ana@northwind.example\tAna\tMain clinic\t450 Sutter St\t1200\tSan Francisco\tCA\t94108\n"
        "ben@northwind.example\tBen\tOakland office\t9 West Lake Road\tFloor 3\tOakland\tCA\t94612\n")},
        page=f"/projects/{project.id}/import/worksheet").headers["Location"]
    preview_url = client.post(mapping_url, data=client.form_values(mapping_url, "column-0")).headers["Location"]
    preview = _page(client.get(preview_url))
    assert "E911 street: 12 Oak Road → (empty)" in preview and "E911 ZIP: 94110 → (empty)" in preview
    _commit(client, preview_url)
    seats = {seat.email: seat for seat in session.scalars(select(Seat).where(Seat.project_id == project.id))}
    ana, ben = seats["ana@northwind.example"], seats["ben@northwind.example"]
    assert (ana.e911_street, ana.e911_city, ana.e911_postal_code) == (None, None, None)  # follows its site now
    assert (ben.e911_street, ben.e911_city, ben.e911_postal_code) == ("9 West Lake Road, Floor 3", "Oakland",
                                                                      "94612")


def test_office_numbers_are_the_customers_own_and_stay_editable(client, app, session):
    project, main, oakland, contact = _northwind(app)
    client.login(contact.email)
    preview_url = _preview_as_suggested(client, project, _export(JOSE, ZOE, RENEE))
    preview = _page(client.get(preview_url))
    assert ("2 office numbers in this file are not in the project yet. They are taken as your own: we port them "
            "from your current carrier.") in preview
    assert "José Núñez jose.nunez@northwind.example · (415) 555-0104 (ported)" in preview
    _commit(client, preview_url)
    assert _numbers(project) == {"+14155550104": NumberSource.PORTED, "+15105550111": NumberSource.PORTED}
    listing = _page(client.get(f"/projects/{project.id}/questionnaire/numbers"))
    assert listing.count("Direct number · Ported") == 2
    _correct_the_digits(client, project, "+15105550111", "(510) 555-0112")


def test_these_are_new_numbers_in_one_click_kept_through_the_commit(client, app, session):
    project, main, oakland, contact = _northwind(app)
    create_number(project, e164="+15105550111", source=NumberSource.PORTED)  # on the numbers page already
    client.login(contact.email)
    preview_url = _preview_as_suggested(client, project, _export(JOSE, ZOE, RENEE))
    preview = _page(client.get(preview_url))
    assert "1 office number in this file is not in the project yet. It is taken as your own" in preview
    assert "These are new numbers, not ours to port</button>" in preview
    answered = client.submit(f"{preview_url}/choices/new_numbers/yes", page=preview_url)  # its one click
    assert answered.status_code == 303 and answered.headers["Location"] == preview_url
    chosen = _page(client.get(preview_url))  # the answer is the import's: a reload keeps it
    assert ("1 office number in this file is not in the project yet. It is taken as new numbers we give you: "
            "nothing is ported.") in chosen
    assert "(415) 555-0104 (new)" in chosen and "These are our own numbers, to port" in chosen
    assert "was imported" in _commit(client, preview_url)
    assert _numbers(project) == {"+14155550104": NumberSource.NEW, "+15105550111": NumberSource.PORTED}
    _correct_the_digits(client, project, "+14155550104", "(415) 555-0105")


def _correct_the_digits(client, project, e164: str, typed: str) -> None:
    """The contact opens the number the file gave and corrects its digits."""
    number = db.session.scalars(select(PhoneNumber).where(PhoneNumber.project_id == project.id,
                                                          PhoneNumber.e164 == e164)).one()
    url = f"/projects/{project.id}/questionnaire/numbers/{number.id}"
    assert 'name="e164"' in _page(client.get(url))
    assert client.post(url, data={**client.form_values(url, "e164"), "e164": typed}).status_code == 303
    db.session.expire_all()
    assert db.session.get(PhoneNumber, number.id).e164 == "+1" + re.sub(r"\D", "", typed)


def test_an_update_shows_what_it_changes(client, app, session):
    project, main, oakland, contact = _northwind(app)
    create_seat(project, email="jose.nunez@northwind.example", first_name="José", last_name="Núñez",
                display_name="José Núñez", job_title="Assistant", department="Clinical", site_id=main.id,
                mobile="+14155550190")
    create_seat(project, email="zoe.angstrom@northwind.example", first_name="Zoë", last_name="Ångström",
                display_name="Zoë Ångström", job_title="Office manager", department="Front desk",
                site_id=oakland.id, direct_number="+15105550111")
    client.login(contact.email)
    preview = _page(client.get(_preview_as_suggested(client, project, _export(JOSE, ZOE))))
    assert "Job title: Assistant → Hygienist" in preview
    assert "Direct number: (empty) → (415) 555-0104" in preview
    assert "Department:" not in preview and "Mobile:" not in preview  # unchanged fields are not listed
    assert re.search(r'stat-value">1</span><span class="stat-label">unchanged', preview)  # Zoë, as she is
