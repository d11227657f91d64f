"""The member picker in Chromium (issue 15, item 8): a new queue starts with the call-center agents
ticked; a contact filters the agents by text and site, selects all shown, clears the shown ones of
another site, sees the count follow, saves, and the queue has exactly those agents; the saved queue
lists them first."""
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.models.telephony import CallQueue
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_seat, create_site, create_user

SEATS = [  # first name, site, user type, team (in the e-mail address)
    ("Ana", "North office", "call_center_agent", "support"), ("Ben", "North office", "standard", "sales"),
    ("Cara", "North office", "standard", "sales"), ("Dev", "North office", "executive", "board"),
    ("Eli", "South office", "call_center_agent", "support"), ("Fay", "South office", "standard", "sales"),
    ("Gus", "South office", "standard", "support"),
]


def _project(app) -> tuple[int, str, dict[str, int]]:
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        sites = {name: create_site(project.organization, name=name) for name in ("North office", "South office")}
        seats = {first: create_seat(project, seat_type_key=kind, extension=str(100 + n), first_name=first,
                                    last_name="Lee", email=f"{first.lower()}@{team}.example.com",
                                    site_id=sites[site].id).id
                 for n, (first, site, kind, team) in enumerate(SEATS)}
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        found = project.id, contact.email, seats
        db.session.remove()
    return found


def _agents_of(app) -> set[int]:
    with app.app_context():
        queue = db.session.scalars(select(CallQueue)).one()
        found = {int(seat_id) for seat_id in queue.agents}
        db.session.remove()
    return found


def test_a_contact_picks_a_queues_agents_by_text_and_site(page, app):
    project_id, email, seats = _project(app)
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}/questionnaire/call-center/new/queue")
    page.axe.check()  # with the picker's controls in place
    agents = page.get_by_role("group", name="Agents")
    count = agents.locator("[aria-live=polite]")
    expect(count).to_have_text("2 chosen")  # the call-center agents, ticked and listed first
    expect(agents.get_by_role("checkbox").nth(0)).to_have_accessible_name("Ana Lee (100)")
    expect(agents.get_by_role("checkbox").nth(1)).to_have_accessible_name("Eli Lee (104)")
    expect(agents.get_by_label("User type").locator("option")).to_have_text(
        ["All user types", "Call-center agent", "Executive", "Standard user"])  # only the types present

    agents.get_by_label("Find").fill("sales")
    agents.get_by_label("Find").press("Enter")  # filters; never sends the form
    agents.get_by_label("Site").select_option(label="North office")
    expect(agents.get_by_role("checkbox")).to_have_count(2)  # Ben and Cara: hidden ones are not offered
    expect(count).to_have_text("2 chosen, 2 of 7 shown")
    agents.get_by_role("button", name="Select all shown").click()
    expect(count).to_have_text("4 chosen, 2 of 7 shown")
    expect(page.get_by_role("alert")).to_have_count(0)  # Enter above sent nothing: no error summary
    page.axe.check()

    agents.get_by_label("Find").fill("")
    agents.get_by_label("Site").select_option(label="South office")
    expect(count).to_have_text("4 chosen, 3 of 7 shown")
    agents.get_by_role("button", name="Clear shown").click()  # Eli unticked; Ana, Ben and Cara stay
    expect(count).to_have_text("3 chosen, 3 of 7 shown")
    agents.get_by_label("Site").select_option(label="All sites")
    expect(agents.get_by_label("Ana Lee (100)")).to_be_checked()  # hiding never unticked her
    expect(count).to_have_text("3 chosen")

    page.get_by_label("Name", exact=True).fill("Support")
    page.get_by_label("Extension").fill("500")
    page.get_by_role("button", name="Add the call queue").click()
    expect(page.get_by_text("Support was added.")).to_be_visible()
    expect(page.get_by_role("row", name="Support 500", exact=False)).to_contain_text(
        "Agents: Ana Lee, Ben Lee, Cara Lee")
    page.axe.check()
    assert _agents_of(app) == {seats["Ana"], seats["Ben"], seats["Cara"]}

    page.get_by_role("link", name="Support", exact=True).click()
    agents = page.get_by_role("group", name="Agents")
    expect(agents.locator("[aria-live=polite]")).to_have_text("3 chosen")
    for n, name in enumerate(("Ana Lee (100)", "Ben Lee (101)", "Cara Lee (102)", "Dev Lee (103)")):
        expect(agents.get_by_role("checkbox").nth(n)).to_have_accessible_name(name)
    page.axe.check()
