"""The call-flow builder in Chromium (issue 16), one journey through the whole of it: a contact builds a
main menu whose key 1 makes a sales queue in place, whose overflow makes a voicemail box in place
(both come back chosen; the queue's time-out goes there too), sees the key the greeting announces
but nobody set flagged at its node, fixes it, puts the menu behind business hours and sends the main
number there, reads the flow's outline, makes a holiday set of the country's public holidays and a
closure of its own, chooses it for the business hours with a "Closed for the holiday" announcement
made in place as the holiday branch, places two test calls (a Monday at 10:05 pressing 1 with the
queue's agents not answering: the voicemail takes it; Christmas Day: the holiday branch), and
completes the call flows. axe-core and the Nu Html Checker check every page (`page.axe.check()`,
tests/e2e/conftest.py)."""
import re

from playwright.sync_api import expect

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_number, create_project, create_seat, create_site, create_user


def _project(app) -> tuple[int, str]:
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        site = create_site(project.organization, name="Main office", weekdays="08:00-17:00",
                           time_zone="America/Chicago")
        project.sites.append(site)
        for n, name in enumerate(("Ana", "Ben")):
            create_seat(project, extension=str(100 + n), first_name=name, last_name="Sales")
        create_seat(project, extension="110", first_name="Front", last_name="Desk")
        create_number(project, e164="+13125550100", site_id=site.id)
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        found = project.id, contact.email
        db.session.remove()
    return found


def _create_here(page, field: str, kind: str) -> None:
    page.get_by_text(f"Or create a new one here for “{field}”").click()
    page.get_by_role("button", name=f"New {kind} for “{field}”").click()


def test_a_contact_builds_a_main_menu_behind_business_hours(page, app):
    project_id, email = _project(app)
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}/call-flows")
    expect(page.get_by_text("No number enters a call flow yet.")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="Add an auto attendant").click()
    page.axe.check()
    page.get_by_label("Name", exact=True).fill("Main menu")
    page.get_by_label("Greeting").fill("Thank you for calling. For sales press 1, for the front desk press 2.")
    _create_here(page, "Key 1", "call queue")
    expect(page.get_by_text("Once added, it is chosen under “Key 1”")).to_be_visible()
    page.axe.check()
    page.get_by_label("Name", exact=True).fill("Sales queue")
    agents = page.get_by_role("group", name="Agents")
    agents.get_by_label("Ana Sales (100)").check()
    agents.get_by_label("Ben Sales (101)").check()
    page.get_by_label("Overflow at").fill("5")
    _create_here(page, "Overflow goes to", "shared voicemail box")
    expect(page.get_by_text("Once added, it is chosen under “Overflow goes to”")).to_be_visible()
    page.axe.check()
    page.get_by_label("Name", exact=True).fill("Sales voicemail")
    page.get_by_label("Ana Sales (100)").check()
    page.get_by_role("button", name="Add the shared voicemail box").click()
    expect(page.get_by_text("Sales voicemail was added. It is chosen under “Overflow goes to”")).to_be_visible()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Sales queue")  # what was typed is back
    expect(page.get_by_label("Overflow at")).to_have_value("5")
    expect(page.get_by_label("Overflow goes to").locator("option:checked")).to_contain_text("Sales voicemail")
    page.get_by_label("Time-out goes to").select_option(label="Sales voicemail · Voicemail box")
    page.axe.check()
    page.get_by_role("button", name="Add the call queue").click()
    expect(page.get_by_text("Sales queue was added. It is chosen under “Key 1”")).to_be_visible()
    expect(page.get_by_label("Key 1", exact=True).locator("option:checked")).to_contain_text("Sales queue")
    expect(page.get_by_label("Greeting")).to_have_value(
        "Thank you for calling. For sales press 1, for the front desk press 2.")
    page.axe.check()
    page.get_by_role("button", name="Add the auto attendant").click()  # key 2, announced, is not set yet
    expect(page.get_by_role("heading", name="The flow from Main menu")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="Back to the call flows").click()
    expect(page.get_by_role("heading", name="Not reached by any number")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="Main menu").click()
    expect(page.get_by_text("Error: Main menu: the greeting says to press 2, but key 2 goes nowhere.")).to_be_visible()
    page.axe.check()
    page.get_by_label("Key 2", exact=True).select_option(label="Front Desk (110) · Person or device")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Main menu was saved.")).to_be_visible()
    page.axe.check()
    page.goto(f"/projects/{project_id}/call-flows/new/hours")
    page.axe.check()
    page.get_by_label("Name", exact=True).fill("Office hours")
    page.get_by_label("Site", exact=True).select_option(label="Main office")
    page.get_by_label("While open, calls go to").select_option(label="Main menu · Auto attendant")
    page.get_by_label("While closed, calls go to").select_option(label="Sales voicemail · Voicemail box")
    page.get_by_role("button", name="Add the time condition").click()
    expect(page.get_by_role("heading", name="The flow from Office hours")).to_be_visible()
    page.axe.check()
    page.goto(f"/projects/{project_id}/questionnaire/calling")
    page.get_by_role("link", name="Change where (312) 555-0100 rings").click()
    page.axe.check()
    page.get_by_label("During business hours").select_option(label="Office hours")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Where (312) 555-0100 rings was saved.")).to_be_visible()
    page.axe.check()
    page.goto(f"/projects/{project_id}/call-flows")
    flow = page.get_by_role("region", name="Office hours")
    expect(flow).to_contain_text("Rings it: (312) 555-0100.")
    expect(flow).to_contain_text("Nothing to fix.")
    page.axe.check()
    flow.get_by_role("link", name="Office hours").click()
    outline = page.locator(".flow-outline")
    expect(outline).to_contain_text("While open: Main menu")
    expect(outline).to_contain_text("Key 1: Sales queue")
    expect(outline).to_contain_text("When full: Sales voicemail")
    expect(outline).to_contain_text("After the time-out: Sales voicemail")
    expect(outline).to_contain_text("While closed: Sales voicemail (Voicemail box), shown above")
    page.axe.check()
    _holidays_for_office_hours(page)
    _two_test_calls(page)
    page.get_by_role("link", name="Back to the call flows").click()
    page.get_by_label("Yes, I have completed the call flows").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The call flows: completed.")).to_be_visible()
    expect(page.locator("#progress .tag")).to_have_text("Done")
    page.axe.check()


