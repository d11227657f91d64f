"""Sections 7 and 6 of the questionnaire in Chromium (issue 7): a contact adds a shared voicemail box,
builds a queue with three agents that overflows to it (a mistake shown at its field first), sees on
the check page that time-outs go nowhere, fixes it from the link and records the queue, puts an agent
earlier, answers the recording questions after a bad retention, and finds it all in the PDF."""
import io

from playwright.sync_api import expect
from pypdf import PdfReader

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_seat, create_user


def _project(app) -> tuple[int, str]:
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        for n, name in enumerate(("Ana", "Ben", "Chloe", "Dev")):
            create_seat(project, extension=str(100 + n), first_name=name, last_name="Agent")
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        found = project.id, contact.email
        db.session.remove()
    return found


def test_a_contact_builds_a_queue_that_overflows_to_a_voicemail_box(page, app):
    project_id, email = _project(app)
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}/questionnaire")
    page.axe.check()
    page.get_by_role("link", name="7. Call center").click()
    page.axe.check()
    page.get_by_role("link", name="Add a shared voicemail box").click()
    page.axe.check()
    page.get_by_label("Name").fill("Support mailbox")
    page.get_by_label("Extension").fill("590")
    page.get_by_label("Dev Agent (103)").check()
    page.get_by_role("button", name="Add the shared voicemail box").click()
    expect(page.get_by_text("Support mailbox was added.")).to_be_visible()
    page.axe.check()

    page.get_by_role("link", name="Add a call queue").click()
    page.get_by_label("Name").fill("Support")
    page.get_by_label("Extension").fill("500")
    page.get_by_label("Routing").select_option(label="Serial (agents in their order)")
    for name in ("Ana Agent (100)", "Ben Agent (101)", "Chloe Agent (102)"):
        page.get_by_role("group", name="Agents").get_by_label(name).check()
    page.get_by_label("Overflow at").fill("5")
    page.get_by_role("button", name="Add the call queue").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose where calls go when the queue is full.")
    expect(page.get_by_label("Name")).to_have_value("Support")
    page.axe.check()
    page.get_by_label("Overflow goes to").select_option(label="Support mailbox (590) · Voicemail box")
    page.get_by_role("button", name="Add the call queue").click()
    expect(page.get_by_text("Support was added.")).to_be_visible()
    expect(page.get_by_role("row", name="Support 500", exact=False)).to_contain_text(
        "Agents: Ana Agent, Ben Agent, Chloe Agent")
    page.axe.check()

    page.goto(f"/projects/{project_id}/questionnaire/check")
    page.axe.check()
    page.get_by_role("link", name="Support: choose where calls go after waiting 300 seconds.").click()
    page.axe.check()
    page.get_by_label("Time-out goes to").select_option(label="Support mailbox (590) · Voicemail box")
    page.get_by_label("Call recording").select_option(label="Always")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Support was saved.")).to_be_visible()
    page.get_by_role("link", name="Support", exact=True).click()
    page.get_by_role("button", name="Earlier for Chloe Agent").click()
    expect(page.locator("#order li").first).to_contain_text("Ana Agent")
    expect(page.locator("#order li").nth(1)).to_contain_text("Chloe Agent")
    page.axe.check()
    page.goto(f"/projects/{project_id}/questionnaire/check")
    expect(page.get_by_text("Support:", exact=False)).to_have_count(0)
    page.get_by_role("link", name="Calls are recorded: say how many days recordings are kept.").click()
    expect(page.get_by_role("row", name="Support", exact=False)).to_contain_text("Always")
    page.axe.check()
    page.get_by_label("Keep recordings for (days)").fill("-1")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Use 1 to 3650 days.")
    page.axe.check()
    page.get_by_label("Keep recordings for (days)").fill("90")
    page.get_by_label("What callers hear").fill("This call may be recorded.")
    page.get_by_label("Ana Agent (100)").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The call-recording answers were saved.")).to_be_visible()
    page.axe.check()

    page.goto(f"/projects/{project_id}/questionnaire")
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download as PDF (draft)").click()
    reader = PdfReader(io.BytesIO(open(waiting.value.path(), "rb").read()))
    text = " ".join(" ".join(each.extract_text().split()) for each in reader.pages)
    for title in ("1. Sites and dial plan", "2. Extensions", "3. DID assignments", "4. Key layouts",
                  "5. Calling patterns", "6. Call recording", "7. Call center", "8. Anything else"):
        assert title in text  # every section has its part, built or not
    assert "Call center" in text and "Support (extension 500)" in text
    assert "Agents: Ana Agent, Chloe Agent, Ben Agent" in text and "overflow to Support mailbox" in text
    assert "queues recorded: 0 on demand, 1 always. Recordings kept for 90 days. What callers hear: “This call " \
           "may be recorded.”. Who may listen: Ana Agent." in text
