"""Section 8 of the questionnaire in Chromium (issue 7): a contact writes what the other sections did
not ask, attaches a floor plan after a refused file, removes a file after confirming, marks the
section completed and finds it in the draft PDF."""
import io

from playwright.sync_api import expect
from pypdf import PdfReader

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import PDF_BYTES, create_project, create_user


def test_a_contact_adds_other_requirements_and_files(page, app):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        project_id, email = project.id, contact.email
        db.session.remove()
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}/questionnaire")
    page.axe.check()
    page.get_by_role("link", name="8. Anything else").click()
    page.axe.check()
    page.get_by_label("Anything else we should know").fill("The lobby phone rings the guard after 18:00.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Your other requirements were saved.")).to_be_visible()
    page.get_by_label("File", exact=True).set_input_files({"name": "setup.exe", "mimeType": "application/octet-stream",
                                               "buffer": b"MZ\x90\x00" + bytes(200)})
    page.get_by_label("What it is").fill("Our old system")
    page.get_by_role("button", name="Attach the file").click()
    expect(page.get_by_role("alert")).to_contain_text("This file is not a PDF, PNG, JPEG, CSV, TXT or XLSX file")
    expect(page.get_by_label("What it is")).to_have_value("Our old system")
    page.axe.check()
    page.get_by_label("File", exact=True).set_input_files({"name": "floor-plan.pdf", "mimeType": "application/pdf",
                                               "buffer": PDF_BYTES})
    page.get_by_label("What it is").fill("Floor plan, 2nd floor")
    page.get_by_role("button", name="Attach the file").click()
    expect(page.get_by_role("link", name="floor-plan.pdf", exact=True)).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="Remove floor-plan.pdf").click()
    expect(page.get_by_role("heading", name="Remove floor-plan.pdf?")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("link", name="floor-plan.pdf", exact=True)).to_be_visible()
    page.axe.check()
    page.get_by_label("Yes, I have completed this section").check()
    page.get_by_role("button", name="Save and go back to the questionnaire").click()
    expect(page.get_by_text("Anything else: completed.")).to_be_visible()
    page.axe.check()
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download as PDF (draft)").click()
    reader = PdfReader(io.BytesIO(open(waiting.value.path(), "rb").read()))
    text = " ".join(each.extract_text() for each in reader.pages)
    assert "Anything else" in text and "The lobby phone rings the guard after 18:00." in text
    assert "floor-plan.pdf: Floor plan, 2nd floor" in text
