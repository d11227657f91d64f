"""The browser refuses a file over the field's limit before sending it (demonstration upload form)."""
from playwright.sync_api import expect

from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import PDF_BYTES, create_user
from tests.integration.demo_app import LIMIT


def test_a_file_over_the_limit_is_refused_in_the_browser_and_a_fitting_one_uploads(page, committed):
    user = committed(create_user, Role.SECONDARY_CONTACT)
    log_in(page, user["email"], TEST_PASSWORD)
    page.axe.check()
    page.goto("/demo/upload")
    page.axe.check()
    page.get_by_label("Title").fill("March bill")
    page.get_by_label("Carrier bill").set_input_files(
        {"name": "huge.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES + bytes(LIMIT)})
    expect(page.get_by_text("The file is larger than 50 KB; choose a smaller one.")).to_be_visible()
    expect(page.get_by_label("Carrier bill")).to_have_value("")
    expect(page.get_by_label("Title")).to_have_value("March bill")
    page.axe.check()
    page.get_by_label("Carrier bill").set_input_files(
        {"name": "march.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    expect(page.get_by_text("The file is larger than")).to_be_hidden()
    with page.expect_download() as download:
        page.get_by_role("button", name="Upload").click()
    assert download.value.suggested_filename == "march.pdf"
