"""Sections 2 and 3 of the questionnaire in Chromium: a contact fixes an extension from its finding,
is told why a PIN is refused, routes a number and downloads the draft PDF (no PIN in it); an engineer
then reveals the PIN after confirming, and the reveal is audited."""
import io

from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from portal.extensions import db
from portal.models.audit import AuditEvent
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_seat, create_site, create_user


def test_extensions_numbers_pdf_and_an_engineers_reveal(page, new_page, app):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        project.sites.append(create_site(project.organization, name="Main clinic"))
        project.dial_plan.extension_length = 3
        create_seat(project, extension="101", first_name="Ana", last_name="Reyes", email="ana@example.com")
        create_seat(project, extension="1002", first_name="Ben", last_name="Okafor", email="ben@example.com")
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        engineer = create_user(Role.ENGINEER)
        db.session.commit()
        project_id, contact_email, engineer_email = project.id, contact.email, engineer.email
        db.session.remove()
    log_in(page, contact_email, TEST_PASSWORD)
    page.axe.check()
    page.goto(f"/projects/{project_id}/questionnaire/check")
    page.axe.check()
    page.get_by_role("link", name="Ben Okafor: extension 1002 has 4 digits; the dial plan says 3.").click()
    expect(page.get_by_role("heading", name="Ben Okafor")).to_be_visible()
    page.axe.check()
    page.get_by_label("Extension").fill("102")
    page.get_by_label("Voicemail PIN").fill("1111")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("The voicemail PIN repeats one digit")
    expect(page.get_by_label("Voicemail PIN")).to_have_value("")  # a secret is never sent back
    expect(page.get_by_label("Extension")).to_have_value("102")
    page.axe.check()
    page.get_by_label("Voicemail PIN").fill("4826")
    page.get_by_label("Intercom").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Ben Okafor was saved.")).to_be_visible()
    expect(page.get_by_role("row", name="Ben Okafor", exact=False)).to_contain_text("PIN set")
    page.axe.check()
    page.goto(f"/projects/{project_id}/questionnaire/numbers")
    page.axe.check()
    page.get_by_role("link", name="Add a number you have").click()
    page.axe.check()
    page.get_by_label("Number").fill("(415) 555-0150")
    page.get_by_label("Site").select_option(label="Main clinic")
    page.get_by_label("Kind").select_option(label="Main number")
    page.get_by_label("New or ported").select_option(label="Ported")
    page.get_by_label("Rings").select_option(label="Ana Reyes (101)")
    page.get_by_label("Caller-ID name").fill("NORTHWIND")
    page.get_by_role("button", name="Add the number").click()
    expect(page.get_by_role("row", name="(415) 555-0150", exact=False)).to_contain_text("Ana Reyes (101)")
    page.axe.check()
    page.goto(f"/projects/{project_id}/questionnaire")
    page.axe.check()
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download as PDF (draft)").click()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(open(waiting.value.path(), "rb").read())).pages)
    assert "DRAFT" in text and "Ben Okafor" in text and "(415) 555-0150" in text and "4826" not in text

    staff = new_page()
    log_in(staff, engineer_email, TEST_PASSWORD)
    staff.axe.check()
    staff.goto(f"/projects/{project_id}/questionnaire/extensions")
    staff.axe.check()
    staff.get_by_role("link", name="Reveal the PIN of Ben Okafor").click()
    staff.axe.check()
    staff.get_by_role("button", name="Reveal the PIN").click()
    expect(staff.get_by_text("4826")).to_be_visible()
    staff.axe.check()
    with app.app_context():
        assert db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.action == "seat.pin_revealed")).all() == ["seat.pin_revealed"]
        db.session.remove()
