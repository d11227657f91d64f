"""The project journey in Chromium: staff create a project and invite the customer; the customer
sees the task list; the kick-off is scheduled and e-mailed with its .ics; ticked tasks move the
progress; the plan PDF holds the tasks."""
import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from portal.models.users import Role
from tests.conftest import TEST_PASSWORD, extract_link
from tests.e2e.test_account_journeys import log_in, set_password
from tests.factories import create_user


def test_project_from_creation_to_kick_off_progress_and_plan_pdf(page, new_page, committed, outbox):
    ipm = committed(create_user, Role.IPM, name="Priya Planner")
    log_in(page, ipm["email"], TEST_PASSWORD)
    page.axe.check()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Customers").click()
    page.axe.check()
    page.get_by_label("Organization name").fill("Cedar Ridge Veterinary")
    page.get_by_role("button", name="Add organization").click()
    page.axe.check()
    page.get_by_label("Full name").fill("Carla Cedar")
    page.get_by_label("E-mail address").fill("carla@cedar.example")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("We sent an invitation to carla@cedar.example.")).to_be_visible()
    page.axe.check()

    page.get_by_role("link", name="New project").click()
    page.axe.check()
    page.get_by_label("Product").select_option(label="Microsoft Teams Operator Connect")
    page.get_by_label("Implementation project manager").select_option(label="Priya Planner")
    page.get_by_label("Start date").fill("2026-11-23")
    page.get_by_label("Target go-live date").fill("2026-11-24")
    page.get_by_label("Order summary").fill("40 Teams users, 45 numbers ported")
    page.get_by_role("button", name="Create project").click()
    expect(page.get_by_role("alert")).to_contain_text("must come after the kick-off")
    expect(page.get_by_label("Order summary")).to_have_value("40 Teams users, 45 numbers ported")
    page.axe.check()
    page.get_by_label("Target go-live date").fill("2027-02-10")
    page.get_by_role("button", name="Create project").click()
    title = "Microsoft Teams Operator Connect for Cedar Ridge Veterinary"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("0 of 44 tasks done")).to_be_visible()
    page.axe.check()

    customer = new_page()
    set_password(customer, extract_link(outbox.find(subject="invited"), "/invitation/"))
    customer.axe.check()
    log_in(customer, "carla@cedar.example", "seven blue herons at noon")
    expect(customer.get_by_role("heading", name="Your tasks")).to_be_visible()
    expect(customer.get_by_text("Provide complete and accurate information for the service order",
                                exact=True)).to_be_visible()
    expect(customer.get_by_text("Priya Planner")).to_be_visible()
    customer.axe.check()

    page.get_by_role("link", name="Schedule the kick-off call", exact=True).click()
    page.axe.check()
    page.get_by_label("Date").fill("2026-11-25")
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("Time zone").select_option("America/Denver")
    page.get_by_label("Meeting link or dial-in").fill("https://meet.example/cedar-kickoff")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("The kick-off call is set for Wednesday 25 November 2026")).to_be_visible()
    page.axe.check()
    invitation = outbox.find(subject="Kick-off call")
    assert invitation["To"] == "carla@cedar.example"
    assert [part.get_filename() for part in invitation.iter_attachments()] == ["kick-off.ics"]

    customer.reload()
    expect(customer.get_by_text("Wednesday 25 November 2026")).to_be_visible()
    expect(customer.get_by_role("link", name="Add the kick-off call to your calendar (.ics)")).to_be_visible()
    customer.axe.check()

    page.get_by_role("button", name=re.compile("Mark done.*Send the welcome letter")).click()
    expect(page.get_by_text("1 of 44 tasks done")).to_be_visible()
    page.get_by_role("button", name=re.compile("Mark done.*Ask for availability")).click()
    expect(page.get_by_text("2 of 44 tasks done")).to_be_visible()
    page.axe.check()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download plan (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        text = " ".join(" ".join(item.extract_text().split()) for item in PdfReader(io.BytesIO(pdf.read())).pages)
    assert "Submit the port request" in text and "Cedar Ridge Veterinary" in text and "Done" in text
