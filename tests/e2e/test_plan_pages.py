"""The remaining pages of projects, visited once in Chromium with the accessibility check: a task,
adding a task, sites, and the plan template editor."""
import re

from playwright.sync_api import expect

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_user


def _project_and_admin(app):
    with app.test_request_context():
        project = create_project()
        admin = create_user(Role.ADMIN)
        db.session.commit()
        ids = project.id, project.organization_id, admin.email
        db.session.remove()
        return ids


def test_task_sites_and_template_pages(page, app):
    project_id, organization_id, admin = _project_and_admin(app)
    log_in(page, admin, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}")
    page.axe.check()
    page.get_by_role("link", name="Order the circuit").click()
    page.axe.check()
    page.get_by_label("Status").select_option("skipped")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text("Say why the task does not apply.")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="Order the circuit").click()
    page.get_by_label("Status").select_option("skipped")
    page.get_by_label("Note").fill("The customer keeps its own internet line")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text("not applicable: The customer keeps its own internet line")).to_be_visible()
    page.get_by_role("link", name="Add a task").click()
    page.axe.check()
    page.get_by_label("Task", exact=True).fill("Collect the alarm panel line numbers")
    page.get_by_role("button", name="Add task").click()
    expect(page.get_by_role("link", name="Collect the alarm panel line numbers")).to_be_visible()
    page.axe.check()

    page.goto(f"/organizations/{organization_id}/sites")
    page.axe.check()
    page.get_by_role("link", name="Add a site").click()
    page.axe.check()
    for label, value in (("Site name", "Annex"), ("Street address", "12 Pine Street"), ("City", "Portland"),
                         ("State or region", "OR"), ("ZIP or postal code", "97204")):
        page.get_by_label(label).fill(value)
    page.get_by_label("Time zone").select_option("America/Los_Angeles")
    page.get_by_role("button", name="Add site").click()
    expect(page.get_by_role("row", name=re.compile("Annex"))).to_contain_text("12 Pine Street")
    page.axe.check()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Plan template").click()
    page.axe.check()
    page.get_by_role("link", name="Make the DNS changes").click()
    page.axe.check()
