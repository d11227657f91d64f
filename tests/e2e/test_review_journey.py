"""Review rounds in Chromium (issue 20), across three browsers: the customer submits the package (the
warning acknowledged); the IPM finds it in the review queue, starts the first review, schedules its
call, keeps notes and sends it back with a note; the customer
reads it and submits round 2, which resumes at the first review; the IPM passes it on, the engineer
passes the engineering review; both sides sign off at the second review: Ready for Configuration;
the IPM proposes the configuration dates, the customer accepts, and they show on the timeline.
axe-core and the Nu Html Checker check every page (tests/e2e/conftest.py)."""
from datetime import date, timedelta

from playwright.sync_api import expect

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_ready_project, create_user


def _people(app, flow: bool = False) -> tuple[int, str, str, str]:
    with app.test_request_context():
        project = create_ready_project(flow=flow)
        contact = create_user(Role.PRIMARY_CONTACT, project.organization, name="Maria Lopez")
        engineer = create_user(Role.ENGINEER, name="Dan Kim")
        db.session.commit()
        found = project.id, contact.email, project.ipm.email, engineer.email
        db.session.remove()
    return found


def _open(page, email: str, project_id: int) -> None:
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}")
    page.axe.check()
    page.get_by_role("link", name="Review and submit").click()
    page.axe.check()


def _decide(page, choice: str, note: str = "") -> None:
    page.get_by_label(choice).check()
    if note:
        page.get_by_label("Note", exact=True).fill(note)
    page.get_by_role("button", name="Record the decision").click()
    page.axe.check()


def _sign_off(page) -> None:
    page.get_by_role("button", name="Sign off: Ready for Configuration").click()
    expect(page.locator(".flash")).to_contain_text("Your sign-off is recorded.")
    page.axe.check()


def test_a_package_goes_from_submission_to_an_agreed_configuration_schedule(page, new_page, app):
    project_id, customer_email, ipm_email, engineer_email = _people(app)
    _open(page, customer_email, project_id)
    expect(page.get_by_text("Section 2: 1 seat has voicemail but no PIN yet")).to_be_visible()
    page.get_by_role("button", name="Submit the package").click()
    expect(page.locator(".error-summary")).to_contain_text("Tick the box to confirm you read the warnings")
    page.axe.check()
    page.get_by_label("I read the warnings above").check()
    page.get_by_role("button", name="Submit the package").click()
    expect(page.locator(".flash")).to_contain_text("Round 1 is submitted")
    expect(page.get_by_role("heading", name="Round 1: Submitted")).to_be_visible()
    page.axe.check()

    ipm = new_page()
    log_in(ipm, ipm_email, TEST_PASSWORD)
    ipm.axe.check()
    ipm.get_by_role("navigation", name="Main").get_by_role("link", name="Reviews").click()
    expect(ipm.get_by_role("row").filter(has_text="Submitted")).to_contain_text("0 business days")
    ipm.axe.check()
    ipm.get_by_role("row").filter(has_text="Submitted").get_by_role("link").click()
    ipm.axe.check()
    _decide(ipm, "Start the first review")
    expect(ipm.get_by_role("heading", name="Round 1: First review")).to_be_visible()
    call_day = date.today() + timedelta(days=2)
    ipm.get_by_label("Date", exact=True).fill(call_day.isoformat())
    ipm.get_by_label("Start time").fill("10:30")
    ipm.get_by_label("Meeting link or dial-in").fill("https://meet.example/review")
    ipm.get_by_role("button", name="Schedule the call").click()
    expect(ipm.locator(".flash")).to_contain_text("The review call is scheduled")
    expect(ipm.get_by_text(f"Review call: {call_day:%A %d %B %Y} at 10:30")).to_be_visible()
    ipm.axe.check()
    ipm.get_by_label("Notes of this stage").fill("On the call: the night line should go to the on-call box.")
    ipm.get_by_role("button", name="Save the notes").click()
    expect(ipm.locator(".flash")).to_contain_text("The notes are kept with the round.")
    ipm.axe.check()
    _decide(ipm, "Send it back to the customer with the note", "Route the night line to the on-call box.")
    expect(ipm.get_by_role("heading", name="Round 1: Changes requested")).to_be_visible()

    page.reload()
    expect(page.get_by_role("status").filter(has_text="Changes requested")).to_contain_text(
        "Route the night line to the on-call box.")
    page.axe.check()
    page.get_by_label("I read the warnings above").check()
    page.get_by_role("button", name="Submit round 2").click()
    expect(page.get_by_role("heading", name="Round 2: First review")).to_be_visible()  # resumes where it was
    page.get_by_role("link", name="round 2", exact=True).click()
    expect(page.get_by_role("heading", name="What changed since round 1")).to_be_visible()
    page.axe.check()
    page.go_back()
    page.get_by_role("link", name="round 1").click()
    expect(page.get_by_role("heading", name="Round 1, as submitted")).to_be_visible()
    page.axe.check()

    ipm.reload()
    _decide(ipm, "Pass it to the engineering review", "Complete.")
    expect(ipm.get_by_role("heading", name="Round 2: Engineering review")).to_be_visible()
    engineer = new_page()
    _open(engineer, engineer_email, project_id)
    engineer.get_by_role("button", name="Take on the engineering review").click()
    expect(engineer.locator(".flash")).to_contain_text("The engineering review is yours")
    engineer.axe.check()
    _decide(engineer, "Pass it to the second review", "The flows are feasible.")
    expect(engineer.get_by_role("heading", name="Round 2: Second review")).to_be_visible()

    page.goto(f"/projects/{project_id}/review")
    _sign_off(page)
    ipm.reload()
    _sign_off(ipm)
    expect(ipm.get_by_role("heading", name="Round 2: Ready for Configuration")).to_be_visible()
    starts = date.today() + timedelta(days=10)
    ipm.get_by_label("First day").fill(starts.isoformat())
    ipm.get_by_label("Last day").fill((starts + timedelta(days=1)).isoformat())
    ipm.get_by_label("In the provider's lab").check()
    ipm.get_by_role("button", name="Propose the schedule").click()
    expect(ipm.locator(".flash")).to_contain_text("The configuration schedule is proposed")
    ipm.axe.check()

    page.reload()
    page.get_by_role("button", name="Accept the schedule").click()
    expect(page.get_by_role("heading", name="Round 2: Configuration scheduled")).to_be_visible()
    page.axe.check()
    page.goto(f"/projects/{project_id}")
    page.get_by_text("The timeline as text").click()
    expect(page.locator(".timeline figcaption")).to_contain_text(f"Configuration starts on {starts:%d %b %Y}")
    page.axe.check()
