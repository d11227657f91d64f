"""Section 5 of the questionnaire in Chromium (issue 7): a contact sends a number's after-hours calls to
a shared voicemail box, blocks international calls (a bad emergency number shown at its field first)
and finds both in the PDF."""
import io
from datetime import time

from playwright.sync_api import expect
from pypdf import PdfReader

from portal.core.hours import WORKDAYS, rows_of, standard_hours
from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_call_group, create_number, create_project, create_seat, create_site, create_user


def _project(app) -> tuple[int, str]:
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        site = create_site(project.organization, name="Main clinic")
        site.hours = rows_of(standard_hours(WORKDAYS, time(8), time(17)))
        project.sites.append(site)
        desk = create_seat(project, extension="100", first_name="Front", last_name="Desk")
        create_call_group(project, "box", "After-hours mailbox")
        create_number(project, e164="+14155550150", site_id=site.id, destination_id=desk.destination_id)
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        found = project.id, contact.email
        db.session.remove()
    return found


def test_a_contact_sets_after_hours_routing_and_blocks_international_calls(page, app):
    project_id, email = _project(app)
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}/questionnaire")
    page.axe.check()
    page.get_by_role("link", name="5. Calling patterns").click()
    expect(page.get_by_role("row", name="(415) 555-0150", exact=False)).to_contain_text("The same")
    page.axe.check()
    page.get_by_role("link", name="Change where (415) 555-0150 rings").click()
    expect(page.get_by_text("Business hours are those of Main clinic: Mon–Fri 08:00-17:00.")
           ).to_be_visible()
    page.axe.check()
    page.get_by_label("After hours").select_option(label="After-hours mailbox")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Where (415) 555-0150 rings was saved.")).to_be_visible()
    expect(page.get_by_role("row", name="(415) 555-0150", exact=False)).to_contain_text("After-hours mailbox")
    page.axe.check()
    page.get_by_label("Block international calls").check()
    page.get_by_label("Or by calling").fill("call the guard")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Use a phone number or an extension.")
    expect(page.get_by_label("Block international calls")).to_be_checked()
    page.axe.check()
    page.get_by_label("Or by calling").fill("(415) 555-0199")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The calling patterns were saved.")).to_be_visible()
    page.axe.check()
    page.goto(f"/projects/{project_id}/questionnaire")
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download as PDF (draft)").click()
    reader = PdfReader(io.BytesIO(open(waiting.value.path(), "rb").read()))
    text = " ".join(" ".join(each.extract_text().split()) for each in reader.pages)
    assert "(415) 555-0150 Front Desk After-hours mailbox" in text
    assert "Blocked: international calls, premium-rate numbers." in text and "(415) 555-0199" in text


def test_an_after_hours_box_is_made_from_the_numbers_own_form_and_comes_back_chosen(page, app):
    """Item 6 of issue 15: no detour through section 7 and back; the business-hours choice made
    before leaving is still there on return."""
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        site = create_site(project.organization, name="Main clinic")
        project.sites.append(site)
        desk = create_seat(project, extension="100", first_name="Front", last_name="Desk")
        create_seat(project, extension="101", first_name="Office", last_name="Manager")
        create_number(project, e164="+14155550150", site_id=site.id)
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        project_id, email, desk_label = project.id, contact.email, f"{desk.label} (100)"
        db.session.remove()
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}/questionnaire/calling")
    page.axe.check()
    page.get_by_role("link", name="Change where (415) 555-0150 rings").click()
    page.axe.check()
    page.get_by_label("During business hours").select_option(label=desk_label)
    page.get_by_text("Or create a new one here for “After hours”").click()  # opens the list of kinds
    page.get_by_role("button", name="New shared voicemail box for “After hours”").click()
    expect(page.get_by_role("heading", name="A new shared voicemail box")).to_be_visible()
    expect(page.get_by_text("Once added, it is chosen under “After hours”")).to_be_visible()
    page.axe.check()
    page.get_by_label("Name", exact=True).fill("After-hours mailbox")
    page.get_by_label("Office Manager").check()
    page.get_by_label("Name", exact=True).press("Enter")  # Enter adds the box, it does not leave again
    expect(page.get_by_text("After-hours mailbox was added. It is chosen under “After hours”")).to_be_visible()
    expect(page.get_by_label("After hours")).to_have_value(page.get_by_label("After hours").locator(
        "option", has_text="After-hours mailbox").get_attribute("value"))
    expect(page.get_by_label("During business hours").locator("option:checked")).to_have_text(desk_label)
    page.axe.check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Where (415) 555-0150 rings was saved.")).to_be_visible()
    expect(page.get_by_role("row", name="(415) 555-0150", exact=False)).to_contain_text("After-hours mailbox")
    page.axe.check()
