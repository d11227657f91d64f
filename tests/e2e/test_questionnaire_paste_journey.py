"""The questionnaire's whole first part in Chromium (issue 6): a contact sets the dial plan, pastes 20
extensions and their numbers from a spreadsheet (a bad row shown with its line and column), leaves
a half-typed fix and finds it autosaved when coming back, fixes what the check page lists, and
downloads the draft PDF, which never holds a PIN."""
import io
import re
from datetime import time

from playwright.sync_api import expect
from pypdf import PdfReader

from portal.core.hours import WORKDAYS, rows_of, standard_hours
from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_site, create_user

HEADER = "First name\tLast name\tE-mail\tExtension\tSite\tVoicemail\tCall forwarding\tOutbound calls"
PEOPLE = [f"Person\tNumber {n:02d}\tperson{n:02d}@example.com\t{100 + n}\tMain clinic\tYes\t"
          f"{'Yes' if n % 2 else 'No'}\tLocal" for n in range(1, 20)] + [
    "Zed\tLast\tzed@example.com\t1020\tMain clinic\tYes\tNo\tInternational"]
NUMBERS = ("Number\tKind\tRings\tCaller-ID name\n"
           "(415) 555-0150\tMain\t101\tNORTHWIND\n"
           "(415) 555-0151\tDID\tperson02@example.com\t\n"
           "(415) 555-0152\tDirect\t\t\n"
           "555-0000\tDirect\t103\t\n")


def _project(app) -> tuple[int, str]:
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        site = create_site(project.organization, name="Main clinic")
        site.hours = rows_of(standard_hours(WORKDAYS, time(8), time(17)))
        project.sites.append(site)
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        found = project.id, contact.email
        db.session.remove()
    return found


def _paste(page, link: str, rows: str, ready: int) -> None:
    """Through the shared import: paste, keep the suggested columns, check the rows, import them."""
    page.get_by_role("link", name=link).click()
    page.axe.check()
    page.get_by_label("Rows copied from a spreadsheet").fill(rows)
    page.get_by_role("button", name="Read the rows").click()
    page.axe.check()
    page.get_by_role("button", name="Check the rows").click()
    page.axe.check()
    page.get_by_role("button", name=f"Import {ready} rows").click()
    expect(page.get_by_text(f"{ready} added, 0 updated")).to_be_visible()
    page.axe.check()


def test_a_contact_pastes_extensions_and_numbers_and_finishes_from_the_check_page(page, app):
    project_id, email = _project(app)
    base = f"/projects/{project_id}/questionnaire"
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"{base}/dial-plan")
    page.get_by_label("Extension length").select_option(label="3 digits")
    page.get_by_role("button", name="Save the dial plan").click()
    expect(page.get_by_text("The dial plan was saved.")).to_be_visible()
    page.axe.check()

    page.goto(f"{base}/extensions")
    page.axe.check()
    _paste(page, "Paste or import many rows at once", "\n".join([HEADER, *PEOPLE]), 20)
    page.goto(f"{base}/extensions")
    expect(page.get_by_role("row", name="Zed Last", exact=False)).to_contain_text("1020")
    expect(page.get_by_role("row", name="Person Number 19", exact=False)).to_contain_text("119")

    page.goto(f"{base}/numbers")
    page.axe.check()
    page.get_by_role("link", name="Paste or import numbers").click()
    page.axe.check()
    page.get_by_label("Rows copied from a spreadsheet").fill(NUMBERS)
    page.get_by_role("button", name="Read the rows").click()
    page.axe.check()
    page.get_by_role("button", name="Check the rows").click()
    bad_row = page.get_by_role("row").filter(has_text="555-0000")
    expect(bad_row).to_contain_text(re.compile(r"5\s+rings Person Number 03 \(103\)\s+Skipped"))
    expect(bad_row).to_contain_text("Number: “555-0000” cannot exist")
    page.axe.check()
    page.get_by_role("button", name="Import 3 rows").click()
    expect(page.get_by_text("Line 5: Number: “555-0000” cannot exist", exact=False)).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="Back to the numbers").click()
    expect(page.get_by_role("row", name="(415) 555-0150", exact=False)).to_contain_text("Person Number 01 (101)")
    page.axe.check()

    page.goto(f"{base}/check")
    page.axe.check()
    page.get_by_role("link", name="Zed Last: extension 1020 has 4 digits; the dial plan says 3.").click()
    page.get_by_label("Extension").fill("120")
    page.get_by_label("Extension").press("Tab")
    expect(page.get_by_role("status").filter(has_text="Saved as draft at")).to_be_visible()
    with page.expect_response(lambda response: response.request.method == "POST" and response.ok):
        page.get_by_label("Call park").check()  # a ticked box is kept as a draft at once
    page.goto(base)  # leaves without saving
    page.axe.check()
    page.goto(f"{base}/check")
    page.get_by_role("link", name="Zed Last: extension 1020 has 4 digits; the dial plan says 3.").click()
    expect(page.get_by_text("We restored your unsaved changes")).to_be_visible()
    expect(page.get_by_label("Extension")).to_have_value("120")
    expect(page.get_by_label("Call park")).to_be_checked()
    page.axe.check()
    page.get_by_label("Voicemail PIN").fill("4826")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Zed Last was saved.")).to_be_visible()

    page.goto(f"{base}/check")
    page.get_by_role("link", name="(415) 555-0152 rings nothing: choose where it rings.").click()
    page.axe.check()
    page.get_by_label("Rings").select_option(label="Zed Last (120)")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("row", name="(415) 555-0152", exact=False)).to_contain_text("Zed Last (120)")
    page.goto(f"{base}/check")
    expect(page.get_by_text("Nothing blocks", exact=False)).to_be_visible()
    page.axe.check()

    page.goto(base)
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download as PDF (draft)").click()
    reader = PdfReader(io.BytesIO(open(waiting.value.path(), "rb").read()))
    text = " ".join(each.extract_text() for each in reader.pages)
    assert "DRAFT" in text and "Zed Last" in text and "(415) 555-0152" in text and "Person Number 19" in text
    assert "4826" not in text
