"""Who may change a project, as two project managers see it in Chromium: the one assigned to the
project edits it; another reads every page, with a line saying who can change it and no editing
controls, and the page's own form cannot be used behind their back."""
from playwright.sync_api import expect

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_seat, create_user


def _project_with_two_ipms(app):
    with app.test_request_context():
        assigned = create_user(Role.IPM, name="Dana Assigned")
        other = create_user(Role.IPM, name="Omar Other")
        project = create_project(ipm=assigned)
        create_seat(project, first_name="Ada", last_name="Lovelace", extension="201")
        db.session.commit()
        ids = project.id, project.organization.name, assigned.email, other.email
        db.session.remove()
        return ids


def test_an_ipm_reads_projects_of_others_and_edits_their_own(page, new_page, app):
    project_id, customer, assigned, other = _project_with_two_ipms(app)
    log_in(page, other, TEST_PASSWORD)
    page.axe.check()
    for path in (f"/projects/{project_id}", f"/projects/{project_id}/worksheet",
                 f"/projects/{project_id}/questionnaire/dial-plan"):
        page.goto(path)
        expect(page.get_by_text("You can read this project.")).to_be_visible()
        expect(page.locator(".read-only-note")).to_contain_text("Its project manager (Dana Assigned)")
        expect(page.locator(".read-only-note")).to_contain_text(f"{customer}'s contacts can change it")
        page.axe.check()
    page.goto(f"/projects/{project_id}")
    expect(page.get_by_role("link", name="Edit project")).to_have_count(0)
    page.goto(f"/projects/{project_id}/worksheet")
    expect(page.get_by_text("Lovelace")).to_be_visible()
    expect(page.get_by_role("link", name="Add a seat")).to_have_count(0)
    response = page.goto(f"/projects/{project_id}/worksheet/new")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    page.axe.check()

    manager = new_page()
    log_in(manager, assigned, TEST_PASSWORD)
    manager.axe.check()
    manager.goto(f"/projects/{project_id}/worksheet")
    expect(manager.locator(".read-only-note")).to_have_count(0)
    manager.get_by_role("link", name="Add a seat").click()
    manager.axe.check()
    manager.get_by_label("First name").fill("Grace")
    manager.get_by_label("Last name").fill("Hopper")
    manager.get_by_role("button", name="Add seat").click()
    expect(manager.get_by_text("Grace Hopper was added to the worksheet.")).to_be_visible()
    manager.axe.check()
