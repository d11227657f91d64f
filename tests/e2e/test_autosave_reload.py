"""A reload right after typing shows what was typed on its first load (issue 13, item 6): the last
draft may reach the server after the reloaded page, so the page puts the newest values back itself
and keeps them as a draft."""
from playwright.sync_api import expect

from portal.models.users import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.test_account_journeys import log_in
from tests.factories import create_user


def test_a_reload_right_after_typing_keeps_the_typing(page, committed):
    person = committed(create_user, Role.PRIMARY_CONTACT, name="Rita Reload")
    log_in(page, person["email"], TEST_PASSWORD)
    page.axe.check()
    page.goto("/account/profile")
    page.axe.check()
    page.get_by_label("Job title").fill("Head of front desk")
    page.reload()  # before any autosave had its turn
    expect(page.get_by_label("Job title")).to_have_value("Head of front desk")
    expect(page.get_by_role("status").filter(has_text="Saved as draft at")).to_be_visible()
    page.axe.check()
    page.goto("/account/profile")  # a later visit: the draft, restored by the server
    expect(page.get_by_text("We restored your unsaved changes")).to_be_visible()
    expect(page.get_by_label("Job title")).to_have_value("Head of front desk")
    page.axe.check()
