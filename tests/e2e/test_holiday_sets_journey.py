"""Holiday sets in Chromium on a phone-sized screen (issue 16): a contact creates a set, adds the US
public holidays (all ticked; Thanksgiving shown on its Thursday this year and next), adds a one-off
year-end closure whose last day before its first is refused at its field and fixed, and sees the
closure's overlap with Christmas Day warned on the set."""
from datetime import date

from playwright.sync_api import expect

from portal.callflows.holidays import as_people_read, public_holidays
from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_site, create_user

PHONE = 375


def _project(app) -> tuple[int, str]:
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        project.sites.append(create_site(project.organization, name="Main office", country="US"))
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        found = project.id, contact.email
        db.session.remove()
    return found


def _fits(page) -> None:
    page.axe.check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE, f"{page.url} scrolls sideways"


def _thanksgiving(year: int) -> str:
    found = next(item for item in public_holidays("US", year) if item.name == "Thanksgiving Day")
    return as_people_read((found.starts, found.ends))


def test_a_contact_builds_a_holiday_set_with_public_holidays_and_a_closure(page, app):
    project_id, email = _project(app)
    year = date.today().year
    page.set_viewport_size({"width": PHONE, "height": 800})
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}/call-flows/holidays")
    expect(page.get_by_text("This project has no holiday sets yet.")).to_be_visible()
    _fits(page)
    page.get_by_role("link", name="Add a holiday set").click()
    _fits(page)
    page.get_by_label("Name").fill("Office holidays")
    page.get_by_role("button", name="Add the holiday set").click()
    expect(page.get_by_text("Office holidays was added. Add its holidays now.")).to_be_visible()
    _fits(page)

    page.get_by_role("link", name="Add public holidays").click()
    ticks = page.get_by_role("group", name="Public holidays to add")
    expect(ticks.get_by_label(f"Thanksgiving Day: {_thanksgiving(year)}")).to_be_checked()
    expect(ticks.get_by_role("checkbox")).to_have_count(len(public_holidays("US", year)))
    _fits(page)
    page.get_by_role("button", name="Add the ticked holidays").click()
    expect(page.get_by_text(f"{len(public_holidays('US', year))} public holidays were added to Office holidays."))\
        .to_be_visible()
    row = page.get_by_role("row").filter(has_text="Thanksgiving Day")
    expect(row).to_contain_text(f"This year: {_thanksgiving(year)}")
    expect(row).to_contain_text(f"Next year: {_thanksgiving(year + 1)}")
    _fits(page)

    page.get_by_role("link", name="Add a holiday", exact=True).click()
    _fits(page)
    page.get_by_label("Name").fill("Year-end closure")
    page.get_by_label("First day").fill(f"{year}-12-24")
    page.get_by_label("Last day").fill(f"{year}-12-20")
    page.get_by_label("Only on these dates").check()
    page.get_by_role("button", name="Add the holiday").click()
    message = f"The last day must be the first day ({year}-12-24) or later."
    expect(page.locator("#ends_on-error")).to_contain_text(message)
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page.get_by_label("Name")).to_have_value("Year-end closure")  # the typing is kept
    _fits(page)
    page.get_by_role("link", name=message).click()
    expect(page.get_by_label("Last day")).to_be_focused()  # the summary leads to the field
    page.get_by_label("Last day").fill(f"{year}-12-31")
    page.get_by_role("button", name="Add the holiday").click()
    expect(page.get_by_text("Year-end closure was added to Office holidays.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Overlapping holidays")).to_contain_text(
        f"Warning: Year-end closure and Christmas Day overlap in {year}.")
    expect(page.get_by_role("row").filter(has_text="Year-end closure")).to_contain_text(
        as_people_read((date(year, 12, 24), date(year, 12, 31))))
    _fits(page)

    page.get_by_role("link", name="Change Year-end closure").click()
    expect(page.get_by_label("Last day")).to_have_value(f"{year}-12-31")
    _fits(page)
    page.get_by_role("link", name="Remove Year-end closure").click()
    _fits(page)
    page.get_by_role("button", name="Remove Year-end closure").click()
    expect(page.get_by_text("Year-end closure was removed from Office holidays.")).to_be_visible()
    expect(page.get_by_text("Overlapping holidays")).to_have_count(0)
    _fits(page)
    page.get_by_role("link", name="Remove Office holidays").click()
    expect(page.get_by_text("No time condition uses it.")).to_be_visible()
    _fits(page)