def _holidays_for_office_hours(page) -> None:
    """A holiday set of the US public holidays and a Christmas Eve closure of its own, chosen for Office
    hours with a "Closed for the holiday" announcement, made in place, as its holiday branch."""
    page.get_by_role("link", name="Back to the call flows").click()
    page.get_by_role("link", name="Holiday sets").click()
    expect(page.get_by_role("heading", name="Holiday sets")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="Add a holiday set").click()
    page.axe.check()
    page.get_by_label("Name").fill("US holidays")
    page.get_by_role("button", name="Add the holiday set").click()
    expect(page.get_by_text("US holidays was added. Add its holidays now.")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="Add public holidays").click()
    expect(page.get_by_role("group", name="Public holidays to add").get_by_label(re.compile("^Christmas Day")))\
        .to_be_checked()
    page.axe.check()
    page.get_by_role("button", name="Add the ticked holidays").click()
    expect(page.get_by_text(re.compile(r"\d+ public holidays were added to US holidays\."))).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Christmas Day")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="Add a holiday", exact=True).click()
    page.axe.check()
    page.get_by_label("Name").fill("Christmas Eve")
    page.get_by_label("First day").fill("2026-12-24")
    page.get_by_label("Every year on the same dates").check()
    page.get_by_role("button", name="Add the holiday").click()
    expect(page.get_by_text("Christmas Eve was added to US holidays.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Christmas Eve")).to_be_visible()
    page.axe.check()

    page.get_by_role("main").get_by_role("link", name="Call flows", exact=True).click()
    page.get_by_role("region", name="Office hours").get_by_role("link", name="Office hours").click()
    page.axe.check()
    page.locator(".flow-outline").get_by_role("link", name="Office hours").click()
    page.axe.check()
    page.get_by_label("Holidays", exact=True).select_option(label="US holidays")
    _create_here(page, "On holidays, calls go to", "announcement")
    expect(page.get_by_text("Once added, it is chosen under “On holidays, calls go to”")).to_be_visible()
    page.axe.check()
    page.get_by_label("Name", exact=True).fill("Closed for the holiday")
    page.get_by_label("Greeting").fill("We are closed for the holiday. Please leave a message after the tone.")
    page.get_by_label("Then the call goes to").select_option(label="Sales voicemail · Voicemail box")
    page.get_by_role("button", name="Add the announcement").click()
    expect(page.get_by_text("Closed for the holiday was added. It is chosen under “On holidays, calls go to”"))\
        .to_be_visible()
    expect(page.get_by_label("Holidays", exact=True).locator("option:checked")).to_have_text("US holidays")  # kept
    expect(page.get_by_label("On holidays, calls go to").locator("option:checked")).to_contain_text(
        "Closed for the holiday")
    page.axe.check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Office hours was saved.")).to_be_visible()
    outline = page.locator(".flow-outline")
    expect(outline).to_contain_text("On holidays: Closed for the holiday")
    expect(outline).to_contain_text("Then: Sales voicemail")
    page.axe.check()


def _two_test_calls(page) -> None:
    """Monday 7 December 2026 at 10:05 pressing 1 (sales), the queue's agents not answering, so its
    voicemail takes the call; then Christmas Day, the holiday branch."""
    page.get_by_role("link", name="Back to the call flows").click()
    page.get_by_role("link", name="Place a test call").click()
    expect(page.get_by_label("Number the caller dials")).to_contain_text("(312) 555-0100: rings Office hours")
    expect(page.get_by_text("America/Chicago (time of Office hours)")).to_be_visible()
    page.axe.check()
    page.get_by_label("Date").fill("2026-12-07")
    page.get_by_label("Time").fill("10:05")
    page.get_by_label("Keys the caller presses").fill("1")
    page.get_by_label("Sales queue").select_option(label="Does not answer")
    page.get_by_role("button", name="Place the test call").last.click()
    expect(page.get_by_text("Monday 7 December 2026, 10:05 (America/Chicago), keys pressed: 1.")).to_be_visible()
    steps = page.get_by_role("list").filter(has_text="A call to").get_by_role("listitem")
    expect(steps).to_have_text(["A call to (312) 555-0100", "Monday 10:05 at Office hours: open", "Main menu",
                                "key 1", "Sales queue", "no agent answers within 5 minutes: time-out"])
    expect(page.get_by_text("Where it ends: Sales voicemail takes a message.")).to_be_visible()
    page.axe.check()
    page.get_by_label("Date").fill("2026-12-25")
    page.get_by_label("Time").fill("10:00")
    page.get_by_role("button", name="Place the test call").last.click()
    expect(page.get_by_text("Friday 25 December 2026, 10:00 (America/Chicago), keys pressed: 1.")).to_be_visible()
    expect(steps).to_have_text(["A call to (312) 555-0100", "Friday 10:00 at Office hours: holiday (Christmas Day)",
                                "Closed for the holiday plays"])
    expect(page.get_by_text("Where it ends: Sales voicemail takes a message.")).to_be_visible()
    page.axe.check()
