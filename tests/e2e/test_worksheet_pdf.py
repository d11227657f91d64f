"""A large worksheet's PDF in Chromium: prepared by the worker process (the job queue), its
progress followed by the page's script, then downloaded."""
import io

from playwright.sync_api import expect
from pypdf import PdfReader

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_seat, create_site, create_user


def test_a_large_worksheet_pdf_is_prepared_then_downloaded(page, app):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        site = create_site(project.organization, name="Main clinic")
        for n in range(30):
            create_seat(project, first_name=f"Person{n}", last_name="Núñez", extension=str(200 + n), site_id=site.id)
        viewer = create_user(Role.VIEWER, project.organization)
        db.session.commit()
        project_id, email = project.id, viewer.email
        db.session.remove()
    app.config["PDF_INLINE_ROWS"] = 10  # so that 30 seats are "large" here
    try:
        log_in(page, email, TEST_PASSWORD)
        page.axe.check()
        page.goto(f"/projects/{project_id}/worksheet")
        page.axe.check()
        page.get_by_role("link", name="Download as PDF").click()
        expect(page.get_by_text("It has 30 seats.")).to_be_visible()
        page.axe.check()
        page.get_by_role("button", name="Prepare the PDF").click()
        expect(page.get_by_role("heading", name="Client Worksheet:")).to_be_visible()
        page.axe.check()
        download_link = page.get_by_role("link", name="Download the PDF")
        expect(download_link).to_be_visible(timeout=30_000)  # the script shows it when the worker is done
        expect(page.get_by_role("status")).to_have_text("The PDF is ready.")
        expect(page.get_by_role("link", name="Check again")).to_be_hidden()
        page.axe.check()
        with page.expect_download() as waiting:
            download_link.click()
        text = PdfReader(io.BytesIO(open(waiting.value.path(), "rb").read())).pages[0].extract_text()
        assert "Person0 Núñez" in text
    finally:
        app.config["PDF_INLINE_ROWS"] = 200
