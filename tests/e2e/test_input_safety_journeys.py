"""No input is lost, second round (issue 13), in Chromium: two people changing different fields of one
seat keep both changes; a section is not completed over typing that is only a draft; a session ending
on "Add a call queue" gives the typing back after the new login; a replayed "Request new numbers"
orders the numbers once."""
import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from portal.extensions import db
from portal.models.telephony import CallQueue, PhoneNumber
from portal.models.users import Role, User
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_seat, create_site, create_user

RESTORED = "We restored your unsaved changes"


def _project(app) -> dict:
    """A project with a site and one seat, and the customer's primary and secondary contacts."""
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        project.sites.append(create_site(project.organization, name="Main clinic"))
        seat = create_seat(project, extension="101", first_name="Ana", last_name="Reyes",
                           job_title="Receptionist", department="Front desk")
        primary = create_user(Role.PRIMARY_CONTACT, project.organization, name="Maria Primary")
        secondary = create_user(Role.SECONDARY_CONTACT, project.organization, name="Tom Secondary")
        db.session.commit()
        found = {"project": project.id, "seat": seat.id, "primary": primary.email, "secondary": secondary.email}
        db.session.remove()
    return found


def _count(app, model, *where) -> int:
    with app.app_context():
        found = db.session.scalar(select(func.count()).select_from(model).where(*where))
        db.session.remove()
    return found


def _end_sessions_of(app, email: str) -> None:
    """What an idle time-out or "log out everywhere" does: the browser's session is over, unknown to it."""
    with app.app_context():
        db.session.scalars(select(User).where(User.email == email)).one().session_nonce += 1
        db.session.commit()
        db.session.remove()


def test_two_people_change_different_fields_of_one_seat_and_both_changes_stay(page, new_page, app):
    ids = _project(app)
    path = f"/seats/{ids['seat']}"
    other = new_page()
    for browser_page, email in ((page, ids["primary"]), (other, ids["secondary"])):
        log_in(browser_page, email, TEST_PASSWORD)
        browser_page.axe.check()
        browser_page.goto(path)  # both open the seat before either saves
        expect(browser_page.get_by_role("heading", name="Edit Ana Reyes")).to_be_visible()
        browser_page.axe.check()

    page.get_by_label("Job title").fill("Office manager")
    page.get_by_role("button", name="Save seat").click()
    expect(page.get_by_text("Ana Reyes was saved.")).to_be_visible()
    page.axe.check()

    other.get_by_label("Department").fill("Billing")  # the job title on this page is still the old one
    other.get_by_role("button", name="Save seat").click()
    expect(other.get_by_text("Ana Reyes was saved.")).to_be_visible()
    expect(other.get_by_role("heading", name="Someone else saved this first")).to_have_count(0)
    other.axe.check()
    for browser_page in (other, page):
        browser_page.goto(path)
        expect(browser_page.get_by_label("Job title")).to_have_value("Office manager")
        expect(browser_page.get_by_label("Department")).to_have_value("Billing")
        browser_page.axe.check()


def test_a_section_is_not_completed_over_typing_that_is_only_a_draft(page, app):
    ids = _project(app)
    log_in(page, ids["primary"], TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{ids['project']}/questionnaire/other")
    page.axe.check()
    typed = "The lobby phone rings the guard's desk after 18:00."
    page.get_by_label("Anything else we should know").fill(typed)
    page.get_by_label("Anything else we should know").blur()
    expect(page.get_by_role("status").filter(has_text="Saved as draft at")).to_be_visible()

    # "Yes" and "Save and go back", without pressing the section's own Save first
    page.get_by_label("Yes, I have completed this section").check()
    page.get_by_role("button", name="Save and go back to the questionnaire").click()
    expect(page).to_have_url(re.compile(rf"/projects/{ids['project']}/questionnaire/other(#progress)?$"))
    radios = page.get_by_role("group", name="Have you completed this section?")
    expect(radios).to_contain_text("You have changes on this page that are not saved yet")
    expect(page.get_by_label("Yes, I have completed this section")).to_be_checked()  # the choice is kept
    expect(page.get_by_text(RESTORED)).to_be_visible()
    expect(page.get_by_label("Anything else we should know")).to_have_value(typed)
    page.axe.check()

    page.goto(f"/projects/{ids['project']}/questionnaire")
    expect(page.locator("#section-other-status")).not_to_contain_text("Completed")
    expect(page.get_by_text("0 of 8 sections completed.")).to_be_visible()
    page.axe.check()


def test_a_session_ending_on_add_a_call_queue_gives_the_typing_back_after_the_new_login(page, app):
    ids = _project(app)
    log_in(page, ids["primary"], TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{ids['project']}/questionnaire/call-center")
    page.axe.check()
    page.get_by_role("link", name="Add a call queue").click()
    page.axe.check()
    page.get_by_label("Name").fill("Support")
    page.get_by_label("Extension").focus()
    expect(page.get_by_role("status").filter(has_text="Saved as draft at")).to_be_visible()

    _end_sessions_of(app, ids["primary"])  # the name is in the draft; the extension only on the page
    page.get_by_label("Extension").fill("500")
    page.get_by_role("button", name="Add the call queue").click()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_text("we kept what you typed", exact=False)).to_be_visible()
    page.axe.check()
    page.get_by_label("E-mail address").fill(ids["primary"])
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(rf"/projects/{ids['project']}/questionnaire/call-center/new/queue$"))
    expect(page.get_by_text(RESTORED)).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Support")
    expect(page.get_by_label("Extension")).to_have_value("500")  # the lost session cost 2 fills and 1 click
    page.axe.check()
    page.get_by_role("button", name="Add the call queue").click()
    expect(page.get_by_text("Support was added.")).to_be_visible()
    expect(page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Support", exact=True))) \
        .to_have_count(1)
    page.axe.check()
    assert _count(app, CallQueue) == 1


def test_a_replayed_request_for_new_numbers_orders_them_once(page, app):
    ids = _project(app)
    log_in(page, ids["primary"], TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{ids['project']}/questionnaire/numbers/request")
    page.axe.check()
    page.get_by_label("Site").select_option(label="Main clinic")
    page.get_by_label("Area code").fill("415")
    page.get_by_label("Kind").select_option(label="Direct number")
    page.get_by_label("How many").fill("3")
    with page.expect_request(lambda sent: sent.method == "POST" and "x-autosave" not in sent.headers) as posted:
        page.get_by_role("button", name="Request the numbers").click()
    expect(page.get_by_text("3 new numbers were requested")).to_be_visible()
    page.axe.check()

    # the same POST again, one-time token and all (a slow network's retry, a browser's resend)
    replay = page.request.post(posted.value.url, data=posted.value.post_data,
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert replay.ok and replay.url.endswith(f"/projects/{ids['project']}/questionnaire/numbers")
    assert "That was done already; nothing was repeated." in replay.text()
    page.goto(f"/projects/{ids['project']}/questionnaire/numbers")
    expect(page.get_by_role("rowheader", name="Requested (415)")).to_have_count(3)
    page.axe.check()
    assert _count(app, PhoneNumber, PhoneNumber.project_id == ids["project"]) == 3

    # "back" to the form: the browser does not fill the order in again, so it is not sent twice by mistake
    page.go_back()
    expect(page).to_have_url(re.compile(r"/numbers/request$"))
    expect(page.get_by_label("How many")).not_to_have_value("3")
    page.axe.check()

