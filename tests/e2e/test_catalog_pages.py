"""The phone-model catalog in Chromium with the accessibility check on every page: an administrator
adds a model, edits it, retires it, and deletes it again (no seat uses it)."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete

from portal.extensions import db
from portal.models.telephony import PhoneModel
from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_user

VENDOR, MODEL = "Grandstream", "GRP2614"


@pytest.fixture
def admin(committed, app):
    """An administrator; the catalog is kept between tests, so the journey's model never outlives it."""
    yield committed(create_user, Role.ADMIN)["email"]
    with app.app_context():
        db.session.execute(delete(PhoneModel).where(PhoneModel.vendor == VENDOR, PhoneModel.model == MODEL))
        db.session.commit()
        db.session.remove()


def _row(page):
    return page.get_by_role("row", name=re.compile(MODEL))


def test_an_admin_adds_edits_retires_and_deletes_a_phone_model(page, admin):
    log_in(page, admin, TEST_PASSWORD)
    page.axe.check()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Phone models").click()
    expect(page.get_by_role("heading", name="Phone models")).to_be_visible()
    page.axe.check()

    page.get_by_role("link", name="Add a phone model").click()
    page.axe.check()
    page.get_by_role("button", name="Add phone model").click()
    expect(page.get_by_role("alert").get_by_text("Enter the vendor.")).to_be_visible()
    page.axe.check()
    page.get_by_label("Vendor").fill(VENDOR)
    page.get_by_label("Model", exact=True).fill(MODEL)
    page.get_by_label("Programmable keys").fill("16")
    page.get_by_label("Key label width").fill("12")
    page.get_by_role("button", name="Add phone model").click()
    expect(page.get_by_text(f"{VENDOR} {MODEL} was added to the catalog.")).to_be_visible()
    expect(_row(page)).to_contain_text("Desk phone")
    page.axe.check()

    _row(page).get_by_role("link").click()
    expect(page.get_by_role("heading", name=f"Edit {VENDOR} {MODEL}")).to_be_visible()
    page.axe.check()
    page.get_by_label("Programmable keys").fill("18")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The phone model was saved.")).to_be_visible()
    expect(_row(page).get_by_role("cell", name="18", exact=True)).to_be_visible()
    page.axe.check()

    _row(page).get_by_role("link").click()
    page.axe.check()
    page.get_by_role("button", name=f"Retire {VENDOR} {MODEL}").click()
    expect(page.get_by_text(f"{VENDOR} {MODEL} was retired")).to_be_visible()
    expect(_row(page)).to_contain_text("Retired")
    page.axe.check()

    _row(page).get_by_role("link").click()
    page.axe.check()
    page.get_by_role("link", name=f"Delete {VENDOR} {MODEL}").click()
    page.axe.check()
    page.get_by_role("button", name=f"Yes, delete {VENDOR} {MODEL}").click()
    expect(page.get_by_text(f"{VENDOR} {MODEL} was deleted from the catalog.")).to_be_visible()
    expect(_row(page)).to_have_count(0)
    page.axe.check()
