"""The worksheet pages in Chromium (issue 5, first part): add a seat after a mistake, edit, remove."""
from playwright.sync_api import expect

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_site, create_user


def test_a_contact_adds_edits_and_removes_a_seat(page, app):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        create_site(project.organization, name="Main clinic")
        contact = create_user(Role.SECONDARY_CONTACT, project.organization)
        db.session.commit()
        project_id, email = project.id, contact.email
        db.session.remove()
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.get_by_role("link", name="Provide the user information", exact=False).click()
    expect(page.get_by_role("heading", name="Client Worksheet")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="Add a seat").click()
    page.axe.check()
    page.get_by_label("First name").fill("José")
    page.get_by_label("Last name").fill("Núñez")
    page.get_by_label("E-mail", exact=True).fill("jose@example.com")
    page.get_by_label("Extension").fill("104")
    page.get_by_label("Direct number").fill("415 555 0104")
    page.get_by_label("E911 street").fill("1 Harbor Way")
    page.get_by_label("E911 ZIP").fill("9410")
    page.get_by_role("button", name="Add seat").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a US ZIP code")
    expect(page.get_by_label("Last name")).to_have_value("Núñez")
    page.axe.check()
    page.get_by_label("E911 ZIP").fill("94105")
    page.get_by_label("E911 state").fill("CA")
    page.get_by_label("Site").select_option(label="Main clinic")
    page.get_by_role("button", name="Add seat").click()
    expect(page.get_by_text("José Núñez was added to the worksheet.")).to_be_visible()
    expect(page.get_by_role("row", name="José Núñez", exact=False)).to_contain_text("(415) 555-0104")
    page.axe.check()
    page.get_by_role("link", name="José Núñez").click()
    page.axe.check()
    page.get_by_label("Job title").fill("Dental hygienist")
    page.get_by_role("button", name="Save seat").click()
    expect(page.get_by_text("Dental hygienist")).to_be_visible()
    page.get_by_role("link", name="José Núñez").click()
    page.get_by_role("link", name="Remove this seat").click()
    page.axe.check()
    page.get_by_role("button", name="Yes, remove José Núñez").click()
    expect(page.get_by_text("No seat yet.")).to_be_visible()
    page.axe.check()
    assert project_id
