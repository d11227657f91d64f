"""The worksheet pages in Chromium (issue 5, first part): add a seat after a mistake, add another,
edit, remove; the worksheet lists what is left and the plan's task follows the seats."""
from playwright.sync_api import expect

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_site, create_user

WORKSHEET_TASK = "Provide the user information"


def _stat(page, label: str):
    """The figure above the seat table with this label ("seats", "with problems")."""
    return page.locator(".stat").filter(has=page.locator(".stat-label", has_text=label)).locator(".stat-value")


def _cell(row, column: str):
    return row.locator(f'td[data-label="{column}"]')


def _worksheet_task(page):
    """The worksheet's task on the customer's dashboard."""
    return page.locator(".task-list-item").filter(has=page.get_by_role("link", name=WORKSHEET_TASK, exact=False))


def test_a_contact_adds_edits_and_removes_a_seat(page, app):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        create_site(project.organization, name="Main clinic")
        contact = create_user(Role.SECONDARY_CONTACT, project.organization)
        db.session.commit()
        email = contact.email
        db.session.remove()
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    expect(_worksheet_task(page).locator(".tag")).to_have_text("Not started")
    page.get_by_role("link", name=WORKSHEET_TASK, exact=False).click()
    expect(page.get_by_role("heading", name="Client Worksheet")).to_be_visible()
    expect(page.get_by_text("No seat yet.")).to_be_visible()
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
    jose = page.get_by_role("row", name="José Núñez", exact=False)
    expect(_cell(jose, "Extension")).to_have_text("104")
    expect(_cell(jose, "Direct number")).to_have_text("(415) 555-0104")
    expect(_cell(jose, "Site")).to_have_text("Main clinic")
    expect(_cell(jose, "Problems")).to_have_text("None")
    expect(_stat(page, "seats")).to_have_text("1")
    expect(_stat(page, "with problems")).to_have_text("0")
    page.axe.check()

    page.get_by_role("link", name="Add a seat").click()  # a second seat, its emergency address left out
    page.get_by_label("First name").fill("Lena")
    page.get_by_label("Last name").fill("Park")
    page.get_by_label("Extension").fill("105")
    page.get_by_role("button", name="Add seat").click()
    expect(page.get_by_text("Lena Park was added to the worksheet.")).to_be_visible()
    lena = page.get_by_role("row", name="Lena Park", exact=False)
    expect(_cell(lena, "Extension")).to_have_text("105")
    expect(_cell(lena, "Problems")).to_have_text("No emergency address: choose a site or enter an E911 address.")
    expect(_stat(page, "seats")).to_have_text("2")
    expect(_stat(page, "with problems")).to_have_text("1")
    page.axe.check()

    page.get_by_role("link", name="José Núñez").click()
    page.axe.check()
    page.get_by_label("Job title").fill("Dental hygienist")
    page.get_by_role("button", name="Save seat").click()
    expect(page.get_by_text("José Núñez was saved.")).to_be_visible()
    expect(_cell(jose, "Name")).to_contain_text("Dental hygienist")
    page.get_by_role("link", name="José Núñez").click()
    page.get_by_role("link", name="Remove this seat").click()
    page.axe.check()
    page.get_by_role("button", name="Yes, remove José Núñez").click()
    expect(page.get_by_text("José Núñez was removed from the worksheet.")).to_be_visible()
    page.axe.check()

    # What is left: Lena's seat alone, with its extension and its problem, counted above the table.
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(jose).to_have_count(0)
    expect(_cell(lena, "Extension")).to_have_text("105")
    expect(_cell(lena, "Problems")).to_contain_text("No emergency address")
    expect(_stat(page, "seats")).to_have_text("1")
    expect(_stat(page, "with problems")).to_have_text("1")
    # The plan's task follows the seats: started, not done while a seat has a problem.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    task = _worksheet_task(page)
    expect(task.locator(".tag")).to_have_text("In progress")
    expect(task.locator(".task-list-hint")).to_contain_text("1 seats, 1 with problems")
    page.axe.check()
