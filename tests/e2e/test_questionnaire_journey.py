"""The questionnaire in Chromium (issue 6, first part): from the task list to section 1, a mistake
explained, the hours of a site, the check page and its link to the field."""
from playwright.sync_api import expect

from portal.extensions import db
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_project, create_site, create_user


def test_a_contact_answers_the_dial_plan_and_checks_the_answers(page, app):
    with app.test_request_context():
        project = create_project(with_kick_off=False)
        project.sites.append(create_site(project.organization, name="Main clinic"))
        contact = create_user(Role.PRIMARY_CONTACT, project.organization)
        db.session.commit()
        email = contact.email
        db.session.remove()
    log_in(page, email, TEST_PASSWORD)
    page.axe.check()
    page.get_by_role("link", name="Fill in the Programming Data Questionnaire", exact=False).click()
    expect(page.get_by_role("heading", name="Programming Data Questionnaire")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="1. Sites and dial plan").click()
    page.axe.check()
    page.get_by_label("Extension length").select_option(label="3 digits")
    page.get_by_label("Operator's extension").fill("1000")
    page.get_by_role("button", name="Save the dial plan").click()
    expect(page.get_by_role("alert")).to_contain_text("Extensions have 3 digits here; 1000 has 4.")
    expect(page.get_by_label("Operator's extension")).to_have_value("1000")
    page.axe.check()
    page.get_by_label("Operator's extension").fill("100")
    page.get_by_role("button", name="Save the dial plan").click()
    expect(page.get_by_text("The dial plan was saved.")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="Back to the questionnaire").click()
    page.axe.check()
    page.get_by_role("link", name="Check your answers").click()
    page.axe.check()
    page.get_by_role("link", name="Enter the business hours of Main clinic.").click()
    expect(page.get_by_role("heading", name="Business hours of Main clinic")).to_be_visible()
    page.axe.check()
    page.get_by_label("Monday to Friday").fill("8:30 to 12:00, 13:00 to 17:30")
    page.get_by_label("Friday", exact=True).fill("08:30-noon")  # a bad range: explained, and what was typed kept
    page.get_by_role("button", name="Save the hours").click()
    expect(page.get_by_role("alert")).to_contain_text("“08:30-noon” is not a time range")
    expect(page.get_by_label("Monday to Friday")).to_have_value("8:30 to 12:00, 13:00 to 17:30")
    page.axe.check()
    page.get_by_label("Friday", exact=True).fill("08:30-12:00")
    page.get_by_label("Saturday").fill("09:00-12:00")
    page.get_by_role("button", name="Save the hours").click()
    expect(page.get_by_role("row", name="Main clinic", exact=False)).to_contain_text(
        "Mon–Thu 08:30-12:00, 13:00-17:30; Fri 08:30-12:00; Sat 09:00-12:00")
    page.axe.check()
    page.get_by_label("Yes, I have completed this section").check()
    page.get_by_role("button", name="Save and go back to the questionnaire").click()
    expect(page.get_by_text("Sites and dial plan: completed.")).to_be_visible()
    expect(page.get_by_text("1 of 8 sections completed.")).to_be_visible()
    page.axe.check()
