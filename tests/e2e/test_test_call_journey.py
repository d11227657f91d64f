"""The test call in Chromium (issue 16): a contact test-calls a flow of business hours, a holiday set
with Christmas, a main menu and a queue overflowing to voicemail, once in open hours pressing 1 with
the queue not answering (its voicemail takes the call), once on Christmas Day (the holiday branch),
on a phone-sized screen."""
from playwright.sync_api import expect

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_call_group, create_user
from tests.integration.test_callflow_rows import _flow


def _project(app) -> tuple[int, str]:
    """The flow of the integration tests (Office hours in Chicago with Christmas, Main menu: 1 the
    Sales queue, 2 the front desk), its queue timing out and overflowing to the Sales voicemail."""
    with app.test_request_context():
        project, made = _flow(app, db.session)
        voicemail = create_call_group(project, "box", "Sales voicemail")
        made["queue"].timeout_destination_id = made["queue"].overflow_destination_id = voicemail.destination_id
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        found = project.id, contact.email
        db.session.remove()
    return found


def _steps(page) -> list[str]:
    return page.get_by_role("list").filter(has_text="A call to").get_by_role("listitem").all_inner_texts()


def test_a_contact_test_calls_open_hours_and_christmas(page, app):
    project_id, email = _project(app)
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}/call-flows/test-call")
    expect(page.get_by_label("Number the caller dials")).to_contain_text("(312) 555-0100: rings Office hours")
    expect(page.get_by_text("America/Chicago (time of Office hours)")).to_be_visible()
    page.axe.check()
    page.get_by_label("Date").fill("2026-12-07")
    page.get_by_label("Time").fill("10:05")
    page.get_by_label("Keys the caller presses").fill("1")
    page.get_by_label("Sales queue").select_option(label="Does not answer")
    page.get_by_role("button", name="Place the test call").last.click()
    expect(page.get_by_text("Where it ends: Sales voicemail takes a message.")).to_be_visible()
    assert _steps(page) == ["A call to (312) 555-0100", "Monday 10:05 at Office hours: open", "Main menu", "key 1",
                            "Sales queue", "no agent answers within 5 minutes: time-out"]
    expect(page.get_by_label("Sales queue")).to_have_value("no_answer")  # the question stays as asked
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing sideways on a phone
    page.axe.check()
    page.get_by_label("Date").fill("2026-12-25")
    page.get_by_label("Time").fill("10:00")
    page.get_by_role("button", name="Place the test call").last.click()
    expect(page.get_by_text("Where it ends: After-hours box takes a message.")).to_be_visible()
    assert _steps(page)[1] == "Friday 10:00 at Office hours: holiday (Christmas Day)"
    page.axe.check()
