"""Importing a Microsoft 365 export in Chromium: fix a mapping, see row errors, commit, edit a seat,
export and re-import with nothing changed (issue 5)."""
import re

from playwright.sync_api import expect

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_site, create_user

EXPORT = ("User principal name,Display name,First name,Last name,Title,Department,Phone number,Office\n"
          "jose@example.com,José Núñez,José,Núñez,Hygienist,Clinical,(415) 555-0104,Main clinic\n"
          "zoe@example.com,Zoë Ångström,Zoë,Ångström,Assistant,Clinical,555-0000,Main clinic\n"
          "rene@example.com,René Côté,René,Côté,Dentist,Clinical,+1 415 555 0199,Main clinic\n")


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
    page.get_by_role("button", name="Check the rows").click()
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
