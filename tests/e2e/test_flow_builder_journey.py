"""The call-flow builder with JavaScript on (issue 17), in Chromium: on the flow's page, with no page
load, a contact adds an announcement, opens the main menu from the outline, sends key 2 there while
the greeting announces key 3 (the problem is marked on the page and the diagram is drawn again),
moves the announcement up to key 1 with the key movers, fixes the greeting, removes the announcement
after its confirmation, and downloads the call-flow PDF with the diagram's steps in it."""
import io

from playwright.sync_api import expect
from pypdf import PdfReader

from portal.callflows.services import NODE_KINDS, create_node, set_keys, settings_of
from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_call_group, create_number, create_project, create_seat, create_site, create_user


def _project(app) -> tuple[int, int, str]:
    """A main number ringing a main menu (key 1: the sales queue; nothing pressed: the front desk)."""
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        site = create_site(project.organization, name="Main office", weekdays="08:00-17:00",
                           time_zone="America/Chicago")
        project.sites.append(site)
        desk = create_seat(project, extension="110", first_name="Front", last_name="Desk")
        queue = create_call_group(project, "queue", "Sales queue")
        menu = create_node(project, NODE_KINDS["menu"], {
            "name": "Main menu", "greeting_text": "For sales press 1.", "no_input_destination_id": desk.destination_id})
        set_keys(settings_of(menu), {"1": queue.destination_id})
        create_number(project, e164="+13125550100", destination_id=menu.id, site_id=site.id)
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        found = project.id, menu.id, contact.email
        db.session.remove()
    return found


def _drawn(page) -> str:
    return page.locator("#diagram img").get_attribute("src")


def _save_in_panel(page, button: str, said: str) -> None:
    page.locator("#flow-editor").get_by_role("button", name=button, exact=True).click()
    expect(page.locator("#flow-status")).to_have_text(said)
    expect(page.locator("#flow-editor")).to_be_hidden()


def test_a_contact_builds_on_the_flow_page_and_the_diagram_follows_each_step(page, app):
    project_id, menu_id, email = _project(app)
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}/call-flows/flow/{menu_id}")
    page.evaluate("window.sameDocument = true")  # gone if anything below loads a page
    first = _drawn(page)
    page.axe.check()

    page.get_by_role("link", name="Add an announcement").click()
    panel = page.locator("#flow-editor")
    expect(panel.get_by_role("heading", name="A new announcement")).to_be_focused()
    page.axe.check()
    panel.get_by_label("Name", exact=True).fill("Holiday notice")
    panel.get_by_label("Greeting").fill("We are closed on public holidays.")
    panel.get_by_label("Then the call goes to").select_option(label="Sales queue · Call queue")
    _save_in_panel(page, "Add the announcement", "Holiday notice was added. To bring it into this flow, choose it "
                                                  "under a key or branch of one of its steps.")

    page.locator("#flow-outline").get_by_role("link", name="Main menu").click()
    expect(panel.get_by_role("heading", name="Main menu")).to_be_visible()
    panel.get_by_label("Greeting").fill("For sales press 1, for our holiday hours press 3.")
    panel.get_by_label("Key 2", exact=True).select_option(label="Holiday notice · Announcement")
    page.axe.check()
    _save_in_panel(page, "Save", "Main menu was saved.")
    expect(page.locator("#flow-outline")).to_contain_text(
        "Error: Main menu: the greeting says to press 3, but key 3 goes nowhere.")
    expect(page.locator("#flow-outline")).to_contain_text("Key 2: Holiday notice")
    assert _drawn(page) != first  # drawn again, the menu marked
    expect(page.locator("#diagram area[alt='Main menu (⚠ a problem to fix)']")).to_have_count(1)
    marked = _drawn(page)
    page.axe.check()

    page.locator("#flow-outline").get_by_role("link", name="Main menu").click()
    panel.get_by_role("button", name="Move Key 2's choice up").click()
    expect(panel.get_by_label("Key 1", exact=True).locator("option:checked")).to_contain_text("Holiday notice")
    expect(panel.get_by_label("Key 2", exact=True).locator("option:checked")).to_contain_text("Sales queue")
    panel.get_by_label("Greeting").fill("For our holiday hours press 1, for sales press 2.")
    _save_in_panel(page, "Save", "Main menu was saved.")
    outline = page.locator("#flow-outline")
    expect(outline).to_contain_text("Key 1: Holiday notice")
    expect(outline).to_contain_text("Key 2: Sales queue")
    expect(outline).not_to_contain_text("goes nowhere")
    expect(page.locator("#diagram area[alt='Main menu']")).to_have_count(1)
    assert _drawn(page) not in (first, marked)
    page.axe.check()

    outline.get_by_role("link", name="Holiday notice").first.click()
    panel.get_by_role("link", name="Remove Holiday notice").click()
    expect(panel.get_by_role("heading", name="Remove Holiday notice?")).to_be_visible()
    page.axe.check()
    _save_in_panel(page, "Remove Holiday notice", "Holiday notice was removed.")
    expect(outline).to_contain_text("Key 1: nothing yet")
    assert page.evaluate("window.sameDocument") is True  # every step above without a page load
    page.axe.check()

    page.get_by_role("link", name="Back to the call flows").click()
    page.axe.check()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the call flows (PDF)").click()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages)
    assert "Main menu" in text and "Sales queue" in text and "Key 2: Sales queue" in text
