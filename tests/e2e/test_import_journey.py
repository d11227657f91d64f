"""Importing a Microsoft 365 export in Chromium: fix a mapping, match one office to a site and add
another as a new site from its rows (issue 15), see row errors, commit, edit a seat, export and
re-import with nothing changed (issue 5)."""
import re

from playwright.sync_api import expect

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_site, create_user

EXPORT = ("User principal name,Display name,First name,Last name,Title,Department,Phone number,Office,"
          "Street address,City,State,Postal code\n"
          "jose@example.com,José Núñez,José,Núñez,Hygienist,Clinical,(415) 555-0104,Main clinic,"
          "100 Market Street,San Francisco,CA,94105\n"
          "zoe@example.com,Zoë Ångström,Zoë,Ångström,Assistant,Clinical,555-0000,Downtown Main Clinic,"
          "100 Market St,San Francisco,CA,94105\n"
          "rene@example.com,René Côté,René,Côté,Dentist,Clinical,+1 415 555 0199,Berkeley lab,"
          "2150 Shattuck Ave,Berkeley,California,94704\n")


def fits_a_phone(page, width: int = 375) -> None:
    """The page as it stands reads on a phone without scrolling sideways, then back to the desk's width."""
    desk = page.viewport_size
    page.set_viewport_size({"width": width, "height": 740})
    wide = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(desk)
    assert wide <= width, f"{page.url} scrolls sideways on a phone ({wide}px wide)"


def test_import_a_microsoft_365_export_then_export_and_re_import(page, app, tmp_path):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        create_site(project.organization, name="Main clinic")
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        project_id, email = project.id, contact.email
        db.session.remove()
    source = tmp_path / "users.csv"
    source.write_text(EXPORT, encoding="utf-8")
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}/worksheet")
    page.axe.check()
    page.get_by_role("link", name="Import from a spreadsheet").click()
    page.axe.check()
    page.get_by_label("Spreadsheet", exact=True).set_input_files(str(source))
    page.get_by_role("button", name="Read the file").click()
    expect(page.get_by_role("heading", name="Match the columns of users.csv")).to_be_visible()
    page.axe.check()
    expect(page.get_by_label("User principal name")).to_have_value("email")
    page.get_by_label("Display name").select_option("")  # the names come from first and last name
    # the offices that name no site: one like a site (chosen for the person), one like none (a new site)
    expect(page.get_by_label("“Downtown Main Clinic”").locator("option:checked")).to_have_text("Main clinic")
    expect(page.get_by_label("“Berkeley lab”").locator("option:checked")).to_have_text("A new site")
    fits_a_phone(page)
    page.get_by_role("button", name="Check the rows").click()
    expect(page.get_by_role("heading", name="Add the site “Berkeley lab”")).to_be_visible()
    page.axe.check()
    fits_a_phone(page)
    expect(page.get_by_label("Street address")).to_have_value("2150 Shattuck Ave")  # from its rows
    expect(page.get_by_label("State or region")).to_have_value("CA")
    expect(page.get_by_label("Time zone")).to_have_value("America/Los_Angeles")
    page.get_by_role("button", name="Add the site").click()
    expect(page.get_by_text("The site Berkeley lab was added")).to_be_visible()
    expect(page.get_by_text("cannot exist")).to_be_visible()
    page.axe.check()
    page.get_by_role("button", name="Import 2 rows").click()
    expect(page.get_by_text("2 added, 0 updated, 1 skipped.")).to_be_visible()
    page.axe.check()

    page.get_by_role("link", name="Back to the worksheet").click()
    page.axe.check()
    page.get_by_role("link", name="René Côté").click()
    page.axe.check()
    page.get_by_label("Extension").fill("110")
    page.get_by_role("button", name="Save seat").click()
    expect(page.get_by_role("row", name=re.compile("René Côté"))).to_contain_text("110")
    page.axe.check()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    exported = tmp_path / "export.csv"
    download.value.save_as(exported)
    page.get_by_role("link", name="Import from a spreadsheet").click()
    page.axe.check()
    page.get_by_label("Spreadsheet", exact=True).set_input_files(str(exported))
    page.get_by_role("button", name="Read the file").click()
    page.axe.check()
    page.get_by_role("button", name="Check the rows").click()
    expect(page.get_by_text("Nothing can be imported yet: every row is skipped or unchanged.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Import \d"))).to_have_count(0)  # never "Import 0 rows"
    expect(page.locator(".tag", has_text="Unchanged")).to_have_count(2)
    page.axe.check()
