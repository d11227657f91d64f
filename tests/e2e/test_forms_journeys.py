"""Journeys of the forms machinery in Chromium: autosave and a lost session; two people, one record."""
import re

from playwright.sync_api import expect

from portal.extensions import db
from portal.models.users import Organization, Role, User
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_organization, create_user


def _team(app):
    """A customer with two contacts, committed for the live server."""
    with app.app_context():
        organization = create_organization("Lakeside Family Dental")
        primary = create_user(Role.PRIMARY_CONTACT, organization, name="Maria Primary")
        secondary = create_user(Role.SECONDARY_CONTACT, organization, name="Tom Secondary")
        db.session.commit()
        team = (organization.id, primary.email, secondary.email)
        db.session.remove()
        return team


def _end_sessions_of(app, email: str) -> None:
    """What a password change in another browser or an administrator's "log out everywhere" does."""
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == email)).one()
        user.session_nonce += 1
        db.session.commit()
        db.session.remove()


def test_autosaved_values_survive_a_session_ended_behind_the_browsers_back(page, app):
    organization_id, primary, _ = _team(app)
    log_in(page, primary, TEST_PASSWORD)
    page.axe.check()
    page.get_by_role("link", name="Organization", exact=True).click()
    page.axe.check()
    page.get_by_label("Escalation list").fill("Call Maria Primary first: +1 415 555 0134")
    page.get_by_label("Organization name").focus()
    expect(page.get_by_role("status").filter(has_text="Saved as draft at")).to_be_visible()

    _end_sessions_of(app, primary)  # the session ends without the page knowing
    page.get_by_label("Organization name").fill("Lakeside Family Dental LLC")
    page.get_by_label("Escalation list").focus()
    expect(page.get_by_role("status").filter(has_text="You are logged out")).to_be_visible()
    expect(page.get_by_label("Organization name")).to_have_value("Lakeside Family Dental LLC")

    page.get_by_role("button", name="Save details").click()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_text("we kept what you typed", exact=False)).to_be_visible()
    page.axe.check()
    page.get_by_label("E-mail address").fill(primary)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(f"/organizations/{organization_id}/profile$"))
    expect(page.get_by_text("We restored your unsaved changes")).to_be_visible()
    expect(page.get_by_label("Organization name")).to_have_value("Lakeside Family Dental LLC")
    expect(page.get_by_label("Escalation list")).to_have_value("Call Maria Primary first: +1 415 555 0134")
    page.axe.check()
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("The organization's details were saved.")).to_be_visible()
    page.axe.check()
    with app.app_context():
        saved = db.session.get(Organization, organization_id)
        assert saved.name == "Lakeside Family Dental LLC" and saved.escalation_notes.startswith("Call Maria")
        db.session.remove()


def test_two_people_edit_one_record_and_the_second_chooses_on_the_conflict_page(page, new_page, app):
    organization_id, primary, secondary = _team(app)
    path = f"/organizations/{organization_id}/profile"
    other = new_page()
    for browser_page, email in ((page, primary), (other, secondary)):
        log_in(browser_page, email, TEST_PASSWORD)
        browser_page.axe.check()
        browser_page.goto(path)
        browser_page.axe.check()

    page.get_by_label("Escalation list").fill("Maria: call the front desk")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("The organization's details were saved.")).to_be_visible()
    page.axe.check()

    other.get_by_label("Organization name").fill("Lakeside Dental Group")
    other.get_by_label("Escalation list").fill("Tom: call the office manager")
    other.get_by_role("button", name="Save details").click()
    expect(other.get_by_role("heading", name="Someone else saved this first")).to_be_visible()
    row = other.get_by_role("row", name=re.compile("Escalation list"))
    expect(row).to_contain_text("Tom: call the office manager")
    expect(row).to_contain_text("Maria: call the front desk")
    other.axe.check()
    other.get_by_role("radio", name=re.compile("Keep saved: Maria")).check()
    other.get_by_role("button", name="Save my choices").click()
    expect(other.get_by_text("The organization's details were saved.")).to_be_visible()
    expect(other.get_by_label("Organization name")).to_have_value("Lakeside Dental Group")
    expect(other.get_by_label("Escalation list")).to_have_value("Maria: call the front desk")
    other.axe.check()
